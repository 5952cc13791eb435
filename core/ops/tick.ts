/**
 * One tick of the daemon: what is due at `now` and what happened to it.
 * In order: deferred retries that fell due (one run per failed run, linked
 * to it), each schedule's cron ticks since the last evaluation (one run per
 * tick; ticks from before this daemon started are recorded as missed unless
 * the schedule has `catchup: true`), then the assets whose automation
 * conditions are met (one run for all of them), and finally freshness.
 * Every tick of a schedule is claimed in the run store (UNIQUE per schedule
 * and instant) before its run starts, so a restart never runs one twice.
 *
 * @example
 * const report = await evaluateTick(state, new Date('2026-03-29T01:00:00Z'));
 * report.ticks // [{ schedule: 'daily', scheduledAt: '2026-03-29T01:00:00.000Z', outcome: 'ran', runId: 4, reason: '…' }]
 */
import type { OverdueAsset } from '../notify/index.ts';
import type { AssetKey } from '../keys.ts';
import type { TickOutcome } from '../runstore/ops.ts';
import type { Workspace } from '../workspace.ts';
import { evaluateAutomation, type AutomationVerdict } from './automation.ts';
import type { Clock } from './clock.ts';
import { ticksBetween } from './cron.ts';
import { freshnessOf } from './freshness.ts';
import { launchDaemonRun, runInProgress, type LaunchOutcome } from './launch-run.ts';
import type { ScheduleConfig } from './policies.ts';

export interface TickEntry {
  readonly schedule: string;
  readonly scheduledAt: string;
  readonly outcome: TickOutcome;
  readonly runId: number | null;
  readonly reason: string;
}

export interface TickReport {
  readonly at: string;
  readonly ticks: readonly TickEntry[];
  /** Runs launched in this tick, in order. */
  readonly runs: readonly number[];
  readonly automation: readonly AutomationVerdict[];
  readonly retries: readonly { readonly retryOf: number; readonly keys: readonly AssetKey[]; readonly outcome: string; readonly runId: number | null }[];
  readonly overdue: readonly OverdueAsset[];
}

export interface TickState {
  ws: Workspace;
  readonly env: NodeJS.ProcessEnv;
  readonly clock: Clock;
  /** When this daemon started: cron ticks before it (less the grace) were missed. */
  readonly startedAt: Date;
  /** How late a tick may be evaluated at startup and still run (a quick restart). */
  readonly graceMs: number;
  readonly signal?: AbortSignal;
  /** When this daemon's own last runs went (Trellis clock): ticks that fell inside were skipped, the run was in progress. */
  busy?: { readonly from: Date; readonly until: Date; readonly runs: readonly number[] };
}

/** The Trellis clock as the tick's runs see it: `now`, moving on in real time from when the tick began. */
function anchoredAt(now: Date): Clock {
  const offset = now.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}

const CURSOR = (name: string) => `schedule:${name}`;
const AUTOMATION_CURSOR = (key: AssetKey, i: number) => `automation:${key}:${i}`;

/** The cron ticks of a schedule due now; the cursor moves past them. */
function dueTicks(state: TickState, name: string, s: ScheduleConfig, now: Date): Date[] {
  const { ops } = state.ws.store;
  const cursor = ops.cursor(CURSOR(name));
  ops.setCursor(CURSOR(name), now.toISOString());
  // A schedule seen for the first time starts now: its past is not "missed".
  return cursor === undefined ? [] : ticksBetween(s, new Date(cursor), now);
}

function settle(state: TickState, name: string, at: string, launched: LaunchOutcome): TickEntry {
  const outcome: TickOutcome = launched.outcome === 'ran' ? 'ran' : launched.outcome === 'nothing-stale' ? 'skipped-nothing-stale'
    : launched.outcome === 'in-progress' ? 'skipped-run-in-progress' : 'failed-to-launch';
  const runId = 'runId' in launched ? launched.runId ?? null : null;
  const reason = launched.outcome === 'ran' ? `run ${launched.runId} ${launched.status}` : launched.reason;
  state.ws.store.ops.settleTick(name, at, outcome, reason, runId);
  return { schedule: name, scheduledAt: at, outcome, runId, reason };
}

