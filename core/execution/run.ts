/**
 * A run: executes a plan in topological order, independent assets
 * concurrently up to a limit, and records every decision, step and the
 * run's end in the run store. When the run itself breaks (the store fails),
 * no further step starts, the running ones are aborted and awaited, the run
 * is marked failed, and only then does `materialize` reject, so that the
 * caller releases the warehouse and the lock with nothing running.
 *
 * @example
 * const result = await materialize({ project, store, warehouse, plan, statuses, sources, history, selection: '*' });
 * result.status // 'success'
 */
import type { Project } from '../project.ts';
import type { Plan } from '../plan.ts';
import type { StaleStatus } from '../staleness.ts';
import type { SourceState } from '../observe.ts';
import type { AssetState, RunStatus, RunStore } from '../runstore/index.ts';
import type { AssetKey } from '../keys.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { describeError } from '../errors.ts';
import { checkOrdering } from './check-order.ts';
import { skippedStep, type RunEvent, type RunResult, type StepResult } from './events.ts';
import { schedule } from './scheduler.ts';
import { openScope } from './scope.ts';
import { stepRunner } from './step.ts';
import { deliverOutbox, enqueueRunNotifications, notifySettings, type NotifySettings } from '../notify/index.ts';

export interface MaterializeInput {
  readonly project: Project;
  readonly store: RunStore;
  readonly warehouse: Warehouse;
  readonly plan: Plan;
  readonly statuses: ReadonlyMap<AssetKey, StaleStatus>;
  readonly sources: ReadonlyMap<AssetKey, SourceState>;
  readonly history: ReadonlyMap<AssetKey, AssetState>;
  /** The selection as typed, recorded with the run. */
  readonly selection: string;
  readonly concurrency?: number;
  readonly logicalDate?: string;
  readonly trigger?: string;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: RunEvent) => void;
  /** The environment assets see as `ctx.env` (default: process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** The Trellis clock (`--now`), for deferred retries' due times; default the system clock. */
  readonly now?: () => Date;
  /** A deferred retry: the run it retries, and the attempt each asset goes on from. */
  readonly retryOf?: number;
  readonly firstAttempts?: ReadonlyMap<AssetKey, number>;
}

