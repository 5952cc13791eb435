/**
 * SQLite rows as stored (snake_case, JSON as TEXT) and their conversion to the
 * readonly records the store returns.
 *
 * @example
 * toJson({ n: 12n }) // '{"n":12}'
 */
import type {
  EventType, AssetState, AttemptRecord, CheckResultRecord, CheckSeverity, EventRecord, MaterializationRecord, RunRecord,
  RunStatus, RunSummary, StepDecision, StepRecord, StepStatus,
} from './types.ts';
import type { LogLevel } from '../log.ts';

/** JSON text; BIGINT (as DuckDB returns it) becomes a number, or a string when too large. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v);
}

export interface RunRow {
  id: number; status: RunStatus; selection: string; trigger: string; pid: number;
  logical_date: string; planned_keys: string; started_at: string; ended_at: string | null;
  duration_ms: number | null; summary: string | null; retry_of: number | null;
}

export function toRun(r: RunRow): RunRecord {
  return {
    id: r.id, status: r.status, selection: r.selection, trigger: r.trigger, pid: r.pid,
    logicalDate: r.logical_date, plannedKeys: JSON.parse(r.planned_keys) as string[],
    startedAt: r.started_at, endedAt: r.ended_at, durationMs: r.duration_ms,
    summary: r.summary === null ? null : JSON.parse(r.summary) as RunSummary,
    retryOf: r.retry_of ?? null,
  };
}

export interface StepRow {
  run_id: number; asset_key: string; decision: StepDecision; reason: string; status: StepStatus;
  attempt: number; started_at: string | null; ended_at: string | null; duration_ms: number | null;
  error: string | null; rows: number | null;
}

export function toStep(r: StepRow): StepRecord {
  return {
    runId: r.run_id, key: r.asset_key, decision: r.decision, reason: r.reason, status: r.status,
    attempt: r.attempt, startedAt: r.started_at, endedAt: r.ended_at, durationMs: r.duration_ms,
    error: r.error, rows: r.rows,
  };
}

/** Read as arrays, like materializations: one per asset. */
export type AttemptRow = [key: string, runId: number, status: 'success' | 'failed', error: string | null, endedAt: string];

export function toAttempt(r: AttemptRow): AttemptRecord {
  return { runId: r[1], status: r[2], error: r[3], endedAt: r[4] };
}

/**
 * Materializations are read as arrays, not objects (`.raw()`): reading the
 * newest of 100,000 assets is mostly the cost of building rows in JavaScript,
 * and arrays build about twice as fast.
 */
export const MATERIALIZATION_COLUMNS = `id, run_id, asset_key, code_version, data_version, input_versions,
  deps, rows, duration_ms, metadata, created_at`;

export type MaterializationRow = [
  id: number, runId: number, key: string, codeVersion: string, dataVersion: string,
  inputVersions: string, deps: string, rows: number | null, durationMs: number, metadata: string,
  createdAt: string,
];

export function toMaterialization(r: MaterializationRow): MaterializationRecord {
  let metadata: Record<string, unknown> | undefined;
  return {
    id: r[0], runId: r[1], key: r[2], codeVersion: r[3], dataVersion: r[4],
    inputVersions: JSON.parse(r[5]) as Record<string, string>, deps: JSON.parse(r[6]) as string[],
    rows: r[7], durationMs: r[8], createdAt: r[10],
    // Parsed on first use: staleness reads every asset's record but never its metadata.
    get metadata() {
      return (metadata ??= JSON.parse(r[9]) as Record<string, unknown>);
    },
  };
}

export interface CheckResultRow {
  id: number; run_id: number; asset_key: string; check_name: string; severity: CheckSeverity;
  passed: 0 | 1; failing_count: number | null; message: string | null; sample: string;
  metadata: string; created_at: string;
}

export function toCheckResult(r: CheckResultRow): CheckResultRecord {
  return {
    id: r.id, runId: r.run_id, key: r.asset_key, check: r.check_name, severity: r.severity,
    passed: r.passed === 1, failingCount: r.failing_count, message: r.message,
    sample: JSON.parse(r.sample) as Record<string, unknown>[],
    metadata: JSON.parse(r.metadata) as Record<string, unknown>, createdAt: r.created_at,
  };
}

export interface EventRow {
  id: number; run_id: number; type: EventType; asset_key: string | null; level: LogLevel;
  message: string; data: string | null; created_at: string;
}

export function toEvent(r: EventRow): EventRecord {
  return {
    id: r.id, runId: r.run_id, type: r.type, key: r.asset_key, level: r.level, message: r.message,
    data: r.data === null ? null : JSON.parse(r.data) as Record<string, unknown>, createdAt: r.created_at,
  };
}

export type AssetStateRow = [key: string, runId: number, codeVersion: string, dataVersion: string, depsText: string, inputsText: string];

/** A state's fields as its materialization holds them: deps and input versions in JSON. */
export type StateSourceRow = [key: string, runId: number, codeVersion: string, dataVersion: string, deps: string, inputVersions: string];

/** Upstream keys sorted, and the version read of each ('' when not recorded): what a state records of its inputs. */
export function recordedInputs(deps: readonly string[], versions: Readonly<Record<string, string>>): { deps: string[]; inputs: string[] } {
  const sorted = [...deps].sort();
  return { deps: sorted, inputs: sorted.map((d) => versions[d] ?? '') };
}

export function toAssetStateRow(r: StateSourceRow): AssetStateRow {
  const { deps, inputs } = recordedInputs(JSON.parse(r[4]) as string[], JSON.parse(r[5]) as Record<string, string>);
  return [r[0], r[1], r[2], r[3], deps.join('\n'), inputs.join('\n')];
}

/** A row of asset_state; lists are split on first use (a class, so 100,000 of them share their getters). */
class StoredAssetState implements AssetState {
  #deps: string[] | undefined;
  #inputVersions: Record<string, string> | undefined;

  constructor(private readonly row: AssetStateRow) {}

  get key(): string { return this.row[0]; }
  get runId(): number { return this.row[1]; }
  get codeVersion(): string { return this.row[2]; }
  get dataVersion(): string { return this.row[3]; }
  get depsText(): string { return this.row[4]; }
  get inputsText(): string { return this.row[5]; }

  get deps(): string[] {
    return (this.#deps ??= this.row[4] === '' ? [] : this.row[4].split('\n'));
  }

  get inputVersions(): Record<string, string> {
    if (!this.#inputVersions) {
      const versions = this.row[5].split('\n');
      this.#inputVersions = Object.fromEntries(this.deps.map((d, i) => [d, versions[i] ?? '']));
    }
    return this.#inputVersions;
  }
}

export function toAssetState(r: AssetStateRow): AssetState {
  return new StoredAssetState(r);
}
