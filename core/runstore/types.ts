/**
 * Records the run store keeps, and the inputs that create them. Records are
 * readonly camelCase objects; dates are ISO strings with milliseconds.
 *
 * @example
 * const run: RunRecord | undefined = store.getRun(7);
 * if (run?.status === 'failed') console.log(run.summary?.failed, 'assets failed');
 */
import type { AssetKey } from '../keys.ts';
import type { LogLevel } from '../log.ts';

/** `interrupted`: the process died while the run was `running` (found at the next start). */
export type RunStatus = 'running' | 'success' | 'failed' | 'canceled' | 'interrupted';

/** What the planner decided for one asset in one run. */
export type StepDecision = 'run' | 'skip';

/** `pending`: decided to run, not started yet. */
export type StepStatus = 'pending' | 'running' | 'success' | 'failed' | 'skipped' | 'canceled' | 'interrupted';

/** The statuses a step can be finished with (a subset of StepStatus; the run's `StepOutcome` maps onto it). */
export type FinishedStepStatus = 'success' | 'failed' | 'skipped' | 'canceled';

export type CheckSeverity = 'error' | 'warn';

/** Counts shown at the end of a run. */
export interface RunSummary {
  readonly ran: number;
  readonly skipped: number;
  readonly failed: number;
  readonly checksFailed: number;
  readonly checksWarned: number;
}

export interface NewRun {
  readonly selection: string;
  /** Who started it: `cli`, `ui`, … */
  readonly trigger: string;
  readonly pid: number;
  readonly logicalDate: string;
  readonly plannedKeys: readonly AssetKey[];
  /** The run whose failure this one retries (a deferred retry). */
  readonly retryOf?: number;
}

export interface RunRecord {
  readonly id: number;
  readonly status: RunStatus;
  readonly selection: string;
  readonly trigger: string;
  readonly pid: number;
  readonly logicalDate: string;
  readonly plannedKeys: readonly AssetKey[];
  readonly startedAt: string;
  /** Null while the run is `running`. */
  readonly endedAt: string | null;
  readonly durationMs: number | null;
  /** Null while the run is `running`. */
  readonly summary: RunSummary | null;
  /** The run whose failure this one retries; null for a first run. */
  readonly retryOf: number | null;
}

export interface RunQuery {
  readonly limit?: number;
  readonly offset?: number;
  readonly status?: RunStatus;
  /** Only runs with a step (a decision) for this asset. */
  readonly asset?: AssetKey;
}

export interface StepFinish {
  readonly status: FinishedStepStatus;
  /** Replaces the decision's reason when given (e.g. `upstream failed`). */
  readonly reason?: string;
  readonly error?: string;
  readonly rows?: number;
  readonly attempts?: number;
}

export interface StepRecord {
  readonly runId: number;
  readonly key: AssetKey;
  readonly decision: StepDecision;
  readonly reason: string;
  readonly status: StepStatus;
  /** The attempt number last started (0 if never started). */
  readonly attempt: number;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly durationMs: number | null;
  readonly error: string | null;
  readonly rows: number | null;
}

/** The outcome of the newest finished (success or failed) step of an asset. */
export interface AttemptRecord {
  readonly runId: number;
  readonly status: 'success' | 'failed';
  readonly error: string | null;
  readonly endedAt: string;
}

/**
 * What staleness needs of an asset's newest materialization. `depsText` and
 * `inputsText` are compared whole (a fresh asset needs no parsing); `deps`
 * and `inputVersions` split them on first use.
 */
export interface AssetState {
  readonly key: AssetKey;
  readonly runId: number;
  readonly codeVersion: string;
  readonly dataVersion: string;
  /** Upstream keys it was built from, sorted, joined by newlines. */
  readonly depsText: string;
  /** Those upstreams' data versions, joined by newlines in the same order. */
  readonly inputsText: string;
  readonly deps: readonly AssetKey[];
  readonly inputVersions: Readonly<Record<AssetKey, string>>;
}

/** Provenance of one materialization. */
export interface NewMaterialization {
  readonly runId: number;
  readonly key: AssetKey;
  readonly codeVersion: string;
  readonly dataVersion: string;
  /** Upstream key -> the data version this materialization was built from. */
  readonly inputVersions: Readonly<Record<AssetKey, string>>;
  readonly deps: readonly AssetKey[];
  readonly rows: number | null;
  readonly durationMs: number;
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface MaterializationRecord extends NewMaterialization {
  readonly id: number;
  readonly createdAt: string;
}

export interface NewCheckResult {
  readonly runId: number;
  readonly key: AssetKey;
  readonly check: string;
  readonly severity: CheckSeverity;
  readonly passed: boolean;
  readonly failingCount: number | null;
  readonly message: string | null;
  /** A few failing rows, stored as JSON (BIGINT values become numbers, or strings when too large). */
  readonly sample: readonly Readonly<Record<string, unknown>>[];
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface CheckResultRecord extends NewCheckResult {
  readonly id: number;
  readonly createdAt: string;
}

export interface CheckResultQuery {
  readonly runId?: number;
  readonly key?: AssetKey;
}

/** What a run writes to its event log, in order: other processes (the UI) tail these. */
export type EventType = 'run_started' | 'step_started' | 'attempt_failed' | 'log' | 'step_finished' | 'run_finished';

export interface NewEvent {
  readonly type: EventType;
  readonly key?: AssetKey | null;
  /** Defaults to `info`. */
  readonly level?: LogLevel;
  readonly message: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface EventRecord {
  /** Increases with every event across all runs, so a reader can tail `id > lastSeen`. */
  readonly id: number;
  readonly runId: number;
  readonly type: EventType;
  readonly key: AssetKey | null;
  readonly level: LogLevel;
  readonly message: string;
  readonly data: Readonly<Record<string, unknown>> | null;
  readonly createdAt: string;
}

/** What was known about a source file when it was last hashed. */
export interface SourceObservation {
  readonly size: number;
  readonly mtimeMs: number;
  readonly hash: string;
}

export interface LockHolder {
  readonly pid: number;
  /** The command line, shown to whoever is refused. */
  readonly command: string;
}

export type LockResult =
  | { readonly acquired: true }
  | { readonly acquired: false; readonly holder: LockHolder & { readonly since: string } };
