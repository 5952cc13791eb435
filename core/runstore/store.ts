/**
 * The run store: every run, step (the planner's decision and its outcome),
 * materialization (provenance), check result and event, in one SQLite file.
 * All calls are synchronous. Several processes may open one store: WAL lets
 * readers proceed while one writer writes, and writers wait up to 5 s for
 * each other. Only the holder of the warehouse lock should materialize.
 *
 * @example
 * const store = RunStore.open('.trellis/runs.db');
 * const lock = store.acquireLock({ pid: process.pid, command: 'trellis materialize' });
 * if (!lock.acquired) throw new LockError(`held by pid ${lock.holder.pid}`);
 * const runId = store.createRun({ selection: '*', trigger: 'cli', pid: process.pid,
 *   logicalDate: '2024-06-01', plannedKeys: ['raw.Clients'] });
 * store.recordDecision(runId, 'raw.Clients', 'run', 'missing');
 * store.startStep(runId, 'raw.Clients', 1);
 * store.finishStep(runId, 'raw.Clients', { status: 'success', rows: 120 });
 * store.finishRun(runId, 'success', { ran: 1, skipped: 0, failed: 0, checksFailed: 0, checksWarned: 0 });
 * store.releaseLock(process.pid);
 */
import fs from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, migrate } from './migrations.ts';
import { BUSY_TIMEOUT_MS, RunStoreError, storeFailure } from './errors.ts';
import { guardDatabase } from './guard.ts';
import { identityOf, isProcessAlive } from './process.ts';
import { faultPoint } from '../faults.ts';
import { OpsStore } from './ops.ts';
import { AssetStates } from './asset-states.ts';
import { InputIds, formatInputIds } from './input-ids.ts';
import { Outbox } from './outbox.ts';
import { prepareStatements, type Statements } from './statements.ts';
import {
  recordedInputs, toAssetStateRow, toAttempt, toCheckResult, toEvent, toJson, toMaterialization, toRun, toStep,
} from './rows.ts';
import type {
  AttemptRecord, CheckResultQuery, CheckResultRecord, EventRecord, LockHolder, LockResult,
  MaterializationRecord, NewCheckResult, NewEvent, NewMaterialization, NewRun, RunQuery, RunRecord,
  RunStatus, RunSummary, SourceObservation, StepDecision, StepFinish, StepRecord,
} from './types.ts';
import type { AssetKey } from '../keys.ts';

const now = () => new Date().toISOString();

/** Whether the process `pid` (with the identity it recorded, when known) still runs. */
type IsAlive = (pid: number, identity?: string | null) => boolean;

export class RunStore {
  private readonly sql: Statements;
  /** Schedules' ticks, the daemon's lease, automation decisions and deferred retries. */
  readonly ops: OpsStore;
  private readonly markInterruptedTx: (isAlive: IsAlive) => number[];
  private readonly acquireLockTx: (holder: LockHolder, isAlive: IsAlive) => LockResult;
  private readonly recordLatest: (write: () => void) => void;
  /** Notifications waiting to be delivered (see outbox.ts). */
  readonly outbox: Outbox;

  private constructor(private readonly db: Database.Database, readonly path: string) {
    this.sql = prepareStatements(db);
    this.ops = new OpsStore(db);
    this.outbox = new Outbox(db);
    const markInterrupted = db.transaction((isAlive: IsAlive) => this.markInterrupted(isAlive));
    this.markInterruptedTx = (isAlive) => markInterrupted.immediate(isAlive);
    const acquire = db.transaction((holder: LockHolder, isAlive: IsAlive) => this.acquire(holder, isAlive));
    this.acquireLockTx = (holder, isAlive) => acquire.immediate(holder, isAlive);
    const together = db.transaction((write: () => void) => write());
    this.recordLatest = (write) => together(write);
  }

