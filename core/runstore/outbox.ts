/**
 * The notification outbox in the run store: a notification is written in the
 * same transaction as the run's end (so a crash cannot end a run without its
 * notice, nor send a notice for a run that did not end), then delivered by
 * whoever comes next (the run itself, the daemon's tick) with retries.
 * Payloads name no destination: the webhook URL and SMTP credentials are
 * read from the environment at delivery.
 *
 * @example
 * store.outbox.enqueue({ runId: 7, channel: 'webhook', event: 'run_failed', payload: { text: 'run 7 failed' } });
 * for (const n of store.outbox.due(new Date())) store.outbox.sent(n.id);
 */
import type Database from 'better-sqlite3';

export type NotificationChannel = 'webhook' | 'email';
export type NotificationStatus = 'pending' | 'sent' | 'failed';

export interface NewNotification {
  readonly runId: number | null;
  readonly channel: NotificationChannel;
  /** `run_failed`, `run_succeeded`, `freshness_overdue`, … */
  readonly event: string;
  readonly payload: unknown;
}

export interface NotificationRecord {
  readonly id: number;
  readonly runId: number | null;
  readonly channel: NotificationChannel;
  readonly event: string;
  readonly payload: unknown;
  readonly status: NotificationStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
}

interface NotificationRow {
  id: number; run_id: number | null; channel: NotificationChannel; event: string; payload: string; status: NotificationStatus;
  attempts: number; next_attempt_at: string; last_error: string | null; created_at: string; sent_at: string | null;
}

const toRecord = (r: NotificationRow): NotificationRecord => ({
  id: r.id, runId: r.run_id, channel: r.channel, event: r.event, payload: JSON.parse(r.payload), status: r.status,
  attempts: r.attempts, nextAttemptAt: r.next_attempt_at, lastError: r.last_error, createdAt: r.created_at, sentAt: r.sent_at,
});

export class Outbox {
  private readonly sql;

  constructor(db: Database.Database) {
    this.sql = {
      insert: db.prepare(`INSERT INTO notifications (run_id, channel, event, payload, next_attempt_at, created_at)
        VALUES (@runId, @channel, @event, @payload, @now, @now)`),
      due: db.prepare<[string, number], NotificationRow>(`SELECT * FROM notifications
        WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?`),
      sent: db.prepare(`UPDATE notifications SET status = 'sent', attempts = attempts + 1, sent_at = @now, last_error = NULL
        WHERE id = @id AND status = 'pending'`),
      failed: db.prepare(`UPDATE notifications SET status = @status, attempts = attempts + 1, last_error = @error,
        next_attempt_at = @next WHERE id = @id AND status = 'pending'`),
      hasEvent: db.prepare<[string], number>('SELECT 1 FROM notifications WHERE event = ? LIMIT 1').pluck(),
      all: db.prepare<[{ runId: number | null; limit: number }], NotificationRow>(`SELECT * FROM notifications
        WHERE (@runId IS NULL OR run_id = @runId) ORDER BY id LIMIT @limit`),
    };
  }

  /** Adds a pending notification, due now; returns its id. */
  enqueue(n: NewNotification, now: Date = new Date()): number {
    const { lastInsertRowid } = this.sql.insert.run({ runId: n.runId, channel: n.channel, event: n.event,
      payload: JSON.stringify(n.payload), now: now.toISOString() });
    return Number(lastInsertRowid);
  }

  /** Whether a notification for `event` was ever enqueued (any channel, any status). */
  hasEvent(event: string): boolean {
    return this.sql.hasEvent.get(event) !== undefined;
  }

  /** Pending notifications whose next attempt is due at `now`, oldest first. */
  due(now: Date = new Date(), limit = 100): NotificationRecord[] {
    return this.sql.due.all(now.toISOString(), limit).map(toRecord);
  }

  /** Records a delivery; false when another deliverer already settled it. */
  sent(id: number, now: Date = new Date()): boolean {
    return this.sql.sent.run({ id, now: now.toISOString() }).changes > 0;
  }

  /** Records a failed attempt: tried again at `next`, or given up (`failed`) when `next` is null. */
  attemptFailed(id: number, error: string, next: Date | null): void {
    this.sql.failed.run({ id, error, status: next ? 'pending' : 'failed', next: (next ?? new Date()).toISOString() });
  }

  /** Every notification (of one run), oldest first. */
  list(runId: number | null = null, limit: number | null = null): NotificationRecord[] {
    return this.sql.all.all({ runId, limit: limit ?? -1 }).map(toRecord);
  }
}
