/**
 * The materializer: executes a plan in topological order, independent
 * assets concurrently up to a limit. Each asset is built under a staged name,
 * checked there, and published (swapped in) only when it and its blocking
 * checks succeed, so a failed, blocked or interrupted build never loses the
 * last good relation. Every decision and its reason is recorded.
 *
 * @example
 * const result = await materialize({ project, store, warehouse, plan, statuses, sources, selection: '*' });
 * result.status // 'success'
 */
import type { AssetDefinition } from './definitions.ts';
import type { Project } from './project.ts';
import type { AssetGraph } from './graph.ts';
import type { Plan, PlannedStep } from './plan.ts';
import { onlyUpstreamStale, type StaleStatus } from './staleness.ts';
import type { SourceState } from './observe.ts';
import type { RunStore, RunStatus, AssetState } from './runstore/index.ts';
import { parseKey, type AssetKey, type Relation } from './keys.ts';
import type { Warehouse, WarehouseSession } from './warehouse/warehouse.ts';
import { bindLogicalDate } from './template.ts';
import { runChecks, type CheckResult } from './check-runner.ts';
import { makeAssetContext } from './run-context.ts';
import { makeLogger } from './log.ts';
import { hashOf, stableJson } from './hash.ts';

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

/** What the materializer reports as it goes (the CLI draws progress from these). */
export type RunEvent =
  | { readonly type: 'run_started'; readonly runId: number; readonly toRun: number }
  | { readonly type: 'step_started'; readonly key: AssetKey; readonly attempt: number }
  | { readonly type: 'step_finished'; readonly step: StepResult }
  | { readonly type: 'run_finished'; readonly result: RunResult };

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
}

const STAGED_SUFFIX = '__trellis_staged';

export function stagedRelation(key: AssetKey): Relation {
  const r = parseKey(key);
  return { schema: r.schema, name: `${r.name}${STAGED_SUFFIX}` };
}

class StepFailure extends Error {
  constructor(message: string, readonly checks: readonly CheckResult[] = [], readonly retryable = true) {
    super(message);
  }
}