export async function materialize(input: MaterializeInput): Promise<RunResult> {
  const { project, store, plan } = input;
  const { graph } = project;
  const started = performance.now();
  const logicalDate = input.logicalDate ?? new Date().toISOString().slice(0, 10);
  const concurrency = Math.max(1, input.concurrency ?? project.config.concurrency);
  const toRun = plan.steps.filter((s) => s.action === 'run');
  const runId = store.createRun({ selection: input.selection, trigger: input.trigger ?? 'cli', pid: process.pid, logicalDate, plannedKeys: toRun.map((s) => s.key), retryOf: input.retryOf });
  // One commit for the whole decision log: one a decision costs seconds on a 100,000-asset plan.
  store.transaction(() => {
    for (const step of plan.steps) store.recordDecision(runId, step.key, step.action, step.reason);
  });
  const versions = new Map<AssetKey, string>();
  for (const [key, m] of input.history) versions.set(key, m.dataVersion);
  const scope = openScope({ runId, store, warehouse: input.warehouse, graph, logicalDate, projectDir: project.dir,
    env: input.env ?? process.env, versions, sources: input.sources, signal: input.signal, onEvent: input.onEvent });
  const steps = stepRunner(scope, { history: input.history, statuses: input.statuses, now: input.now ?? (() => new Date()),
    firstAttempts: input.firstAttempts });
  const notify = readNotifySettings(input.env ?? process.env, (message) => scope.record({ type: 'log', level: 'warn', message }));
  try {
    scope.record({ type: 'run_started', message: `run ${runId} started: ${toRun.length} to run`, data: { selection: input.selection } });
    scope.emit({ type: 'run_started', runId, toRun: toRun.length });
    const inRun = new Set(toRun.map((s) => s.key));
    const checkWaits = checkOrdering(graph, toRun.map((s) => s.key));
    /** What must finish before `key` starts: its upstreams in this run, and the targets its checks read. */
    const runAfter = (key: AssetKey): AssetKey[] => [...graph.upstream(key).filter((d) => inRun.has(d)), ...(checkWaits.get(key) ?? [])];
    await schedule(toRun, concurrency, runAfter, steps.run, (error) => scope.fail(describeError(error)));
  } catch (error) {
    // Steps handle their own failures; this is the run store or a bug. Every step has settled: never leave the run `running`.
    markFailed(store, runId, [...steps.results.values()], error, (done) => notify && enqueueRunNotifications(store,
      { runId, status: 'failed', selection: input.selection, durationMs: performance.now() - started, failed: failures(done) }, notify));
    throw error;
  } finally {
    scope.close();
  }

  const results = plan.steps.map((s) => steps.results.get(s.key) ?? skippedStep(s.key, s.reason));
  const failed = results.filter((s) => s.decision === 'failed').length;
  const checks = results.flatMap((s) => s.checks);
  const status: RunStatus = scope.canceled() ? 'canceled' : failed ? 'failed' : 'success';
  const result: RunResult = { runId, status, durationMs: performance.now() - started, steps: results };
  // One transaction: whoever reads a finished status also finds the run's last event.
  store.transaction(() => {
    store.finishRun(runId, status, {
      ran: results.filter((s) => s.decision === 'ran').length,
      skipped: results.filter((s) => s.decision === 'skipped').length,
      failed,
      checksFailed: checks.filter((c) => !c.passed && c.severity === 'error').length,
      checksWarned: checks.filter((c) => !c.passed && c.severity === 'warn').length,
    });
    store.appendEvent(runId, { type: 'run_finished', message: `run ${runId} ${status}` });
    if (notify) enqueueRunNotifications(store, { runId, status, selection: input.selection, durationMs: result.durationMs, failed: failures(results) }, notify);
  });
  input.onEvent?.({ type: 'run_finished', result });
  if (notify?.channels.length) await deliverNow(store, runId, notify);
  return result;
}

const failures = (steps: readonly StepResult[]) => steps.filter((s) => s.decision === 'failed').map((s) => ({ key: s.key, error: s.reason }));

/** The notification settings, or undefined (and a warning on the run) when the environment gives bad ones: never a reason to fail a run. */
function readNotifySettings(env: NodeJS.ProcessEnv, warn: (message: string) => void): NotifySettings | undefined {
  try {
    return notifySettings(env);
  } catch (error) {
    warn(`notifications are off for this run: ${describeError(error)}`);
    return undefined;
  }
}

/** Best effort: what cannot be delivered now stays in the outbox for the daemon's next tick. */
async function deliverNow(store: RunStore, runId: number, settings: NotifySettings): Promise<void> {
  try {
    await deliverOutbox(store, { settings, log: (message) => store.appendEvent(runId, { type: 'log', level: 'warn', message }) });
  } catch { /* the store itself failed after the run ended: the run's outcome stands */ }
}

function markFailed(store: RunStore, runId: number, done: readonly StepResult[], error: unknown,
  notify: (done: readonly StepResult[]) => void): void {
  try {
    store.transaction(() => {
      notify(done);
      store.finishRun(runId, 'failed', { ran: done.filter((s) => s.decision === 'ran').length, skipped: done.filter((s) => s.decision === 'skipped').length,
        failed: done.filter((s) => s.decision === 'failed').length, checksFailed: 0, checksWarned: 0 });
      store.appendEvent(runId, { type: 'run_finished', level: 'error', message: `run ${runId} failed: ${describeError(error)}`,
        data: { stack: describeError(error, { stack: true }) } });
    });
  } catch { /* the store itself is failing: nothing more can be recorded */ }
}
