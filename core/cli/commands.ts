/**
 * The CLI's commands: plain functions over the workspace, returning an exit
 * code (0 success, 1 an asset or blocking check failed, 2 bad usage or an
 * invalid project). Tests call them directly; all printing goes through
 * console.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openWorkspace, type Workspace } from '../workspace.ts';
import { loadConfig } from '../project.ts';
import { loadSampleData, type SampleData } from '../sample-data.ts';
import { selectInProject } from '../dashboards/lineage.ts';
import { planLaunch, type LaunchRequest } from '../launch.ts';
import { materialize, type RunResult, type StepResult } from '../execution/index.ts';
import { runChecks } from '../check-runner.ts';
import { parseKey } from '../keys.ts';
import { UsageError, didYouMean } from '../errors.ts';
import { formatList, formatWhy, formatPlan, formatRunSummary, formatGateNote, formatMetadata, formatRuns, formatRun, formatOpsWhy, paint, type Output } from './console.ts';
import { progressReporter } from './progress.ts';
import { formatDuration } from '../format.ts';
import { freshnessOf } from '../ops/freshness.ts';
import { trellisClock } from '../ops/clock.ts';
import { estimateFromHistory } from '../estimate.ts';
import { dryRunTarget, planDryRun } from './dry-run.ts';
import { shownPath } from '../shown-path.ts';

export interface CommandContext {
  readonly projectDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly o: Output;
  /** Aborted on Ctrl+C. */
  readonly signal: AbortSignal;
}

export type Flags = Readonly<Record<string, string | boolean | undefined>>;

