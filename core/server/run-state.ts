/**
 * Which runs are in progress right now, whichever process runs them. A run
 * whose process died without recording its end (kill -9) is recorded as
 * `interrupted` here, as the next CLI start would, so no view of the UI ever
 * shows a dead run as running. Each view settles the runs once and derives
 * what it shows from that one answer.
 *
 * @example
 * const inProgress = settleRunningRuns(store);
 * inProgress[0]?.id                  // the newest run in progress, if any
 * runningKeys(store, inProgress)     // Set { 'marts.revenue_by_customer' }
 */
import { isProcessAlive, type RunRecord, type RunStore } from '../runstore/index.ts';
import type { AssetKey } from '../keys.ts';

/**
 * The runs still `running` whose process is alive, newest first; those whose
 * process is gone are recorded as interrupted first. The store is written
 * only when such a run exists: a write would wait behind a materializing process.
 */
export function settleRunningRuns(store: RunStore): RunRecord[] {
  const running = store.listRuns({ status: 'running' });
  if (running.every((r) => isProcessAlive(r.pid))) return running;
  const interrupted = new Set(store.markInterruptedRuns(isProcessAlive));
  return running.filter((r) => !interrupted.has(r.id));
}

/** Assets a step of one of `inProgress` is building. */
export function runningKeys(store: RunStore, inProgress: readonly RunRecord[]): Set<AssetKey> {
  const keys = new Set<AssetKey>();
  for (const run of inProgress) {
    for (const step of store.steps(run.id)) if (step.status === 'running') keys.add(step.key);
  }
  return keys;
}
