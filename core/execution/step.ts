/**
 * One planned step of a run: decide whether it still runs given what
 * happened upstream in this run, try its build (retrying only what is
 * retryable, with the asset's backoff), and then, outside the retries,
 * record the outcome. A failure to record (the run store broke) is not a
 * build failure: it propagates and fails the run, and is never retried.
 *
 * @example
 * const steps = stepRunner(scope, { history, statuses });
 * await schedule(toRun, 2, depsOf, steps.run, scope.fail);
 */
import type { AssetDefinition } from '../definitions.ts';
import { AssetError, describeError } from '../errors.ts';
import type { AssetKey } from '../keys.ts';
import type { PlannedStep } from '../plan.ts';
import type { AssetState } from '../runstore/index.ts';
import { onlyUpstreamStale, type StaleStatus } from '../staleness.ts';
import { buildAndPublish, BlockedByChecks, type Built } from './build.ts';
import { skippedStep, type StepResult } from './events.ts';
import type { RunScope } from './scope.ts';
import { isDeferred, retryDelayMs } from '../ops/retry.ts';

export interface StepInputs {
  /** What the store knew of each asset when the run was planned. */
  readonly history: ReadonlyMap<AssetKey, AssetState>;
  readonly statuses: ReadonlyMap<AssetKey, StaleStatus>;
  /** The Trellis clock: when a deferred retry falls due. */
  readonly now: () => Date;
  /** The attempt each asset starts at (a deferred retry run goes on from the run it retries). */
  readonly firstAttempts?: ReadonlyMap<AssetKey, number>;
}

export interface StepRunner {
  run(step: PlannedStep): Promise<void>;
  /** Results of the steps finished so far, by key. */
  readonly results: ReadonlyMap<AssetKey, StepResult>;
}

export function stepRunner(scope: RunScope, inputs: StepInputs): StepRunner {
  const { graph, store, runId } = scope;
  const results = new Map<AssetKey, StepResult>();
  /** Assets skipped because of a failure upstream, with that failure's reason (e.g. `upstream X failed`). */
  const blockedReasons = new Map<AssetKey, string>();

  const finish = (step: StepResult) => {
    results.set(step.key, step);
    const failed = step.decision === 'failed';
    const status = step.decision === 'ran' ? 'success' : failed ? 'failed' : scope.stopReason() ? 'canceled' : 'skipped';
    // A failure goes to `error`; the planner's reason for running stays in the decision log.
    store.finishStep(runId, step.key, { status, reason: failed ? undefined : step.reason, error: failed ? step.reason : undefined,
      rows: step.rows ?? undefined, attempts: step.attempts });
    scope.record({ type: 'step_finished', key: step.key, level: failed ? 'error' : 'info',
      message: `${step.key} ${step.decision}: ${step.reason}`, data: { decision: step.decision, durationMs: step.durationMs, rows: step.rows } });
    scope.emit({ type: 'step_finished', step });
  };

  /** Why the step must not run given its upstreams' outcomes in this run, if so. */
  const blockedBy = (key: AssetKey): string | undefined => {
    for (const dep of graph.upstream(key)) {
      if (results.get(dep)?.decision === 'failed') return `upstream ${dep} failed`;
      const inherited = blockedReasons.get(dep);
      if (inherited) return inherited;
    }
    return undefined;
  };
  /** A step planned only because upstreams might change, whose upstreams this run left as they were. */
  const inputsUnchanged = (step: PlannedStep): boolean => {
    if (!step.conditional) return false;
    const recorded = inputs.history.get(step.key);
    const status = inputs.statuses.get(step.key);
    if (!recorded || !status || !onlyUpstreamStale(status)) return false;
    return graph.upstream(step.key).every((dep) => scope.versions.get(dep) === recorded.inputVersions[dep]);
  };

  const run = async (step: PlannedStep): Promise<void> => {
    const stopped = scope.stopReason();
    if (stopped) return finish(skippedStep(step.key, stopped));
    const blocked = blockedBy(step.key);
    if (blocked) {
      blockedReasons.set(step.key, blocked);
      return finish(skippedStep(step.key, blocked));
    }
    if (inputsUnchanged(step)) return finish(skippedStep(step.key, 'inputs unchanged'));
    const def = graph.get(step.key);
    const absent = graph.upstream(def.key).find((dep) => !scope.versions.has(dep));
    if (absent) {
      return finish({ ...skippedStep(def.key, `upstream ${absent} has never been materialized; select it too, e.g. --select '+${def.key}'`),
        decision: 'failed' });
    }
    const t0 = performance.now();
    const attempt = await attemptBuild(scope, def, inputs.firstAttempts?.get(def.key) ?? 1);
    const durationMs = performance.now() - t0;
    if (!attempt.built) {
      const { error, attempts } = attempt;
      const checks = error instanceof BlockedByChecks ? error.checks : [];
      recordChecks(scope, def.key, checks);
      const stoppedNow = scope.stopReason();
      if (attempt.deferMs !== undefined && !stoppedNow) {
        // The wait is too long to hold the warehouse: the daemon launches the retry as a new run linked to this one.
        const dueAt = new Date(inputs.now().getTime() + attempt.deferMs).toISOString();
        store.ops.deferRetry({ runId, key: def.key, nextAttempt: attempts + 1, dueAt, reason: failureReason(error) });
        scope.record({ type: 'attempt_failed', key: def.key, level: 'warn',
          message: `retry ${attempts + 1} deferred to ${dueAt} (a ${attempt.deferMs} ms wait does not hold the warehouse); \`trellis daemon\` launches it`,
          data: { dueAt, nextAttempt: attempts + 1 } });
      }
      return finish(stoppedNow
        ? { key: def.key, decision: 'skipped', reason: stoppedNow, durationMs, rows: null, attempts, checks }
        : { key: def.key, decision: 'failed', reason: failureReason(error), durationMs, rows: null, attempts, checks });
    }
    // Bookkeeping, outside the retries: the build is published; if recording it fails, the run fails.
    const { built, attempts } = attempt;
    scope.versions.set(def.key, built.dataVersion);
    store.transaction(() => {
      recordChecks(scope, def.key, built.checks);
      store.recordMaterialization({ runId, key: def.key, codeVersion: def.codeVersion, dataVersion: built.dataVersion,
        inputVersions: built.inputVersions, deps: [...graph.upstream(def.key)], rows: built.rows,
        durationMs: Math.round(durationMs), metadata: built.metadata });
    });
    finish({ key: def.key, decision: 'ran', reason: step.reason, durationMs, rows: built.rows, attempts, checks: built.checks });
  };

  return { run, results };
}

