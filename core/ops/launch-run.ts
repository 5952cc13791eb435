/**
 * How the daemon starts one run: plan it as `trellis materialize` would,
 * take the warehouse (never waiting: another process holding it means a run
 * is in progress), materialize, and say what happened in one word, so a
 * tick, a retry or an automation decision can record it.
 *
 * @example
 * const launched = await launchDaemonRun(ws, { select: '*', stale: true }, { trigger: 'schedule:daily', clock });
 * launched.outcome // 'ran' | 'nothing-stale' | 'in-progress' | 'failed-to-launch'
 */
import { LockError, describeError } from '../errors.ts';
import { materialize } from '../execution/index.ts';
import type { AssetKey } from '../keys.ts';
import { planLaunch, type LaunchRequest } from '../launch.ts';
import type { Workspace } from '../workspace.ts';
import type { Clock } from './clock.ts';

export type LaunchOutcome =
  | { readonly outcome: 'ran'; readonly runId: number; readonly status: string }
  | { readonly outcome: 'nothing-stale'; readonly reason: string }
  | { readonly outcome: 'in-progress'; readonly reason: string }
  | { readonly outcome: 'failed-to-launch'; readonly reason: string; readonly runId?: number };

export interface DaemonRunOptions {
  /** Recorded with the run: `schedule:daily`, `automation`, `retry`. */
  readonly trigger: string;
  readonly clock: Clock;
  readonly env: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  readonly retryOf?: number;
  readonly firstAttempts?: ReadonlyMap<AssetKey, number>;
  /** Called as soon as the run has an id (before its steps run), so the tick is linked even if the daemon dies. */
  readonly onStarted?: (runId: number) => void;
}

/** A run in progress that is not ours to wait for: one `running` in the store, or the warehouse lock held. */
export function runInProgress(ws: Workspace): string | undefined {
  const running = ws.store.listRuns({ status: 'running', limit: 1 })[0];
  return running ? `run ${running.id} (${running.trigger}, pid ${running.pid}) is in progress` : undefined;
}

export async function launchDaemonRun(ws: Workspace, request: LaunchRequest, o: DaemonRunOptions): Promise<LaunchOutcome> {
  let runId: number | undefined;
  try {
    const first = planLaunch(ws, request);
    if (first.nothing) return { outcome: 'nothing-stale', reason: first.nothing };
    const result = await ws.withWarehouse(`trellis daemon: ${o.trigger} ${first.recordedSelection}`, (warehouse, waited) => {
      const launch = waited ? planLaunch(ws, request) : first;
      return materialize({
        project: ws.project, store: ws.store, warehouse, plan: launch.plan, statuses: launch.status.statuses,
        sources: launch.status.sources, history: launch.status.history, selection: launch.recordedSelection,
        trigger: o.trigger, signal: o.signal, env: o.env, now: o.clock, retryOf: o.retryOf, firstAttempts: o.firstAttempts,
        logicalDate: o.clock().toISOString().slice(0, 10),
        onEvent: (event) => {
          if (event.type === 'run_started') {
            runId = event.runId;
            o.onStarted?.(event.runId);
          }
        },
      });
    });
    return { outcome: 'ran', runId: result.runId, status: result.status };
  } catch (error) {
    if (error instanceof LockError && runId === undefined) return { outcome: 'in-progress', reason: error.message };
    return { outcome: 'failed-to-launch', reason: describeError(error), runId };
  }
}