export async function materialize(input: MaterializeInput): Promise<RunResult> {
  const { project, store, warehouse, plan, signal } = input;
  const { graph } = project;
  const rel = (r: Relation) => warehouse.dialect.relation(r.schema, r.name);
  const started = performance.now();
  const logicalDate = input.logicalDate ?? new Date().toISOString().slice(0, 10);
  const concurrency = Math.max(1, input.concurrency ?? project.config.concurrency);
  const toRun = plan.steps.filter((s) => s.action === 'run');
  const runId = store.createRun({ selection: input.selection, trigger: input.trigger ?? 'cli', pid: process.pid, logicalDate, plannedKeys: toRun.map((s) => s.key) });
  // One commit for the whole decision log: one a decision costs seconds on a 100,000-asset plan.
  store.transaction(() => {
    for (const step of plan.steps) store.recordDecision(runId, step.key, step.action, step.reason);
  });
  store.appendEvent(runId, { type: 'run_started', message: `run ${runId} started: ${toRun.length} to run`, data: { selection: input.selection } });
  input.onEvent?.({ type: 'run_started', runId, toRun: toRun.length });

  /** Data versions as they stand during this run: updated as assets publish. */
  const versions = new Map<AssetKey, string>();
  for (const [key, m] of input.history) versions.set(key, m.dataVersion);
  const results = new Map<AssetKey, StepResult>();
  const inRun = new Map(toRun.map((s) => [s.key, s] as const));
  const sessions = new Set<WarehouseSession>();
  const interrupt = () => { for (const s of sessions) s.interrupt(); };
  signal?.addEventListener('abort', interrupt);

  const finish = (step: StepResult) => {
    results.set(step.key, step);
    const status = step.decision === 'ran' ? 'success' : step.decision === 'failed' ? 'failed' : signal?.aborted ? 'canceled' : 'skipped';
    // A failure goes to `error`; the planner's reason for running stays in the decision log.
    const failed = step.decision === 'failed';
    store.finishStep(runId, step.key, { status, reason: failed ? undefined : step.reason, error: failed ? step.reason : undefined, rows: step.rows ?? undefined, attempts: step.attempts });
    store.appendEvent(runId, { type: 'step_finished', key: step.key, level: step.decision === 'failed' ? 'error' : 'info',
      message: `${step.key} ${step.decision}: ${step.reason}`, data: { decision: step.decision, durationMs: step.durationMs, rows: step.rows } });
    input.onEvent?.({ type: 'step_finished', step });
  };
  const skip = (key: AssetKey, reason: string) =>
    finish({ key, decision: 'skipped', reason, durationMs: 0, rows: null, attempts: 0, checks: [] });

  /** Assets skipped because of a failure upstream, with that failure's reason (e.g. `upstream X failed`). */
  const blockedReasons = new Map<AssetKey, string>();
  /** Why an asset must not run given its upstreams' outcomes in this run, if so. */
  const blockedBy = (key: AssetKey): string | undefined => {
    for (const dep of graph.upstream(key)) {
      if (results.get(dep)?.decision === 'failed') return `upstream ${dep} failed`;
      const inherited = blockedReasons.get(dep);
      if (inherited) return inherited;
    }
    return undefined;
  };
  const inputsUnchanged = (step: PlannedStep): boolean => {
    if (!step.conditional) return false;
    const recorded = input.history.get(step.key);
    const status = input.statuses.get(step.key);
    if (!recorded || !status || !onlyUpstreamStale(status)) return false;
    return graph.upstream(step.key).every((dep) => versions.get(dep) === recorded.inputVersions[dep]);
  };

  const checkWaits = checkOrdering(graph, toRun.map((s) => s.key));
  /** What must finish before `key` starts: its upstreams in this run, and the targets its checks read. */
  const runAfter = (key: AssetKey): AssetKey[] => [
    ...graph.upstream(key).filter((d) => inRun.has(d)), ...(checkWaits.get(key) ?? []),
  ];

  const runStep = async (step: PlannedStep): Promise<void> => {
    if (signal?.aborted) return skip(step.key, 'run canceled');
    const blocked = blockedBy(step.key);
    if (blocked) {
      blockedReasons.set(step.key, blocked);
      return skip(step.key, blocked);
    }
    if (inputsUnchanged(step)) return skip(step.key, 'inputs unchanged');
    const def = graph.get(step.key);
    const absent = graph.upstream(def.key).find((dep) => !versions.has(dep));
    if (absent) {
      return finish({ key: def.key, decision: 'failed', durationMs: 0, rows: null, attempts: 0, checks: [],
        reason: `upstream ${absent} has never been materialized; select it too, e.g. --select '+${def.key}'` });
    }
    const t0 = performance.now();
    let attempt = 0;
    let delay = def.retry.delayMs;
    for (;;) {
      attempt++;
      store.startStep(runId, def.key, attempt);
      // Recorded too, so that another process tailing the store sees the step running.
      store.appendEvent(runId, { type: 'step_started', key: def.key, message: `${def.key} started${attempt > 1 ? ` (attempt ${attempt})` : ''}`, data: { attempt } });
      input.onEvent?.({ type: 'step_started', key: def.key, attempt });
      try {
        const outcome = await buildAndPublish(def, attempt, t0);
        return finish({ key: def.key, decision: 'ran', reason: step.reason, durationMs: performance.now() - t0,
          rows: outcome.rows, attempts: attempt, checks: outcome.checks });
      } catch (error) {
        const failure = error instanceof StepFailure ? error : new StepFailure(describe(error));
        const canRetry = failure.retryable && !signal?.aborted && attempt <= def.retry.maxRetries;
        store.appendEvent(runId, { type: 'attempt_failed', key: def.key, level: canRetry ? 'warn' : 'error',
          message: `attempt ${attempt} failed: ${failure.message}${canRetry ? `; retrying in ${delay} ms` : ''}` });
        if (!canRetry) {
          return finish({ key: def.key, decision: signal?.aborted ? 'skipped' : 'failed',
            reason: signal?.aborted ? 'run canceled' : failure.message, durationMs: performance.now() - t0,
            rows: null, attempts: attempt, checks: failure.checks });
        }
        await sleep(delay, signal);
        delay *= def.retry.backoff;
      }
    }
  };

  const buildAndPublish = async (def: AssetDefinition, attempt: number, t0: number) => {
    const staged = stagedRelation(def.key);
    const target = parseKey(def.key);
    await warehouse.ensureSchema(target.schema);
    await warehouse.drop(staged);
    const session = await warehouse.session();
    sessions.add(session);
    const metadata: Record<string, unknown> = {};
    try {
      const log = makeLogger((level, message) => store.appendEvent(runId, { type: 'log', key: def.key, level, message }));
      if (def.kind === 'sql') {
        const kind = def.materialization === 'view' ? 'VIEW' : 'TABLE';
        await session.run(`CREATE OR REPLACE ${kind} ${rel(staged)} AS\n${bindLogicalDate(def.sql!, logicalDate)}`);
      } else {
        const ctx = makeAssetContext({ def, graph, warehouse, session, staged, runId, logicalDate, attempt, log,
          signal: signal ?? new AbortController().signal, projectDir: project.dir, env: input.env ?? process.env, metadata });
        await def.materialize!(ctx);
        if (!ctx.wroteTable() && !(await warehouse.relationKind(staged))) {
          throw new StepFailure(`${def.key} wrote no table; call ctx.writeTable(columns, rows) or create ctx.target`, [], false);
        }
      }
      signal?.throwIfAborted();
      const checks = await runChecks(def, session, rel(staged), warehouse.dialect, metadata,
        async (key) => (await warehouse.relationKind(parseKey(key))) !== undefined);
      for (const c of checks) {
        store.recordCheckResult({ runId, key: def.key, check: c.check, severity: c.severity, passed: c.passed,
          failingCount: c.failingCount, message: c.message ?? null, sample: c.sample, metadata: c.metadata ?? {} });
      }
      const blocking = checks.filter((c) => !c.passed && c.severity === 'error');
      if (blocking.length) {
        const kept = (await warehouse.relationKind(parseKey(def.key))) ? 'previous version kept' : 'nothing published yet';
        throw new StepFailure(`blocked by check${blocking.length > 1 ? 's' : ''} ${blocking.map((c) => `${c.check} (${c.message})`).join(', ')}; ${kept}`, checks, false);
      }
      signal?.throwIfAborted();
      const kind = def.materialization === 'view' && def.kind === 'sql' ? 'view' : 'table';
      const inputVersions: Record<AssetKey, string> = {};
      for (const dep of graph.upstream(def.key)) inputVersions[dep] = versions.get(dep) ?? 'unknown';
      let rows: number | null = null;
      let dataVersion: string;
      if (def.kind === 'source') {
        // A source's data version is its files' hash: a count is all it needs, not a fingerprint's scan.
        dataVersion = input.sources.get(def.key)?.dataVersion ?? 'unknown';
        const [counted] = await session.query(`SELECT count(*) AS n FROM ${rel(staged)}`);
        rows = Number(counted!.n);
      } else if (kind === 'view') {
        dataVersion = hashOf('view', def.codeVersion, stableJson(inputVersions));
      } else {
        const fp = await warehouse.fingerprint(staged);
        rows = fp.rows;
        dataVersion = hashOf('table', String(fp.rows), fp.hash);
      }
      await warehouse.publish(staged, target, kind);
      versions.set(def.key, dataVersion);
      store.recordMaterialization({ runId, key: def.key, codeVersion: def.codeVersion, dataVersion, inputVersions,
        deps: [...graph.upstream(def.key)], rows, durationMs: Math.round(performance.now() - t0), metadata });
      return { rows, checks };
    } catch (error) {
      await warehouse.drop(staged).catch(() => {});
      throw error;
    } finally {
      sessions.delete(session);
      await session.close();
    }
  };

  try {
    await schedule(toRun, concurrency, (key) => runAfter(key), runStep);
  } catch (error) {
    // Steps handle their own failures; this is the run store or the scheduler failing. Never leave the run `running`.
    try {
      store.transaction(() => {
        const done = [...results.values()];
        store.finishRun(runId, 'failed', { ran: done.filter((s) => s.decision === 'ran').length, skipped: 0,
          failed: done.filter((s) => s.decision === 'failed').length, checksFailed: 0, checksWarned: 0 });
        store.appendEvent(runId, { type: 'run_finished', level: 'error', message: `run ${runId} failed: ${describe(error)}` });
      });
    } catch { /* the store itself is failing: nothing more can be recorded */ }
    throw error;
  } finally {
    signal?.removeEventListener('abort', interrupt);
  }
  for (const step of plan.steps) if (step.action === 'skip') results.set(step.key, { key: step.key, decision: 'skipped', reason: step.reason, durationMs: 0, rows: null, attempts: 0, checks: [] });

  const steps = plan.steps.map((s) => results.get(s.key)!);
  const failed = steps.filter((s) => s.decision === 'failed').length;
  const checks = steps.flatMap((s) => s.checks);
  const status: RunStatus = signal?.aborted ? 'canceled' : failed ? 'failed' : 'success';
  const result: RunResult = { runId, status, durationMs: performance.now() - started, steps };
  // One transaction: whoever reads a finished status also finds the run's last event.
  store.transaction(() => {
    store.finishRun(runId, status, {
      ran: steps.filter((s) => s.decision === 'ran').length,
      skipped: steps.filter((s) => s.decision === 'skipped').length,
      failed,
      checksFailed: checks.filter((c) => !c.passed && c.severity === 'error').length,
      checksWarned: checks.filter((c) => !c.passed && c.severity === 'warn').length,
    });
    store.appendEvent(runId, { type: 'run_finished', message: `run ${runId} ${status}` });
  });
  input.onEvent?.({ type: 'run_finished', result });
  return result;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // A wrapper that already quotes its cause (AssetError does) is not repeated.
  const cause = error.cause instanceof Error && !error.message.includes(error.cause.message) ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}

