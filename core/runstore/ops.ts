/**
 * The run store's operations tables: schedule ticks, cron cursors, the
 * daemon's lease, automation decisions and deferred retries. Instants are
 * ISO strings from the Trellis clock (`--now` / TRELLIS_NOW in tests), never
 * read from the system clock here.
 *
 * @example
 * if (store.ops.claimTick('daily', '2026-03-29T00:00:00.000Z', now)) { ... launch ... }
 * store.ops.ticks('daily', 10) // newest first
 */
import os from 'node:os';
import type Database from 'better-sqlite3';
import type { AssetKey } from '../keys.ts';
import { identityOf } from './process.ts';

export type TickOutcome = 'launching' | 'ran' | 'skipped-nothing-stale' | 'skipped-run-in-progress' | 'failed-to-launch' | 'missed';

export interface TickRecord {
  readonly schedule: string;
  readonly scheduledAt: string;
  readonly outcome: TickOutcome;
  readonly runId: number | null;
  readonly reason: string;
  readonly recordedAt: string;
}

export interface LeaseHolder {
  readonly owner: string;
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  readonly heartbeatAt: string;
}

export type LeaseResult = { readonly acquired: true } | { readonly acquired: false; readonly holder: LeaseHolder };

export interface AutomationDecision {
  readonly key: AssetKey;
  readonly evaluatedAt: string;
  readonly launch: boolean;
  /** The condition that decided (`on_missing`, `when_stale`…), or `none`. */
  readonly condition: string;
  readonly reason: string;
  readonly runId: number | null;
}

export interface DeferredRetry {
  readonly runId: number;
  readonly key: AssetKey;
  /** The attempt the retry run will make (2 for the first retry). */
  readonly nextAttempt: number;
  readonly dueAt: string;
  readonly reason: string;
  readonly launchedRunId: number | null;
}

interface TickRow { schedule: string; scheduled_at: string; outcome: TickOutcome; run_id: number | null; reason: string; recorded_at: string }
interface LeaseRow { owner: string; pid: number; process_identity: string | null; host: string; since: string; heartbeat_at: string }
interface RetryRow { run_id: number; asset_key: string; next_attempt: number; due_at: string; reason: string; launched_run_id: number | null }

const toTick = (r: TickRow): TickRecord => ({ schedule: r.schedule, scheduledAt: r.scheduled_at, outcome: r.outcome, runId: r.run_id, reason: r.reason, recordedAt: r.recorded_at });
const toRetry = (r: RetryRow): DeferredRetry => ({ runId: r.run_id, key: r.asset_key, nextAttempt: r.next_attempt, dueAt: r.due_at, reason: r.reason, launchedRunId: r.launched_run_id });

type IsAlive = (pid: number, identity?: string | null) => boolean;

export class OpsStore {
  private readonly sql;
  private readonly leaseTx: (owner: string, pid: number, at: string, isAlive: IsAlive) => LeaseResult;

  constructor(db: Database.Database) {
    const p = db.prepare.bind(db);
    this.sql = {
      claimTick: p(`INSERT INTO ticks (schedule, scheduled_at, outcome, reason, recorded_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (schedule, scheduled_at) DO NOTHING`),
      updateTick: p('UPDATE ticks SET outcome = ?, run_id = coalesce(?, run_id), reason = ? WHERE schedule = ? AND scheduled_at = ?'),
      ticks: p('SELECT * FROM ticks WHERE (? IS NULL OR schedule = ?) ORDER BY scheduled_at DESC, id DESC LIMIT ?'),
      launching: p("SELECT * FROM ticks WHERE outcome = 'launching' ORDER BY scheduled_at"),
      getCursor: p('SELECT evaluated_until FROM cron_cursors WHERE name = ?').pluck(),
      setCursor: p(`INSERT INTO cron_cursors (name, evaluated_until) VALUES (?, ?)
        ON CONFLICT (name) DO UPDATE SET evaluated_until = excluded.evaluated_until`),
      getLease: p('SELECT * FROM daemon_lease WHERE id = 1'),
      takeLease: p(`INSERT OR REPLACE INTO daemon_lease (id, owner, pid, process_identity, host, since, heartbeat_at)
        VALUES (1, ?, ?, ?, ?, ?, ?)`),
      renewLease: p('UPDATE daemon_lease SET heartbeat_at = ? WHERE owner = ?'),
      releaseLease: p('DELETE FROM daemon_lease WHERE owner = ?'),
      putDecision: p(`INSERT INTO automation_decisions (asset_key, evaluated_at, launch, condition, reason, run_id) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (asset_key) DO UPDATE SET evaluated_at = excluded.evaluated_at, launch = excluded.launch,
          condition = excluded.condition, reason = excluded.reason, run_id = excluded.run_id`),
      decisions: p('SELECT * FROM automation_decisions ORDER BY asset_key'),
      deferRetry: p(`INSERT INTO deferred_retries (run_id, asset_key, next_attempt, due_at, reason) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (run_id, asset_key) DO NOTHING`),
      dueRetries: p('SELECT * FROM deferred_retries WHERE launched_run_id IS NULL AND due_at <= ? ORDER BY due_at, run_id, asset_key'),
      pendingRetries: p('SELECT * FROM deferred_retries WHERE launched_run_id IS NULL ORDER BY due_at, run_id, asset_key'),
      retryLaunched: p('UPDATE deferred_retries SET launched_run_id = ? WHERE run_id = ? AND asset_key = ?'),
      retryOfRun: p('SELECT * FROM deferred_retries WHERE run_id = ? ORDER BY asset_key'),
    };
    const lease = db.transaction((owner: string, pid: number, at: string, isAlive: IsAlive) => this.takeLease(owner, pid, at, isAlive));
    this.leaseTx = (owner, pid, at, isAlive) => lease.immediate(owner, pid, at, isAlive);
  }

