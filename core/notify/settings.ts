/**
 * Where and when to notify, from the environment only (credentials never sit
 * in code or in the run store):
 *
 * - `TRELLIS_NOTIFY_WEBHOOK_URL`: POST a Slack-compatible JSON message here;
 * - `TRELLIS_SMTP_URL` (e.g. `smtp://user:pass@mail.example.com:587`) with
 *   `TRELLIS_NOTIFY_TO` (comma-separated) and `TRELLIS_NOTIFY_FROM`: e-mail;
 * - `TRELLIS_NOTIFY_ON`: `failure` (default), `success`, `freshness`, comma-separated;
 * - `TRELLIS_UI_URL`: where the message's link points (default http://127.0.0.1:3000/);
 * - `TRELLIS_NOTIFY_TIMEOUT_MS` (default 5000), `TRELLIS_NOTIFY_MAX_ATTEMPTS` (default 5).
 *
 * @example
 * const s = notifySettings({ TRELLIS_NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9000/hook' });
 * s.channels      // ['webhook']
 * s.on.has('failure') // true
 */
import { UsageError } from '../errors.ts';
import type { NotificationChannel } from '../runstore/index.ts';

export type NotifyOn = 'failure' | 'success' | 'freshness';
const NOTIFY_ON: readonly NotifyOn[] = ['failure', 'success', 'freshness'];

export interface NotifySettings {
  readonly channels: readonly NotificationChannel[];
  readonly webhookUrl: string | undefined;
  readonly smtpUrl: string | undefined;
  readonly to: readonly string[];
  readonly from: string;
  readonly on: ReadonlySet<NotifyOn>;
  readonly uiUrl: string;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: readonly string[]): string | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new UsageError(`${name} is not a URL`, { fix: `set ${name} to e.g. ${protocols[0]}//host:port/…, or unset it` });
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new UsageError(`${name} must use ${protocols.join(' or ')}, got ${parsed.protocol}`, { fix: `set ${name} to e.g. ${protocols[0]}//host:port/…` });
  }
  return text;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer, got '${text}'`, { fix: `unset ${name} for the default, ${fallback}` });
  return n;
}

/** Reads and checks the notification settings; a bad value is a UsageError naming the variable. */
export function notifySettings(env: NodeJS.ProcessEnv = process.env): NotifySettings {
  const webhookUrl = url(env, 'TRELLIS_NOTIFY_WEBHOOK_URL', ['https:', 'http:']);
  const smtpUrl = url(env, 'TRELLIS_SMTP_URL', ['smtp:', 'smtps:']);
  const to = (env.TRELLIS_NOTIFY_TO ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (smtpUrl && !to.length) throw new UsageError('TRELLIS_SMTP_URL is set but TRELLIS_NOTIFY_TO is not', { fix: 'set TRELLIS_NOTIFY_TO to the addresses to notify, comma-separated' });
  const on = new Set<NotifyOn>();
  for (const word of (env.TRELLIS_NOTIFY_ON ?? 'failure').split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(NOTIFY_ON as readonly string[]).includes(word)) {
      throw new UsageError(`TRELLIS_NOTIFY_ON names '${word}'`, { fix: `use ${NOTIFY_ON.join(', ')} (comma-separated)` });
    }
    on.add(word as NotifyOn);
  }
  const channels: NotificationChannel[] = [];
  if (webhookUrl) channels.push('webhook');
  if (smtpUrl) channels.push('email');
  const uiUrl = url(env, 'TRELLIS_UI_URL', ['http:', 'https:']) ?? 'http://127.0.0.1:3000/';
  return {
    channels, webhookUrl, smtpUrl, to, from: env.TRELLIS_NOTIFY_FROM?.trim() || 'trellis@localhost', on,
    uiUrl: uiUrl.endsWith('/') ? uiUrl : `${uiUrl}/`,
    timeoutMs: positive(env, 'TRELLIS_NOTIFY_TIMEOUT_MS', 5000),
    maxAttempts: positive(env, 'TRELLIS_NOTIFY_MAX_ATTEMPTS', 5),
  };
}
