/**
 * Which runs are in progress right now, whichever process runs them. A run
 * whose process died without recording its end (kill -9) is marked
 * `interrupted` here, as the next CLI start would, so the UI never shows a
 * dead run as running.
 *
 * @example
 * activeRun(store)?.id  // the run in progress, if any
 * runningKeys(store)    // Set { 'marts.revenue_by_customer' }
 */
import { isProcessAlive, type RunRecord, type RunStore } from '../runstore/index.ts';
import type { AssetKey } from '../keys.ts';

/** The runs still `running` whose process is alive (dead ones are marked interrupted first). */
export function runningRuns(store: RunStore): RunRecord[] {
  const running = store.listRuns({ status: 'running' });
  if (running.some((r) => !isProcessAlive(r.pid))) {
    store.markInterruptedRuns(isProcessAlive);
    return running.filter((r) => isProcessAlive(r.pid));
  }
  return running;
}

/** The newest run in progress, launched from the UI or a terminal. */
export function activeRun(store: RunStore): RunRecord | null {
  return runningRuns(store)[0] ?? null;
}

/** Assets a step of an unfinished run is building. */
export function runningKeys(store: RunStore): Set<AssetKey> {
  const keys = new Set<AssetKey>();
  for (const run of runningRuns(store)) {
    for (const step of store.steps(run.id)) if (step.status === 'running') keys.add(step.key);
  }
  return keys;
}
