/**
 * The run store: runs, steps, materializations, check results, events, the
 * source observation cache and the warehouse lock, in SQLite.
 *
 * @example
 * import { RunStore } from './runstore/index.ts';
 * const store = RunStore.open('.trellis/runs.db');
 * store.markInterruptedRuns();
 */
export { RunStore } from './store.ts';
export { AssetStates } from './asset-states.ts';
export { RunStoreError, RunStoreVersionError, RunStoreLockedError, RunStoreCorruptError, RunStoreFullError, RunStoreReadOnlyError } from './errors.ts';
export { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion, type Migration } from './migrations.ts';
export { isProcessAlive } from './process.ts';
export { Outbox, type NewNotification, type NotificationRecord, type NotificationChannel, type NotificationStatus } from './outbox.ts';
export type {
  AssetState, AttemptRecord, CheckResultQuery, CheckResultRecord, CheckSeverity, EventRecord, LockHolder,
  LockResult, MaterializationRecord, NewCheckResult, NewEvent, NewMaterialization, NewRun, RunQuery,
  RunRecord, RunStatus, RunSummary, SourceObservation, StepDecision, StepFinish, FinishedStepStatus, EventType,
  StepRecord, StepStatus,
} from './types.ts';
