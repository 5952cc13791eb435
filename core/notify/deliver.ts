/**
 * Delivers the outbox's due notifications. A failed attempt is logged and
 * tried again later with exponential backoff (30 s, 1 min, 2 min, … up to an
 * hour) until the settings' maximum of attempts, then marked `failed`. It
 * never throws for a delivery: a notification must never fail a run or stop
 * the daemon. The run calls it once at its end; the daemon at every tick.
 *
 * @example
 * const report = await deliverOutbox(store, { env: process.env, log: (m) => console.error(m) });
 * report // { sent: 1, retried: 0, failed: 0 }
 */
import { describeError } from '../errors.ts';
import type { NotificationRecord, RunStore } from '../runstore/index.ts';
import { sendEmail } from './email.ts';
import type { NotifyMessage } from './message.ts';
import { notifySettings, type NotifySettings } from './settings.ts';
import { postWebhook } from './webhook.ts';

export interface DeliverOptions {
  /** Where the webhook URL and SMTP settings are read (default: process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Already read settings (then `env` is not read). */
  readonly settings?: NotifySettings;
  readonly now?: () => Date;
  /** A failed or given-up delivery, as one line. */
  readonly log?: (message: string) => void;
  /** First retry delay; doubled per attempt (default 30,000 ms). */
  readonly backoffMs?: number;
}

export interface DeliveryReport {
  readonly sent: number;
  /** Failed this time, to be tried again. */
  readonly retried: number;
  /** Given up for good. */
  readonly failed: number;
}

const MAX_BACKOFF_MS = 3_600_000;

async function send(n: NotificationRecord, settings: NotifySettings): Promise<void> {
  const message = n.payload as NotifyMessage;
  if (n.channel === 'webhook') {
    if (!settings.webhookUrl) throw new Error('TRELLIS_NOTIFY_WEBHOOK_URL is no longer set');
    await postWebhook(settings.webhookUrl, message, settings.timeoutMs);
  } else {
    if (!settings.smtpUrl) throw new Error('TRELLIS_SMTP_URL is no longer set');
    await sendEmail({ smtpUrl: settings.smtpUrl, from: settings.from, to: settings.to, timeoutMs: settings.timeoutMs }, message);
  }
}

export async function deliverOutbox(store: RunStore, options: DeliverOptions = {}): Promise<DeliveryReport> {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => {});
  let settings: NotifySettings;
  try {
    settings = options.settings ?? notifySettings(options.env ?? process.env);
  } catch (error) {
    log(`notifications not sent: ${describeError(error)}`);
    return { sent: 0, retried: 0, failed: 0 };
  }
  const backoff = options.backoffMs ?? 30_000;
  let sent = 0, retried = 0, failed = 0;
  for (const n of store.outbox.due(now())) {
    try {
      await send(n, settings);
      store.outbox.sent(n.id, now());
      sent++;
    } catch (error) {
      const attempts = n.attempts + 1;
      const reason = describeError(error);
      if (attempts >= settings.maxAttempts) {
        store.outbox.attemptFailed(n.id, reason, null);
        failed++;
        log(`notification ${n.id} (${n.channel}, ${n.event}${n.runId === null ? '' : ` of run ${n.runId}`}) given up after ${attempts} attempts: ${reason}`);
      } else {
        const delay = Math.min(MAX_BACKOFF_MS, backoff * 2 ** (attempts - 1));
        store.outbox.attemptFailed(n.id, reason, new Date(now().getTime() + delay));
        retried++;
        log(`notification ${n.id} (${n.channel}, ${n.event}${n.runId === null ? '' : ` of run ${n.runId}`}) not delivered, attempt ${attempts} of ${settings.maxAttempts}, next in ${Math.round(delay / 1000)} s: ${reason}`);
      }
    }
  }
  return { sent, retried, failed };
}
