/**
 * A notification's message, channel-neutral: what is stored in the outbox.
 * Each channel renders it at delivery (Slack-compatible JSON for webhooks,
 * a plain-text e-mail).
 *
 * @example
 * const m = runMessage({ runId: 7, status: 'failed', selection: '*', durationMs: 1200,
 *   failed: [{ key: 'marts.orders', error: 'division by zero' }] }, 'http://127.0.0.1:3000/');
 * m.title // 'Trellis run 7 failed: 1 asset failed'
 */
import type { AssetKey } from '../keys.ts';
import type { RunStatus } from '../runstore/index.ts';

export interface FailedAsset {
  readonly key: AssetKey;
  readonly error: string;
}

export interface NotifyMessage {
  readonly event: string;
  readonly runId: number | null;
  readonly status: RunStatus | null;
  readonly title: string;
  readonly text: string;
  readonly failed: readonly FailedAsset[];
  readonly url: string;
}

/** An asset the daemon found overdue, with the materialization it was judged on. */
export interface OverdueAsset {
  readonly key: AssetKey;
  readonly message: string;
  readonly lastMaterializedAt: string | null;
}

export interface RunOutcome {
  readonly runId: number;
  readonly status: RunStatus;
  readonly selection: string;
  readonly durationMs: number;
  readonly failed: readonly FailedAsset[];
}

const ERROR_CHARS = 500;
const SHOWN_FAILURES = 10;

const clip = (text: string) => (text.length > ERROR_CHARS ? `${text.slice(0, ERROR_CHARS)}…` : text);

/** The message for a finished run. */
export function runMessage(run: RunOutcome, uiUrl: string): NotifyMessage {
  const failed = run.failed.map((f) => ({ key: f.key, error: clip(f.error) }));
  const count = failed.length;
  const title = `Trellis run ${run.runId} ${run.status}${count ? `: ${count} asset${count === 1 ? '' : 's'} failed` : ''}`;
  const lines = [`selection: ${run.selection}`, `duration: ${(run.durationMs / 1000).toFixed(1)} s`];
  for (const f of failed.slice(0, SHOWN_FAILURES)) lines.push(`✗ ${f.key}: ${f.error}`);
  if (count > SHOWN_FAILURES) lines.push(`… and ${count - SHOWN_FAILURES} more`);
  return { event: run.status === 'success' ? 'run_succeeded' : 'run_failed', runId: run.runId, status: run.status,
    title, text: lines.join('\n'), failed, url: `${uiUrl}runs/${run.runId}` };
}

/**
 * The message for an asset found overdue. Its event names the asset and the
 * materialization it is judged on, so that it is told once per lapse, not at
 * every tick of the daemon.
 */
export function overdueMessage({ key, message: detail, lastMaterializedAt }: OverdueAsset, uiUrl: string): NotifyMessage {
  return { event: `freshness_overdue ${key} ${lastMaterializedAt ?? 'never'}`, runId: null, status: null,
    title: `Trellis: ${key} is overdue`, text: detail, failed: [], url: `${uiUrl}assets/${encodeURIComponent(key)}` };
}

/** The JSON a webhook receives: Slack's `text` and `blocks`, with the facts under `trellis` for other receivers. */
export function webhookBody(m: NotifyMessage): Record<string, unknown> {
  return {
    text: `${m.title} (${m.url})`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: m.title } },
      { type: 'section', text: { type: 'mrkdwn', text: m.text } },
      { type: 'section', text: { type: 'mrkdwn', text: `<${m.url}|Open in Trellis>` } },
    ],
    trellis: { event: m.event, runId: m.runId, status: m.status, failed: m.failed, url: m.url },
  };
}

/** The e-mail's subject and plain-text body. */
export function emailContent(m: NotifyMessage): { subject: string; text: string } {
  return { subject: m.title, text: `${m.text}\n\n${m.url}\n` };
}
