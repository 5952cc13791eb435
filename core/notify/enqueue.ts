/**
 * Puts a finished run's notifications in the outbox, one per configured
 * channel, when the settings ask for that outcome. Call it inside the
 * transaction that records the run's end.
 *
 * @example
 * store.transaction(() => {
 *   store.finishRun(runId, 'failed', summary);
 *   enqueueRunNotifications(store, { runId, status: 'failed', selection: '*', durationMs, failed }, notifySettings(env));
 * });
 */
import type { RunStore } from '../runstore/index.ts';
import { overdueMessage, runMessage, type NotifyMessage, type OverdueAsset, type RunOutcome } from './message.ts';
import type { NotifySettings } from './settings.ts';

/** Whether a run that ended with `status` is to be told, under `settings`. */
function wanted(status: RunOutcome['status'], settings: NotifySettings): boolean {
  if (status === 'success') return settings.on.has('success');
  if (status === 'canceled') return false; // someone stopped it on purpose and already knows
  return settings.on.has('failure');
}

/** Enqueues the run's notifications; returns how many. */
export function enqueueRunNotifications(store: RunStore, run: RunOutcome, settings: NotifySettings): number {
  if (!settings.channels.length || !wanted(run.status, settings)) return 0;
  return enqueueMessage(store, runMessage(run, settings.uiUrl), settings);
}

/** Enqueues any message (e.g. the daemon's overdue freshness) on every configured channel. */
export function enqueueMessage(store: RunStore, message: NotifyMessage, settings: NotifySettings, now?: Date): number {
  for (const channel of settings.channels) store.outbox.enqueue({ runId: message.runId, channel, event: message.event, payload: message }, now);
  return settings.channels.length;
}

/**
 * Enqueues a notice for each overdue asset not told yet since its last
 * materialization, when the settings ask for `freshness`; returns how many.
 */
export function enqueueOverdueNotifications(store: RunStore,
  overdue: readonly OverdueAsset[], settings: NotifySettings, now?: Date): number {
  if (!settings.channels.length || !settings.on.has('freshness')) return 0;
  let count = 0;
  for (const o of overdue) {
    const message = overdueMessage(o, settings.uiUrl);
    if (!store.outbox.hasEvent(message.event)) count += enqueueMessage(store, message, settings, now);
  }
  return count;
}
