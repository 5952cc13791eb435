/**
 * Every SQL statement the run store runs, prepared once per connection.
 * Timestamps are ISO strings; durations are computed in SQL from them.
 *
 * @example
 * const sql = prepareStatements(db);
 * sql.getRun.get(7); // RunRow | undefined
 */
import type Database from 'better-sqlite3';
import {
  MATERIALIZATION_COLUMNS, type StateSourceRow, type AttemptRow, type CheckResultRow, type EventRow, type MaterializationRow,
  type RunRow, type StepRow,
} from './rows.ts';
import type { RunSummary } from './types.ts';

type Params = Record<string, string | number | null>;

const sinceStart = (start: string) =>
  `CAST(round((julianday(@now) - julianday(${start})) * 86400000) AS INTEGER)`;

export function prepareStatements(db: Database.Database) {
  const p = <P extends unknown[] | object = Params, R = unknown>(sql: string) => db.prepare<P, R>(sql);
  return {
    insertRun: p(`INSERT INTO runs (status, selection, trigger, pid, logical_date, planned_keys, started_at, process_identity, retry_of)
      VALUES ('running', @selection, @trigger, @pid, @logicalDate, @plannedKeys, @now, @identity, @retryOf)`),
    finishRun: p(`UPDATE runs SET status = @status, ended_at = @now, duration_ms = ${sinceStart('started_at')},
      summary = @summary WHERE id = @id`),
    getRun: p<[number], RunRow>('SELECT * FROM runs WHERE id = ?'),
    listRuns: p<Params, RunRow>(`SELECT * FROM runs
      WHERE (@status IS NULL OR status = @status)
        AND (@asset IS NULL OR id IN (SELECT run_id FROM steps WHERE asset_key = @asset))
      ORDER BY id DESC LIMIT @limit OFFSET @offset`),
    // The same lists without filters, or by status alone: the general form above cannot use an
    // index (its ORs) and scans every run; these read only the rows they return (newest rowids, or runs_status).
    listAllRuns: p<Params, RunRow>('SELECT * FROM runs ORDER BY id DESC LIMIT @limit OFFSET @offset'),
    listRunsByStatus: p<Params, RunRow>('SELECT * FROM runs WHERE status = @status ORDER BY id DESC LIMIT @limit OFFSET @offset'),
    totalChanges: p<[], number>('SELECT total_changes()').pluck(),
    // Other connections' commits (the pragma prepared once: db.pragma() compiles it at every call).
    dataVersion: p<[], number>('PRAGMA data_version').pluck(),
    runningRuns: p<[], { id: number; pid: number; process_identity: string | null }>("SELECT id, pid, process_identity FROM runs WHERE status = 'running'"),
    summarize: p<Params, RunSummary>(`SELECT
        count(*) FILTER (WHERE status = 'success') AS ran,
        count(*) FILTER (WHERE status = 'skipped') AS skipped,
        count(*) FILTER (WHERE status IN ('failed', 'interrupted')) AS failed,
        (SELECT count(*) FROM check_results WHERE run_id = @id AND NOT passed AND severity = 'error') AS checksFailed,
        (SELECT count(*) FROM check_results WHERE run_id = @id AND NOT passed AND severity = 'warn') AS checksWarned
      FROM steps WHERE run_id = @id`),
    interruptSteps: p(`UPDATE steps SET status = 'interrupted', ended_at = @now,
      duration_ms = ${sinceStart('started_at')}, error = coalesce(error, 'the run was interrupted')
      WHERE run_id = @id AND status = 'running'`),
    cancelPendingSteps: p(`UPDATE steps SET status = 'canceled' WHERE run_id = @id AND status = 'pending'`),

    upsertDecision: p(`INSERT INTO steps (run_id, asset_key, decision, reason, status)
      VALUES (@runId, @key, @decision, @reason, @status)
      ON CONFLICT (run_id, asset_key) DO UPDATE SET decision = excluded.decision, reason = excluded.reason,
        status = CASE WHEN status IN ('pending', 'skipped') THEN excluded.status ELSE status END`),
    // A retry keeps the first start, so the step's span covers every attempt.
    startStep: p(`UPDATE steps SET status = 'running', attempt = @attempt, started_at = coalesce(started_at, @now),
      ended_at = NULL, duration_ms = NULL, error = NULL WHERE run_id = @runId AND asset_key = @key`),
    finishStep: p(`UPDATE steps SET status = @status, reason = coalesce(@reason, reason), error = @error,
      rows = coalesce(@rows, rows), attempt = coalesce(@attempts, attempt), ended_at = @now,
      duration_ms = CASE WHEN started_at IS NULL THEN NULL ELSE ${sinceStart('started_at')} END
      WHERE run_id = @runId AND asset_key = @key`),
    steps: p<[number], StepRow>('SELECT * FROM steps WHERE run_id = ? ORDER BY id'),
    latestAttempts: p<[], AttemptRow>(`SELECT s.asset_key, s.run_id, s.status, s.error, s.ended_at
      FROM (SELECT asset_key, max(run_id) AS run_id FROM steps
            WHERE status IN ('success', 'failed') GROUP BY asset_key) AS latest
      JOIN steps AS s ON s.run_id = latest.run_id AND s.asset_key = latest.asset_key`).raw(),

    latestFailures: p<[], AttemptRow>(`SELECT s.asset_key, s.run_id, s.status, s.error, s.ended_at
      FROM (SELECT asset_key, max(run_id) AS run_id FROM steps WHERE status = 'failed' GROUP BY asset_key) AS latest
      JOIN steps AS s ON s.run_id = latest.run_id AND s.asset_key = latest.asset_key`).raw(),

    insertMaterialization: p(`INSERT INTO materializations (run_id, asset_key, code_version, data_version,
        input_versions, deps, rows, duration_ms, metadata, created_at)
      VALUES (@runId, @key, @codeVersion, @dataVersion, @inputVersions, @deps, @rows, @durationMs, @metadata, @now)`),
    // The subquery reads only the (asset_key, id) index; rows are fetched for the winners alone.
    latestMaterializations: p<[], MaterializationRow>(`SELECT ${MATERIALIZATION_COLUMNS.split(',').map((c) => `m.${c.trim()}`).join(', ')}
      FROM asset_state AS s JOIN materializations AS m ON m.id = s.materialization_id`).raw(),
    // A number is bound as REAL: the run id is cast, so that it is joined as '7', not '7.0'.
    pointLatest: p<{ key: string; id: number | bigint; runId: number; code: string; data: string; deps: string; inputs: string; ids: string }>(
      `INSERT INTO asset_state (asset_key, materialization_id, packed, ids)
        VALUES (@key, @id, concat_ws(char(31), @key, CAST(@runId AS INTEGER), @code, @data, @deps, @inputs), @ids)
      ON CONFLICT (asset_key) DO UPDATE SET materialization_id = excluded.materialization_id, packed = excluded.packed, ids = excluded.ids`),
    currentState: p<[string], [materializationId: number, dataVersion: string]>(`SELECT s.materialization_id, m.data_version
      FROM asset_state AS s JOIN materializations AS m ON m.id = s.materialization_id WHERE s.asset_key = ?`).raw(),
    // Each state's fields from its materialization, for when the packed text cannot be split (a field holds the separator).
    assetStates: p<[], StateSourceRow>(`SELECT m.asset_key, m.run_id, m.code_version, m.data_version, m.deps, m.input_versions
      FROM asset_state AS s JOIN materializations AS m ON m.id = s.materialization_id`).raw(),
    // The same fields joined into one text (see asset-states.ts), with the row count to parse it by; each row's
    // part is stored joined (migration 8): joining them here took about 40% longer at 100,000 assets. The
    // ids of the materializations each row was built from (input-ids.ts) follow, in the same row order.
    packedAssetStates: p<[], [count: number, text: string | null, ids: string | null]>(
      "SELECT count(*), group_concat(packed, char(31)), group_concat(ids, ';') FROM asset_state").raw(),
    materializationHistory: p<[string, number], MaterializationRow>(`SELECT ${MATERIALIZATION_COLUMNS}
      FROM materializations WHERE asset_key = ? ORDER BY id DESC LIMIT ?`).raw(),

    insertCheckResult: p(`INSERT INTO check_results (run_id, asset_key, check_name, severity, passed,
        failing_count, message, sample, metadata, created_at)
      VALUES (@runId, @key, @check, @severity, @passed, @failingCount, @message, @sample, @metadata, @now)`),
    checkResultsOfRun: p<Params, CheckResultRow>(`SELECT * FROM check_results
      WHERE run_id = @runId AND (@key IS NULL OR asset_key = @key) ORDER BY id`),
    checkResultsOfAsset: p<[string], CheckResultRow>('SELECT * FROM check_results WHERE asset_key = ? ORDER BY id'),
    allCheckResults: p<[], CheckResultRow>('SELECT * FROM check_results ORDER BY id'),
    latestCheckResults: p<[string], CheckResultRow>(`SELECT * FROM check_results WHERE id IN
      (SELECT max(id) FROM check_results WHERE asset_key = ? GROUP BY check_name) ORDER BY check_name`),

    insertEvent: p(`INSERT INTO events (run_id, type, asset_key, level, message, data, created_at)
      VALUES (@runId, @type, @key, @level, @message, @data, @now)`),
    eventsOfRun: p<[number, number], EventRow>('SELECT * FROM events WHERE run_id = ? AND id > ? ORDER BY id'),
    eventsSince: p<[number, number], EventRow>('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?'),
    lastEventId: p<[], { id: number }>('SELECT coalesce(max(id), 0) AS id FROM events'),

    getObservation: p<[string], { size: number; mtime_ms: number; hash: string }>(
      'SELECT size, mtime_ms, hash FROM source_observations WHERE path = ?'),
    putObservation: p(`INSERT INTO source_observations (path, size, mtime_ms, hash, observed_at)
      VALUES (@path, @size, @mtimeMs, @hash, @now)
      ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms,
        hash = excluded.hash, observed_at = excluded.observed_at`),

    getLock: p<[], { pid: number; command: string; since: string; process_identity: string | null }>(
      'SELECT pid, command, since, process_identity FROM warehouse_lock WHERE id = 1'),
    takeLock: p(`INSERT OR REPLACE INTO warehouse_lock (id, pid, command, since, process_identity)
      VALUES (1, @pid, @command, @now, @identity)`),
    releaseLock: p<[number]>('DELETE FROM warehouse_lock WHERE pid = ?'),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
