/**
 * Execution: a run (run.ts) schedules its steps (scheduler.ts); a step
 * (step.ts) decides and retries; a build (build.ts) stages, checks, versions
 * (data-version.ts) and publishes one asset.
 */
export { materialize, type MaterializeInput } from './run.ts';
export { stagedRelation, BlockedByChecks } from './build.ts';
export { checkOrdering } from './check-order.ts';
export { schedule } from './scheduler.ts';
export type { RunEvent, RunResult, StepOutcome, StepResult } from './events.ts';