type Attempted =
  | { readonly built: Built; readonly attempts: number }
  | { readonly built?: undefined; readonly error: unknown; readonly attempts: number; readonly deferMs?: number };

/** Builds `def`, retrying a retryable failure as its policy says; never throws a build's failure. */
async function attemptBuild(scope: RunScope, def: AssetDefinition, first: number): Promise<Attempted> {
  for (let attempt = first; ; attempt++) {
    scope.store.startStep(scope.runId, def.key, attempt);
    // Recorded too, so that another process tailing the store sees the step running.
    scope.record({ type: 'step_started', key: def.key, message: `${def.key} started${attempt > 1 ? ` (attempt ${attempt})` : ''}`, data: { attempt } });
    scope.emit({ type: 'step_started', key: def.key, attempt });
    try {
      return { built: await buildAndPublish(scope, def, attempt), attempts: attempt };
    } catch (error) {
      const canRetry = isRetryable(error) && !scope.signal.aborted && attempt <= def.retry.maxRetries;
      const delay = retryDelayMs(def.retry, attempt);
      const deferred = canRetry && isDeferred(def.retry, delay);
      scope.record({ type: 'attempt_failed', key: def.key, level: canRetry ? 'warn' : 'error',
        message: `attempt ${attempt} failed: ${failureReason(error)}${canRetry && !deferred ? `; retrying in ${delay} ms` : ''}`,
        data: { stack: describeError(error, { stack: true }) } });
      if (!canRetry) return { error, attempts: attempt };
      if (deferred) return { error, attempts: attempt, deferMs: delay };
      await sleep(delay, scope.signal);
    }
  }
}

/** What a failed step says next to its key: an asset's own error without repeating the key, with the fix. */
function failureReason(error: unknown): string {
  if (!(error instanceof AssetError)) return describeError(error);
  return `${error.detail}${error.fix ? `\n    fix: ${error.fix}` : ''}`;
}

/** A check that blocked, or code that wrote no table, gives the same answer the next time; anything else may not. */
function isRetryable(error: unknown): boolean {
  if (error instanceof BlockedByChecks) return false;
  if (error instanceof AssetError) return error.retryable;
  return true;
}

function recordChecks(scope: RunScope, key: AssetKey, checks: Built['checks']): void {
  for (const c of checks) {
    scope.store.recordCheckResult({ runId: scope.runId, key, check: c.check, severity: c.severity, passed: c.passed,
      failingCount: c.failingCount, message: c.message ?? null, sample: c.sample, metadata: c.metadata ?? {} });
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const wake = () => { clearTimeout(timer); resolve(); };
    const timer = setTimeout(() => { signal.removeEventListener('abort', wake); resolve(); }, ms);
    signal.addEventListener('abort', wake, { once: true });
  });
}
