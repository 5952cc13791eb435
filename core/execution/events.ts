/**
 * The vocabulary of a run: a step's outcome, its result, the run's result,
 * and the events a run reports, both to the process that runs it (`RunEvent`,
 * which the CLI draws progress from); what it writes to the run store is
 * typed by the store's `EventType`.
 *
 * @example
 * const onEvent = (e: RunEvent) => { if (e.type === 'step_finished') console.log(e.step.key, e.step.decision); };
 */
import type { AssetKey } from '../keys.ts';
import type { RunStatus } from '../runstore/index.ts';
import type { CheckResult } from '../check-runner.ts';

/** What happened to one planned asset in a run: the `decision` of `materialize --json`. */
export type StepOutcome = 'ran' | 'skipped' | 'failed';

export interface StepResult {
  readonly key: AssetKey;
  readonly decision: StepOutcome;
  readonly reason: string;
  readonly durationMs: number;
  readonly rows: number | null;
  readonly attempts: number;
  readonly checks: readonly CheckResult[];
}

export interface RunResult {
  readonly runId: number;
  readonly status: RunStatus;
  readonly durationMs: number;
  readonly steps: readonly StepResult[];
}

/** What the materializer reports as it goes, in the process that runs it. */
export type RunEvent =
  | { readonly type: 'run_started'; readonly runId: number; readonly toRun: number }
  | { readonly type: 'step_started'; readonly key: AssetKey; readonly attempt: number }
  | { readonly type: 'step_finished'; readonly step: StepResult }
  /** A long statement of the step still running (a BigQuery job: its id, elapsed time, bytes so far). */
  | { readonly type: 'step_progress'; readonly key: AssetKey; readonly message: string }
  | { readonly type: 'run_finished'; readonly result: RunResult };

export function skippedStep(key: AssetKey, reason: string): StepResult {
  return { key, decision: 'skipped', reason, durationMs: 0, rows: null, attempts: 0, checks: [] };
}
