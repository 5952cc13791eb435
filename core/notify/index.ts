/**
 * Notifications: run outcomes (and the daemon's overdue freshness) sent to a
 * webhook and/or by e-mail, through the run store's outbox.
 *
 * @example
 * import { deliverOutbox } from './notify/index.ts';
 * await deliverOutbox(store, { env: process.env });
 */
export { notifySettings, type NotifySettings, type NotifyOn } from './settings.ts';
export { runMessage, overdueMessage, webhookBody, emailContent, type NotifyMessage, type OverdueAsset, type RunOutcome, type FailedAsset } from './message.ts';
export { enqueueRunNotifications, enqueueOverdueNotifications, enqueueMessage } from './enqueue.ts';
export { deliverOutbox, type DeliverOptions, type DeliveryReport } from './deliver.ts';