/**
 * For each asset of the run, the assets its checks read (relationships
 * targets) that are rebuilt in the same run, so that the checks see the new
 * data. A wait that would close a cycle among the run's steps (two assets
 * whose checks read each other, or a target downstream of the asset) is left
 * out: that check then reads the target's previous version.
 */
export function checkOrdering(graph: AssetGraph, keys: readonly AssetKey[]): Map<AssetKey, AssetKey[]> {
  const inRun = new Set(keys);
  const waits = new Map<AssetKey, AssetKey[]>();
  const waiters = new Map<AssetKey, AssetKey[]>();
  /** Whether `to` must already wait for `from` through dependencies or earlier check waits. */
  const reaches = (from: AssetKey, to: AssetKey): boolean => {
    const seen = new Set<AssetKey>();
    const stack = [from];
    while (stack.length) {
      const key = stack.pop()!;
      if (key === to) return true;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const next of graph.downstream(key)) if (inRun.has(next)) stack.push(next);
      stack.push(...(waiters.get(key) ?? []));
    }
    return false;
  };
  for (const key of keys) {
    for (const check of graph.get(key).checks) {
      for (const target of check.type === 'sql' ? check.references ?? [] : []) {
        if (target === key || !inRun.has(target) || waits.get(key)?.includes(target) || reaches(key, target)) continue;
        waits.set(key, [...(waits.get(key) ?? []), target]);
        waiters.set(target, [...(waiters.get(target) ?? []), key]);
      }
    }
  }
  return waits;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const wake = () => { clearTimeout(timer); resolve(); };
    const timer = setTimeout(() => { signal?.removeEventListener('abort', wake); resolve(); }, ms);
    signal?.addEventListener('abort', wake, { once: true });
  });
}