/** A flag's text value (undefined when absent or given as a bare switch). */
export function str(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

/** `--name N`, a number above 0 (an integer when asked), or undefined when absent. */
function positiveNumber(flags: Flags, name: string, { integer }: { integer: boolean }): number | undefined {
  const text = str(flags, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got '${text}'`);
  }
  return n;
}

/** `YYYY-MM-DD` naming a real day (2024-02-30 is not one). */
function isCalendarDay(text: string): boolean {
  const day = new Date(`${text}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text);
}

export async function withWorkspace<T>(ctx: CommandContext, work: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = await openWorkspace(ctx.projectDir, ctx.env);
  try {
    return await work(ws);
  } finally {
    ws.close();
  }
}

function requireKey(ws: Workspace, key: string | undefined, command: string): string {
  if (!key) throw new UsageError(`usage: trellis ${command} KEY`);
  if (!ws.project.graph.has(key)) {
    throw new UsageError(`no asset '${key}'${(() => { const s = didYouMean(key, ws.project.graph.keys); return s ? `; ${s}` : ''; })()}`,
      { fix: '`trellis list` shows every key' });
  }
  return key;
}

export function list(ctx: CommandContext, flags: Flags): Promise<number> {
  return withWorkspace(ctx, async (ws) => {
    const { statuses } = ws.status();
    const { graph } = ws.project;
    const select = str(flags, 'select');
    const selected = select ? selectInProject(select, ws.project, () => statuses) : undefined;
    const defs = graph.definitions().filter((d) => !selected || selected.assets.has(d.key));
    const freshness = freshnessOf(graph, ws.store, trellisClock(ctx.env, str(flags, 'now'))());
    if (flags.json) {
      ctx.o.out(JSON.stringify(defs.map((d) => ({ key: d.key, kind: d.kind, group: d.group, tags: d.tags,
        status: statuses.get(d.key)!.status, causes: statuses.get(d.key)!.causes.map((c) => c.message),
        ...(freshness.has(d.key) ? { freshness: freshness.get(d.key) } : {}) })), null, 2));
    } else {
      ctx.o.out(formatList(ctx.o, defs, statuses, freshness));
      // The selection reaches dashboards too (`kind:dashboard`, `key:x+`): they have a listing of their own.
      const matched = selected ? selected.dashboards.length : 0;
      if (matched) ctx.o.out(paint(ctx.o, 'gray', `${matched} dashboard${matched === 1 ? '' : 's'} match too: trellis dashboards --select '${select}'`));
    }
    return 0;
  });
}

function launchRequest(flags: Flags): LaunchRequest {
  return { select: str(flags, 'select'), stale: flags.stale === true, all: flags.all === true };
}

export function plan(ctx: CommandContext, flags: Flags): Promise<number> {
  if (dryRunTarget(flags)) return planDryRun(ctx, flags);
  return withWorkspace(ctx, async (ws) => {
    const p = planLaunch(ws, launchRequest(flags)).plan;
    const expected = new Map(p.steps.map((s) => [s.key, estimateFromHistory(ws.store.materializationHistory(s.key, 5))]));
    if (flags.json) {
      ctx.o.out(JSON.stringify({ mode: p.mode, steps: p.steps.map((s) => ({ ...s,
        expectedMs: expected.get(s.key)?.durationMs ?? null, expectedBytes: expected.get(s.key)?.bytesProcessed ?? null,
        expectedBytesBilled: expected.get(s.key)?.bytesBilled ?? null })) }, null, 2));
    } else {
      ctx.o.out(formatPlan(ctx.o, p.steps, expected, ctx.env));
    }
    return 0;
  });
}

export async function materializeCommand(ctx: CommandContext, flags: Flags): Promise<number> {
  return (await materializeAndReport(ctx, flags)).code;
}

/** Plans, materializes and prints; the result is undefined when there was nothing to do. */
function materializeAndReport(ctx: CommandContext, flags: Flags): Promise<{ code: number; result?: RunResult }> {
  return withWorkspace(ctx, async (ws) => {
    const concurrency = positiveNumber(flags, 'concurrency', { integer: true });
    const waitSeconds = positiveNumber(flags, 'wait', { integer: false });
    const logicalDate = str(flags, 'logical-date');
    if (logicalDate !== undefined && !isCalendarDay(logicalDate)) {
      throw new UsageError(`--logical-date must be a day as YYYY-MM-DD, got '${logicalDate}'`);
    }
    const request = launchRequest(flags);
    const first = planLaunch(ws, request);
    if (first.nothing) {
      ctx.o.out(flags.json ? JSON.stringify({ runId: null, status: 'success', durationMs: 0, assets: [], checks: [] }, null, 2) : first.nothing);
      return { code: 0 };
    }
    const select = request.select || undefined;
    const progress = flags.json ? undefined : progressReporter(ctx.o);
    let result: RunResult;
    try {
      result = await ws.withWarehouse(`trellis materialize${select ? ` --select ${select}` : flags.all ? ' --all' : ''}`,
        (warehouse, waited) => {
          // After waiting, plan again: the process we waited for may have just built what we planned.
          const now = waited ? planLaunch(ws, request) : first;
          return materialize({
            project: ws.project, store: ws.store, warehouse, plan: now.plan,
            statuses: now.status.statuses, sources: now.status.sources, history: now.status.history,
            selection: now.recordedSelection,
            concurrency,
            logicalDate, trigger: 'cli', signal: ctx.signal, onEvent: progress?.onEvent, env: ctx.env,
          });
        }, { waitMs: (waitSeconds ?? 0) * 1000 });
    } finally {
      progress?.stop();
    }
    if (flags.json) ctx.o.out(JSON.stringify(runJson(result), null, 2));
    else ctx.o.out(formatRunSummary(ctx.o, result));
    return { code: result.status === 'success' ? 0 : 1, result };
  });
}

function runJson(r: RunResult) {
  return {
    runId: r.runId, status: r.status, durationMs: Math.round(r.durationMs),
    assets: r.steps.map((s) => ({ key: s.key, decision: s.decision, reason: s.reason, durationMs: Math.round(s.durationMs), rows: s.rows })),
    checks: r.steps.flatMap((s) => s.checks.map((c) => ({ asset: s.key, check: c.check, severity: c.severity, passed: c.passed,
      failingCount: c.failingCount, message: c.message ?? null }))),
  };
}

export function why(ctx: CommandContext, flags: Flags, args: readonly string[]): Promise<number> {
  return withWorkspace(ctx, async (ws) => {
    const key = requireKey(ws, args[0], 'why');
    const { statuses } = ws.status();
    const { graph } = ws.project;
    const status = statuses.get(key)!;
    const latest = ws.store.materializationHistory(key, 1)[0];
    const freshness = freshnessOf(graph, ws.store, trellisClock(ctx.env, str(flags, 'now'))()).get(key);
    const decision = ws.store.ops.decisions().get(key);
    if (flags.json) {
      ctx.o.out(JSON.stringify({ key, status: status.status, causes: status.causes, lastMaterialization: latest ?? null,
        freshness: freshness ?? null, automation: decision ?? null }, null, 2));
      return 0;
    }
    ctx.o.out(formatWhy(ctx.o, graph.get(key), status, graph.upstream(key), graph.downstream(key)));
    for (const line of formatOpsWhy(ctx.o, freshness, decision)) ctx.o.out(line);
    if (latest) {
      ctx.o.out(`  last materialized in run ${latest.runId} at ${latest.createdAt}${latest.rows === null ? '' : `, ${latest.rows} rows`}` +
        ` (code ${latest.codeVersion}, data ${latest.dataVersion})`);
      const metrics = Object.entries(latest.metadata);
      if (metrics.length) ctx.o.out(formatMetadata(ctx.o, metrics));
    }
    return 0;
  });
}

export function lineage(ctx: CommandContext, flags: Flags, args: readonly string[]): Promise<number> {
  return withWorkspace(ctx, async (ws) => {
    const key = requireKey(ws, args[0], 'lineage');
    const { graph } = ws.project;
    const directions: Array<'up' | 'down'> = flags.up ? ['up'] : flags.down ? ['down'] : ['up', 'down'];
    for (const direction of directions) {
      ctx.o.out(paint(ctx.o, 'bold', direction === 'up' ? `upstream of ${key}` : `downstream of ${key}`));
      const seen = new Set<string>();
      const walk = (k: string, depth: number) => {
        const next = direction === 'up' ? graph.upstream(k) : graph.downstream(k);
        for (const child of next) {
          const repeat = seen.has(child);
          seen.add(child);
          ctx.o.out(`${'  '.repeat(depth)}${direction === 'up' ? '↖' : '↘'} ${child}${repeat && (direction === 'up' ? graph.upstream(child) : graph.downstream(child)).length ? paint(ctx.o, 'gray', ' (see above)') : ''}`);
          if (!repeat) walk(child, depth + 1);
        }
      };
      walk(key, 1);
      if (!seen.size) ctx.o.out('  (none)');
    }
    return 0;
  });
}

export function runs(ctx: CommandContext, flags: Flags): Promise<number> {
  return withWorkspace(ctx, async (ws) => {
    const limit = positiveNumber(flags, 'limit', { integer: true }) ?? 20;
    const list = ws.store.listRuns({ limit });
    ctx.o.out(flags.json ? JSON.stringify(list, null, 2) : formatRuns(ctx.o, list));
    return 0;
  });
}

export function run(ctx: CommandContext, flags: Flags, args: readonly string[]): Promise<number> {
  return withWorkspace(ctx, async (ws) => {
    const id = Number(args[0]);
    const record = Number.isInteger(id) ? ws.store.getRun(id) : undefined;
    if (!record) throw new UsageError(`no run '${args[0] ?? ''}'`, { fix: '`trellis runs` lists the runs' });
    const steps = ws.store.steps(id);
    const checks = ws.store.checkResults({ runId: id });
    const events = ws.store.events(id);
    if (flags.json) ctx.o.out(JSON.stringify({ run: record, steps, checks, events }, null, 2));
    else ctx.o.out(formatRun(ctx.o, record, steps, checks, events));
    return 0;
  });
}

export function check(ctx: CommandContext, flags: Flags): Promise<number> {
  return withWorkspace(ctx, async (ws) => {
    const { graph } = ws.project;
    const select = str(flags, 'select');
    // Statuses (hashing the sources) only when the selection asks about state.
    const keys = select ? selectInProject(select, ws.project, () => ws.status().statuses).assets : new Set(graph.keys);
    const targets = graph.keys.filter((k) => keys.has(k) && graph.get(k).checks.length);
    // Custom checks judge the metrics the asset recorded (a model's gate): those of its published version.
    const published = ws.store.latestMaterializations();
    let failed = 0;
    const all: Array<Record<string, unknown>> = [];
    await ws.withWarehouse('trellis check', async (warehouse) => {
      const runId = ws.store.createRun({ selection: select ?? '*', trigger: 'check', pid: process.pid, logicalDate: new Date().toISOString().slice(0, 10), plannedKeys: [] });
      const session = await warehouse.session();
      try {
        for (const key of targets) {
          const r = parseKey(key);
          if (!(await warehouse.relationKind(r))) {
            ctx.o.err(paint(ctx.o, 'gray', `- ${key}: not materialized yet, checks skipped`));
            continue;
          }
          const results = await runChecks(graph.get(key), session, warehouse.dialect.relation(r.schema, r.name), warehouse.dialect,
            published.get(key)?.metadata ?? {},
            async (k) => (await warehouse.relationKind(parseKey(k))) !== undefined);
          for (const c of results) {
            ws.store.recordCheckResult({ runId, key, check: c.check, severity: c.severity, passed: c.passed, failingCount: c.failingCount,
              message: c.message ?? null, sample: c.sample, metadata: c.metadata ?? {} });
            if (!c.passed && c.severity === 'error') failed++;
            all.push({ asset: key, check: c.check, severity: c.severity, passed: c.passed, failingCount: c.failingCount, message: c.message ?? null });
            if (!flags.json) {
              const mark = c.passed ? paint(ctx.o, 'green', '✓') : paint(ctx.o, c.severity === 'error' ? 'red' : 'yellow', c.severity === 'error' ? '✗' : '⚠');
              ctx.o.out(`${mark} ${key} ${c.check}${c.passed ? '' : `: ${c.message}`}`);
            }
          }
        }
      } finally {
        await session.close();
        ws.store.finishRun(runId, failed ? 'failed' : 'success', { ran: 0, skipped: 0, failed: 0, checksFailed: failed,
          checksWarned: all.filter((c) => !c.passed && c.severity === 'warn').length });
      }
    });
    if (flags.json) ctx.o.out(JSON.stringify(all, null, 2));
    else ctx.o.out(`${all.length} checks on ${targets.length} asset${targets.length === 1 ? "" : "s"}: ${failed} failed`);
    return failed ? 1 : 0;
  });
}

/** The project's sample data and the folder its sources read. */
async function sampleData(ctx: CommandContext): Promise<{ sample: SampleData; dir: string }> {
  const config = await loadConfig(ctx.projectDir, ctx.env);
  const sample = await loadSampleData(config, ctx.projectDir);
  return { sample, dir: sample.dataDir({ projectDir: path.resolve(ctx.projectDir), env: ctx.env }) };
}

export async function demoData(ctx: CommandContext, flags: Flags): Promise<number> {
  const { sample, dir } = await sampleData(ctx);
  const scale = Number(str(flags, 'scale') ?? 1);
  const seed = Number(str(flags, 'seed') ?? 42);
  if (!(scale > 0)) throw new UsageError(`--scale must be a positive number, got '${str(flags, 'scale')}'`);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got '${str(flags, 'seed')}'`);
  const format = str(flags, 'format') ?? sample.formats[0]!;
  if (!sample.formats.includes(format)) {
    throw new UsageError(`--format must be ${sample.formats.join(' or ')}, got '${format}'`, { fix: `this project's sample data comes as ${sample.formats.join(', ')}` });
  }
  const outDir = path.resolve(ctx.projectDir, str(flags, 'out') ?? dir);
  const t0 = performance.now();
  const written = await sample.generate({ outDir, scale, seed, format });
  const rows = Object.values(written.rows).reduce((a, b) => a + b, 0);
  ctx.o.out(`wrote ${sample.description}: ${written.files.length} files (${rows.toLocaleString('en-US')} rows, scale ${scale}, seed ${seed}) to ${shownPath(outDir, process.cwd())} in ${formatDuration(performance.now() - t0)}`);
  return 0;
}