  /** Opens (creating it and its directory if needed) and upgrades the store at `path`; `:memory:` works. */
  static open(path: string): RunStore {
    if (path !== ':memory:' && path !== '') fs.mkdirSync(dirname(path), { recursive: true });
    let db: Database.Database;
    try {
      db = guardDatabase(new Database(path), path);
    } catch (e) {
      throw storeFailure(e, path);
    }
    try {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`); // first, so the pragmas below wait for other writers too
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, MIGRATIONS, path);
      return new RunStore(db, path);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  close(): void {
    if (!this.db.open) return;
    this.db.pragma('optimize');
    this.db.close();
  }

  /**
   * Changes whenever the store does, by any process: SQLite's data_version (other connections' commits)
   * and this connection's total changes. Equal stamps mean equal contents.
   */
  changeStamp(): string {
    return `${this.sql.dataVersion.get()}:${this.sql.totalChanges.get()}`;
  }

  /** Runs `fn` in one IMMEDIATE transaction: many writes for the price of one commit. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  // Runs

  /** Starts a run (status `running`) and returns its id. */
  createRun(r: NewRun): number {
    const { lastInsertRowid } = this.sql.insertRun.run({
      selection: r.selection, trigger: r.trigger, pid: r.pid, logicalDate: r.logicalDate,
      plannedKeys: JSON.stringify(r.plannedKeys), now: now(), identity: identityOf(r.pid), retryOf: r.retryOf ?? null,
    });
    return Number(lastInsertRowid);
  }

  finishRun(id: number, status: RunStatus, summary: RunSummary): void {
    if (status === 'running') throw new RunStoreError(`finishRun(${id}, 'running'): a run cannot finish as running`);
    faultPoint('runstore.before-finish');
    const { changes } = this.sql.finishRun.run({ id, status, summary: toJson(summary), now: now() });
    if (changes === 0) throw new RunStoreError(`run ${id} does not exist`);
  }

  /**
   * Marks `interrupted` every run still `running` whose process is gone (its
   * running steps too; its pending steps become `canceled`). Returns their ids.
   */
  markInterruptedRuns(isAlive: IsAlive = isProcessAlive): number[] {
    return this.markInterruptedTx(isAlive);
  }

  getRun(id: number): RunRecord | undefined {
    const row = this.sql.getRun.get(id);
    return row && toRun(row);
  }

  /** Newest first; with no limit, all of them. */
  listRuns(q: RunQuery = {}): RunRecord[] {
    const page = { limit: q.limit ?? -1, offset: q.offset ?? 0 };
    if (q.asset === undefined) {
      return (q.status === undefined ? this.sql.listAllRuns.all(page) : this.sql.listRunsByStatus.all({ ...page, status: q.status })).map(toRun);
    }
    return this.sql.listRuns.all({ status: q.status ?? null, asset: q.asset, ...page }).map(toRun);
  }

  // Steps

  /** Records (or revises, while the step has not started) the planner's decision for one asset. */
  recordDecision(runId: number, key: AssetKey, decision: StepDecision, reason: string): void {
    this.foreignKey(runId, () => this.sql.upsertDecision.run({
      runId, key, decision, reason, status: decision === 'run' ? 'pending' : 'skipped',
    }));
  }

  startStep(runId: number, key: AssetKey, attempt: number): void {
    this.expectStep(runId, key, this.sql.startStep.run({ runId, key, attempt, now: now() }).changes);
  }

  finishStep(runId: number, key: AssetKey, f: StepFinish): void {
    const { changes } = this.sql.finishStep.run({
      runId, key, status: f.status, reason: f.reason ?? null, error: f.error ?? null,
      rows: f.rows ?? null, attempts: f.attempts ?? null, now: now(),
    });
    this.expectStep(runId, key, changes);
  }

  /** The run's steps in the order the decisions were made. */
  steps(runId: number): StepRecord[] {
    return this.sql.steps.all(runId).map(toStep);
  }

  /** Per asset, the newest step that finished as success or failed. */
  latestAttempts(): Map<AssetKey, AttemptRecord> {
    return new Map(this.sql.latestAttempts.all().map((r) => [r[0], toAttempt(r)]));
  }

  /**
   * The newest failed attempt per asset. Cheaper than latestAttempts on big
   * graphs; a failure counts when it is newer than the asset's last materialization.
   */
  latestFailures(): Map<AssetKey, AttemptRecord> {
    return new Map(this.sql.latestFailures.all().map((r) => [r[0], toAttempt(r)]));
  }

  // Materializations

  recordMaterialization(m: NewMaterialization): void {
    this.foreignKey(m.runId, () => this.recordLatest(() => {
      const { lastInsertRowid } = this.sql.insertMaterialization.run({
        runId: m.runId, key: m.key, codeVersion: m.codeVersion, dataVersion: m.dataVersion,
        inputVersions: toJson(m.inputVersions), deps: toJson(m.deps), rows: m.rows,
        durationMs: Math.round(m.durationMs), metadata: toJson(m.metadata), now: now(),
      });
      const { deps, inputs } = recordedInputs(m.deps, m.inputVersions);
      const ids = formatInputIds(Number(lastInsertRowid), deps, inputs, (key) => this.sql.currentState.get(key));
      this.sql.pointLatest.run({ key: m.key, id: lastInsertRowid, runId: m.runId, code: m.codeVersion, data: m.dataVersion,
        deps: deps.join('\n'), inputs: inputs.join('\n'), ids });
    }));
  }

  /** What staleness needs of every asset's newest materialization, packed (no JSON, no object per asset). */
  latestStates(): AssetStates {
    const [count, text, ids] = this.sql.packedAssetStates.get()!;
    // A field holding the separator (no key or version Trellis writes does) is read row by row instead.
    return AssetStates.parse(count, text, InputIds.parse(count, ids))
      ?? AssetStates.fromRows(this.sql.assetStates.all().map(toAssetStateRow));
  }

  /** The newest materialization of every asset ever materialized. */
  latestMaterializations(): Map<AssetKey, MaterializationRecord> {
    return new Map(this.sql.latestMaterializations.all().map((r) => [r[2], toMaterialization(r)]));
  }

  /** Newest first. */
  materializationHistory(key: AssetKey, limit = -1): MaterializationRecord[] {
    return this.sql.materializationHistory.all(key, limit).map(toMaterialization);
  }

  // Checks

  recordCheckResult(c: NewCheckResult): void {
    this.foreignKey(c.runId, () => this.sql.insertCheckResult.run({
      runId: c.runId, key: c.key, check: c.check, severity: c.severity, passed: c.passed ? 1 : 0,
      failingCount: c.failingCount, message: c.message, sample: toJson(c.sample),
      metadata: toJson(c.metadata), now: now(),
    }));
  }

  /** Oldest first, filtered by run and/or asset. */
  checkResults(q: CheckResultQuery = {}): CheckResultRecord[] {
    const rows = q.runId !== undefined ? this.sql.checkResultsOfRun.all({ runId: q.runId, key: q.key ?? null })
      : q.key !== undefined ? this.sql.checkResultsOfAsset.all(q.key)
      : this.sql.allCheckResults.all();
    return rows.map(toCheckResult);
  }

  /** The newest result of each check of one asset, by check name. */
  latestCheckResults(key: AssetKey): CheckResultRecord[] {
    return this.sql.latestCheckResults.all(key).map(toCheckResult);
  }

  // Events

  /** Appends an event and returns its id. */
  appendEvent(runId: number, e: NewEvent): number {
    const { lastInsertRowid } = this.foreignKey(runId, () => this.sql.insertEvent.run({
      runId, type: e.type, key: e.key ?? null, level: e.level ?? 'info', message: e.message,
      data: e.data === undefined ? null : toJson(e.data), now: now(),
    }));
    return Number(lastInsertRowid);
  }

  /** A run's events after `afterId` (to tail: pass the last id seen). */
  events(runId: number, afterId = 0): EventRecord[] {
    return this.sql.eventsOfRun.all(runId, afterId).map(toEvent);
  }

  /** Events of every run after `afterId`, oldest first, at most `limit`. */
  eventsSince(afterId: number, limit = 1000): EventRecord[] {
    return this.sql.eventsSince.all(afterId, limit).map(toEvent);
  }

  /** The newest event's id (0 when there is none): where a tail of every run starts. */
  lastEventId(): number {
    return this.sql.lastEventId.get()!.id;
  }

  // Source observations

  getObservation(path: string): SourceObservation | undefined {
    const row = this.sql.getObservation.get(path);
    return row && { size: row.size, mtimeMs: row.mtime_ms, hash: row.hash };
  }

  putObservation(path: string, o: SourceObservation): void {
    this.sql.putObservation.run({ path, size: o.size, mtimeMs: o.mtimeMs, hash: o.hash, now: now() });
  }

  // The warehouse lock

  /**
   * Takes the warehouse lock unless a live process holds it. A lock left by a
   * dead process is taken over; one already held by `holder.pid` is kept.
   */
  acquireLock(holder: LockHolder, isAlive: IsAlive = isProcessAlive): LockResult {
    return this.acquireLockTx(holder, isAlive);
  }

  releaseLock(pid: number): void {
    this.sql.releaseLock.run(pid);
  }

  private acquire(holder: LockHolder, isAlive: IsAlive): LockResult {
    const current = this.sql.getLock.get();
    if (current && current.pid !== holder.pid && isAlive(current.pid, current.process_identity)) {
      return { acquired: false, holder: { pid: current.pid, command: current.command, since: current.since } };
    }
    if (current?.pid !== holder.pid) this.sql.takeLock.run({ pid: holder.pid, command: holder.command, now: now(), identity: identityOf(holder.pid) });
    return { acquired: true };
  }

  private markInterrupted(isAlive: IsAlive): number[] {
    const dead = this.sql.runningRuns.all().filter((r) => !isAlive(r.pid, r.process_identity)).map((r) => r.id);
    for (const id of dead) {
      const at = now();
      this.sql.interruptSteps.run({ id, now: at });
      this.sql.cancelPendingSteps.run({ id });
      const summary = this.sql.summarize.get({ id })!;
      this.sql.finishRun.run({ id, status: 'interrupted', summary: toJson(summary), now: at });
    }
    return dead;
  }

  private expectStep(runId: number, key: AssetKey, changes: number): void {
    if (changes === 0) {
      throw new RunStoreError(`run ${runId} has no step for ${key}; call recordDecision(${runId}, '${key}', …) first`);
    }
  }

  /** Turns SQLite's bare foreign-key failure into one that names the run. */
  private foreignKey<T>(runId: number, write: () => T): T {
    try {
      return write();
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new RunStoreError(`run ${runId} does not exist; create it with createRun first`, { cause: e });
      }
      throw e;
    }
  }
}