  // Ticks

  /** Records a tick unless (schedule, instant) already has one; true when this call recorded it. */
  claimTick(schedule: string, scheduledAt: string, at: string, outcome: TickOutcome = 'launching', reason = ''): boolean {
    return this.sql.claimTick.run(schedule, scheduledAt, outcome, reason, at).changes === 1;
  }

  settleTick(schedule: string, scheduledAt: string, outcome: TickOutcome, reason: string, runId: number | null = null): void {
    this.sql.updateTick.run(outcome, runId, reason, schedule, scheduledAt);
  }

  /** Newest first; every schedule's when `schedule` is undefined. */
  ticks(schedule: string | undefined, limit = 20): TickRecord[] {
    return (this.sql.ticks.all(schedule ?? null, schedule ?? null, limit) as TickRow[]).map(toTick);
  }

  /** Ticks claimed by a daemon that stopped before settling them. */
  launchingTicks(): TickRecord[] {
    return (this.sql.launching.all() as TickRow[]).map(toTick);
  }

  // Cron cursors

  cursor(name: string): string | undefined {
    return (this.sql.getCursor.get(name) as string | undefined) ?? undefined;
  }

  setCursor(name: string, evaluatedUntil: string): void {
    this.sql.setCursor.run(name, evaluatedUntil);
  }

  // The daemon's lease

  /** Takes the lease unless another live daemon holds it; a dead holder's lease is taken over. */
  acquireLease(owner: string, pid: number, at: string, isAlive: IsAlive): LeaseResult {
    return this.leaseTx(owner, pid, at, isAlive);
  }

  renewLease(owner: string, at: string): boolean {
    return this.sql.renewLease.run(at, owner).changes === 1;
  }

  releaseLease(owner: string): void {
    this.sql.releaseLease.run(owner);
  }

  lease(): LeaseHolder | undefined {
    const row = this.sql.getLease.get() as LeaseRow | undefined;
    return row && { owner: row.owner, pid: row.pid, host: row.host, since: row.since, heartbeatAt: row.heartbeat_at };
  }

  private takeLease(owner: string, pid: number, at: string, isAlive: IsAlive): LeaseResult {
    const row = this.sql.getLease.get() as LeaseRow | undefined;
    if (row && row.owner !== owner && isAlive(row.pid, row.process_identity)) {
      return { acquired: false, holder: { owner: row.owner, pid: row.pid, host: row.host, since: row.since, heartbeatAt: row.heartbeat_at } };
    }
    if (row?.owner !== owner) this.sql.takeLease.run(owner, pid, identityOf(pid), os.hostname(), at, at);
    return { acquired: true };
  }

  // Automation decisions

  recordDecisions(decisions: readonly AutomationDecision[]): void {
    for (const d of decisions) this.sql.putDecision.run(d.key, d.evaluatedAt, d.launch ? 1 : 0, d.condition, d.reason, d.runId);
  }

  /** The latest decision per asset. */
  decisions(): Map<AssetKey, AutomationDecision> {
    const rows = this.sql.decisions.all() as Array<{ asset_key: string; evaluated_at: string; launch: number; condition: string; reason: string; run_id: number | null }>;
    return new Map(rows.map((r) => [r.asset_key, { key: r.asset_key, evaluatedAt: r.evaluated_at, launch: r.launch === 1, condition: r.condition, reason: r.reason, runId: r.run_id }]));
  }

  // Deferred retries

  deferRetry(r: Omit<DeferredRetry, 'launchedRunId'>): void {
    this.sql.deferRetry.run(r.runId, r.key, r.nextAttempt, r.dueAt, r.reason);
  }

  /** Retries not launched yet; only those due by `at` when given. */
  pendingRetries(at?: string): DeferredRetry[] {
    return ((at === undefined ? this.sql.pendingRetries.all() : this.sql.dueRetries.all(at)) as RetryRow[]).map(toRetry);
  }

  markRetryLaunched(retry: Pick<DeferredRetry, 'runId' | 'key'>, launchedRunId: number): void {
    this.sql.retryLaunched.run(launchedRunId, retry.runId, retry.key);
  }

  retriesOf(runId: number): DeferredRetry[] {
    return (this.sql.retryOfRun.all(runId) as RetryRow[]).map(toRetry);
  }
}