/**
 * Runs `work` for every step once its in-run dependencies are done, at most
 * `limit` at a time, starting ready steps in topological order.
 */
async function schedule(steps: readonly PlannedStep[], limit: number,
  depsOf: (key: AssetKey) => readonly AssetKey[], work: (step: PlannedStep) => Promise<void>): Promise<void> {
  const waiting = new Map(steps.map((s) => [s.key, depsOf(s.key).length] as const));
  const dependents = new Map<AssetKey, AssetKey[]>();
  for (const s of steps) for (const d of depsOf(s.key)) dependents.set(d, [...(dependents.get(d) ?? []), s.key]);
  const byKey = new Map(steps.map((s) => [s.key, s] as const));
  const order = new Map(steps.map((s, i) => [s.key, i] as const));
  const ready: AssetKey[] = steps.filter((s) => waiting.get(s.key) === 0).map((s) => s.key);
  let running = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      if (!ready.length && running === 0) return resolve();
      ready.sort((a, b) => order.get(a)! - order.get(b)!);
      while (running < limit && ready.length) {
        const key = ready.shift()!;
        running++;
        work(byKey.get(key)!).then(() => {
          running--;
          for (const child of dependents.get(key) ?? []) {
            const left = waiting.get(child)! - 1;
            waiting.set(child, left);
            if (left === 0) ready.push(child);
          }
          pump();
        }, reject);
      }
    };
    pump();
  });
}