async function runSchedules(state: TickState, now: Date, runs: number[]): Promise<TickEntry[]> {
  const { ws } = state;
  const { ops } = ws.store;
  const entries: TickEntry[] = [];
  const schedules = ws.project.config.schedules ?? {};
  const missedBefore = state.startedAt.getTime() - state.graceMs;
  for (const [name, s] of Object.entries(schedules)) {
    const due = dueTicks(state, name, s, now);
    due.forEach((t, i) => {
      const at = t.toISOString();
      const wasDown = t.getTime() < missedBefore && !s.catchup;
      // Without catchup, only the newest of several ticks due at once runs.
      const superseded = !s.catchup && i < due.length - 1;
      if (!wasDown && !superseded) return;
      const reason = wasDown ? `the daemon was not running at ${at}; catchup is off (set catchup: true to replay missed ticks)`
        : `superseded by the tick at ${due.at(-1)!.toISOString()}`;
      if (ops.claimTick(name, at, now.toISOString(), 'missed', reason)) entries.push({ schedule: name, scheduledAt: at, outcome: 'missed', runId: null, reason });
    });
    for (const t of due) {
      const at = t.toISOString();
      if (!ops.claimTick(name, at, now.toISOString())) continue; // recorded already (missed above, or by a daemon before a restart)
      const ours = state.busy && t >= state.busy.from && t < state.busy.until
        ? `run ${state.busy.runs.join(', ')} (this daemon's) was in progress at ${at}` : undefined;
      const busy = ours ?? runInProgress(ws);
      if (busy) {
        entries.push(settle(state, name, at, { outcome: 'in-progress', reason: busy }));
        continue;
      }
      const launched = await launchDaemonRun(ws, { select: s.select, stale: true }, {
        trigger: `schedule:${name}`, clock: anchoredAt(now), env: state.env, signal: state.signal,
        onStarted: (runId) => ops.settleTick(name, at, 'launching', `run ${runId} started`, runId),
      });
      if (launched.outcome === 'ran') runs.push(launched.runId);
      entries.push(settle(state, name, at, launched));
    }
  }
  return entries;
}

async function runRetries(state: TickState, now: Date, runs: number[]): Promise<TickReport['retries']> {
  const { ws } = state;
  const due = ws.store.ops.pendingRetries(now.toISOString()).filter((r) => ws.project.graph.has(r.key));
  const byRun = new Map<number, typeof due>();
  for (const r of due) byRun.set(r.runId, [...(byRun.get(r.runId) ?? []), r]);
  const out: Array<TickReport['retries'][number]> = [];
  for (const [retryOf, retries] of byRun) {
    const keys = retries.map((r) => r.key);
    const busy = runInProgress(ws);
    if (busy) {
      out.push({ retryOf, keys, outcome: `waiting: ${busy}`, runId: null });
      continue;
    }
    // The failed assets and whatever they held back downstream.
    const launched = await launchDaemonRun(ws, { select: keys.map((k) => `${k}+`).join(' or '), stale: true }, {
      trigger: 'retry', clock: anchoredAt(now), env: state.env, signal: state.signal, retryOf,
      firstAttempts: new Map(retries.map((r) => [r.key, r.nextAttempt])),
      onStarted: (runId) => { for (const r of retries) ws.store.ops.markRetryLaunched(r, runId); },
    });
    if (launched.outcome === 'ran') runs.push(launched.runId);
    if (launched.outcome === 'nothing-stale') for (const r of retries) ws.store.ops.markRetryLaunched(r, retryOf);
    out.push({ retryOf, keys, outcome: launched.outcome, runId: 'runId' in launched ? launched.runId ?? null : null });
  }
  return out;
}

async function runAutomation(state: TickState, now: Date, runs: number[]): Promise<AutomationVerdict[]> {
  const { ws } = state;
  const { graph } = ws.project;
  if (!graph.definitions().some((d) => d.automation?.length)) return [];
  const { ops } = ws.store;
  const at = now.toISOString();
  const busy = runInProgress(ws);
  const status = ws.status();
  const verdicts = evaluateAutomation(graph, status.statuses, status.history, (key, c) => {
    const name = AUTOMATION_CURSOR(key, graph.get(key).automation!.indexOf(c));
    const cursor = ops.cursor(name);
    // While a run is in progress the cursor stays put, so the tick is honoured next time.
    if (!busy) ops.setCursor(name, at);
    return cursor === undefined ? undefined : ticksBetween(c, new Date(cursor), now).at(-1);
  });
  const due = verdicts.filter((v) => v.launch).map((v) => v.key);
  let runId: number | null = null;
  let blocked: string | undefined = busy;
  if (due.length && !busy) {
    const launched = await launchDaemonRun(ws, { select: due.map((k) => `key:${k}`).join(' or ') },
      { trigger: 'automation', clock: anchoredAt(now), env: state.env, signal: state.signal });
    if (launched.outcome === 'ran') runs.push((runId = launched.runId));
    else blocked = launched.reason;
  }
  const shown = verdicts.map((v) => (v.launch && blocked ? { ...v, launch: false, reason: `${v.reason}; not launched: ${blocked}` } : v));
  ops.recordDecisions(shown.map((v) => ({ ...v, evaluatedAt: at, runId: v.launch ? runId : null })));
  return shown;
}

/** Evaluates everything due at `now` and waits for the runs it launches. */
export async function evaluateTick(state: TickState, now: Date): Promise<TickReport> {
  const runs: number[] = [];
  const started = Date.now();
  state.ws.store.markInterruptedRuns();
  const retries = await runRetries(state, now, runs);
  const ticks = await runSchedules(state, now, runs);
  const automation = await runAutomation(state, now, runs);
  if (runs.length) state.busy = { from: now, until: new Date(now.getTime() + (Date.now() - started)), runs };
  const overdue = [...freshnessOf(state.ws.project.graph, state.ws.store, now)]
    .filter(([, f]) => f.status === 'overdue').map(([key, f]) => ({ key, message: f.message, lastMaterializedAt: f.lastMaterializedAt }));
  return { at: now.toISOString(), ticks, runs, automation, retries, overdue };
}