/** `npm run demo`: sample data when the data folder is empty, then materialize everything stale. */
export async function demo(ctx: CommandContext, flags: Flags): Promise<number> {
  const { sample, dir } = await sampleData(ctx);
  const shown = path.relative(process.cwd(), dir) || dir;
  const empty = !fs.existsSync(dir) || fs.readdirSync(dir).filter((f) => !f.startsWith('.')).length === 0;
  if (empty) {
    ctx.o.out(`no data in ${shown}: generating ${sample.description}`);
    const code = await demoData(ctx, { ...flags, out: dir });
    if (code) return code;
  } else {
    ctx.o.out(`using the data in ${shown}`);
  }
  const { code, result } = await materializeAndReport(ctx, flags);
  const refused = result ? gateRefusals(result) : [];
  if (code === 0 || refused.length === 0 || refused.length !== result!.steps.filter((s) => s.decision === 'failed').length) return code;
  // The sample data is synthetic: a model doing no better than its baseline is
  // the validation gate working, which the demo is there to show, not a broken install.
  if (!flags.json) ctx.o.out(formatGateNote(ctx.o, refused));
  return 0;
}

/** Failed steps whose only fault is a blocking check (the asset built, its gate refused to publish it). */
function gateRefusals(result: RunResult): StepResult[] {
  return result.steps.filter((s) => s.decision === 'failed' && s.checks.some((c) => c.severity === 'error' && !c.passed));
}

