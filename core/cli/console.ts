/**
 * All terminal formatting of the CLI lives here: tables, statuses, plans,
 * run summaries, errors. Colour only on a terminal (and never with NO_COLOR).
 */
import type { StaleStatus, Status } from '../staleness.ts';
import type { RunResult, StepResult } from '../execution/index.ts';
import type { PlannedStep } from '../plan.ts';
import type { RunRecord, StepRecord, CheckResultRecord, EventRecord } from '../runstore/index.ts';
import type { AssetDefinition } from '../definitions.ts';
import { formatBytes, formatDuration } from '../format.ts';
import { onDemandCostUsd, type Estimate } from '../estimate.ts';
import type { FreshnessState } from '../ops/freshness.ts';
import type { ScheduleConfig } from '../ops/policies.ts';
import type { TickReport } from '../ops/tick.ts';
import type { AutomationDecision, TickRecord } from '../runstore/ops.ts';
import type { ModelStatus, ModelValidation, ValidationReport } from '../warehouse/bigquery/analyzer/validate.ts';

export interface Output {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Writes to stderr without a newline (cursor control for live progress). */
  readonly errRaw: (text: string) => void;
  readonly color: boolean;
  readonly tty: boolean;
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1 } as const;
export type Color = keyof typeof CODES;

export function paint(o: Pick<Output, 'color'>, color: Color, text: string): string {
  return o.color ? `\u001b[${CODES[color]}m${text}\u001b[0m` : text;
}

const STATUS_COLOR: Record<Status, Color> = { fresh: 'green', stale: 'yellow', missing: 'gray', failed: 'red' };

export function statusLabel(o: Output, status: Status): string {
  return paint(o, STATUS_COLOR[status], status);
}

/** A left-aligned text table; `widths` are computed from the content. */
export function table(rows: readonly (readonly string[])[], header?: readonly string[]): string {
  const all = header ? [header, ...rows] : rows;
  const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths = all[0]?.map((_, i) => Math.max(...all.map((r) => visible(r[i] ?? '')))) ?? [];
  const line = (r: readonly string[]) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - visible(c)))).join('  ').trimEnd();
  return all.map(line).join('\n');
}

export function formatList(o: Output, defs: readonly AssetDefinition[], statuses: ReadonlyMap<string, StaleStatus>,
  freshness: ReadonlyMap<string, FreshnessState> = new Map()): string {
  if (defs.length === 0) return 'no asset matches the selection';
  const rows = defs.map((d) => {
    const s = statuses.get(d.key)!;
    const overdue = freshness.get(d.key)?.status === 'overdue' ? freshness.get(d.key)!.message : undefined;
    const cause = s.causes[0]?.message ?? overdue ?? '';
    const more = s.causes.length > 1 ? ` (+${s.causes.length - 1} more)` : '';
    return [d.key, d.group, d.kind, statusLabel(o, s.status) + (overdue ? ` ${paint(o, 'yellow', '⚠ overdue')}` : ''), paint(o, 'gray', cause + more)];
  });
  const counts = countStatuses(defs.map((d) => statuses.get(d.key)!.status));
  const overdue = defs.filter((d) => freshness.get(d.key)?.status === 'overdue').length;
  // dbt models written for another warehouse that could not be translated for this one.
  const untranslated = defs.filter((d) => d.tags.not_transpiled !== undefined).map((d) => `\n${paint(o, 'yellow', 'not transpiled')} ${d.key}: ${d.tags.not_transpiled}`);
  return `${table(rows, ['ASSET', 'GROUP', 'KIND', 'STATUS', 'WHY'])}\n\n${defs.length} assets: ${counts}${overdue ? `; ${overdue} overdue` : ''}${untranslated.join('')}`;
}

export function countStatuses(statuses: readonly Status[]): string {
  const counts = new Map<Status, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return (['fresh', 'stale', 'missing', 'failed'] as const).filter((s) => counts.get(s)).map((s) => `${counts.get(s)} ${s}`).join(', ');
}

export function formatWhy(o: Output, def: AssetDefinition, status: StaleStatus, upstream: readonly string[], downstream: readonly string[]): string {
  const lines = [`${paint(o, 'bold', def.key)}  ${statusLabel(o, status.status)}`,
    `  kind ${def.kind}, group ${def.group}${def.materialization && def.kind === 'sql' ? `, ${def.materialization}` : ''}${def.file ? `, defined in ${def.file}` : ''}`];
  if (def.description) lines.push(...wrap(def.description, 96).map((l) => `  ${l}`));
  if (status.causes.length === 0) lines.push('  fresh: its code, its inputs and its dependencies are unchanged since its last materialization');
  else {
    lines.push(status.status === 'missing' ? '  why it will run:' : `  why it is ${status.status}:`);
    for (const c of status.causes) lines.push(`    - ${c.message}`);
    if (status.causes.every((c) => c.kind === 'upstream_stale')) {
      lines.push(paint(o, 'gray', '  (it runs only if those upstreams\' rebuilds change their data; otherwise it is skipped as "inputs unchanged")'));
    }
  }
  lines.push(`  upstream: ${upstream.join(', ') || 'none'}`, `  downstream: ${downstream.join(', ') || 'none'}`);
  return lines.join('\n');
}

/** Words of `text` in lines of at most `width` characters (a longer word stands alone). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export function formatPlan(o: Output, steps: readonly PlannedStep[], expected: ReadonlyMap<string, Estimate>, env: NodeJS.ProcessEnv = {}): string {
  const run = steps.filter((s) => s.action === 'run');
  if (!run.length && !steps.length) return 'nothing to do: every asset is fresh';
  // Bytes only where the engine reports them (BigQuery): a DuckDB project sees no empty column.
  const withBytes = steps.some((s) => expected.get(s.key)?.bytesProcessed !== undefined);
  const rows = steps.map((s) => [
    s.action === 'run' ? paint(o, s.conditional ? 'yellow' : 'green', s.conditional ? 'run?' : 'run') : paint(o, 'gray', 'skip'),
    s.key, formatDuration(expected.get(s.key)?.durationMs),
    ...(withBytes ? [formatBytes(expected.get(s.key)?.bytesProcessed)] : []),
    paint(o, 'gray', s.reason)]);
  const known = run.filter((s) => expected.get(s.key)?.durationMs !== undefined);
  const total = known.reduce((t, s) => t + expected.get(s.key)!.durationMs!, 0);
  const estimate = known.length === 0 ? 'no history yet to estimate from'
    : `about ${formatDuration(total)} of work${known.length < run.length ? ` for the ${known.length} with history` : ''}`;
  const bytes = run.reduce((t, s) => t + (expected.get(s.key)?.bytesProcessed ?? 0), 0);
  // BigQuery bills at least 10 MB a query, so the price is the billed bytes' (the processed ones' on an old history).
  const billed = run.reduce((t, s) => t + (expected.get(s.key)?.bytesBilled ?? expected.get(s.key)?.bytesProcessed ?? 0), 0);
  const billedText = run.some((s) => expected.get(s.key)?.bytesBilled !== undefined) ? `, ${formatBytes(billed)} billed` : '';
  const cost = withBytes ? `, ${formatBytes(bytes)} processed${billedText} (about $${onDemandCostUsd(billed, env).toFixed(2)} at on-demand prices)` : '';
  const header = ['ACTION', 'ASSET', 'EXPECTED', ...(withBytes ? ['BYTES'] : []), 'REASON'];
  return `${table(rows, header)}\n\n${run.length} to run` +
    `${run.some((s) => s.conditional) ? ' ("run?" runs only if its upstream data changes)' : ''}, ${estimate}${cost}`;
}

function stepMark(o: Output, s: StepResult): string {
  return s.decision === 'ran' ? paint(o, 'green', '✓') : s.decision === 'failed' ? paint(o, 'red', '✗') : paint(o, 'gray', '-');
}

export function formatStepLine(o: Output, s: StepResult): string {
  const rows = s.rows === null ? '' : `, ${s.rows.toLocaleString('en-US')} rows`;
  // Warehouse errors span lines (the SQL and a caret); the first says what went wrong, `trellis run ID` has the rest.
  const detail = s.decision === 'ran' ? `${formatDuration(s.durationMs)}${rows}` : s.reason.split('\n')[0]!;
  const warned = s.checks.filter((c) => !c.passed && c.severity === 'warn');
  const warn = warned.length ? paint(o, 'yellow', `  ⚠ ${warned.length} warning${warned.length > 1 ? 's' : ''}: ${warned.map((c) => `${c.check} (${c.message})`).join(', ')}`) : '';
  return `${stepMark(o, s)} ${s.key}  ${paint(o, s.decision === 'failed' ? 'red' : 'gray', detail)}${warn}`;
}

export function formatRunSummary(o: Output, r: RunResult): string {
  const ran = r.steps.filter((s) => s.decision === 'ran').length;
  const skipped = r.steps.filter((s) => s.decision === 'skipped').length;
  const failed = r.steps.filter((s) => s.decision === 'failed');
  const checks = r.steps.flatMap((s) => s.checks);
  const checkFails = checks.filter((c) => !c.passed && c.severity === 'error').length;
  const warns = checks.filter((c) => !c.passed && c.severity === 'warn').length;
  const colour: Color = r.status === 'success' ? 'green' : 'red';
  const lines = [
    `${paint(o, colour, `run ${r.runId} ${r.status}`)} in ${formatDuration(r.durationMs)}: ` +
    `${ran} ran, ${skipped} skipped, ${failed.length} failed; checks: ${checks.length - checkFails - warns} passed, ${warns} warned, ${checkFails} failed`,
  ];
  for (const f of failed) {
    const [first, ...rest] = f.reason.split('\n');
    lines.push(paint(o, 'red', `  ✗ ${f.key}: ${first}`));
    // The fix, when the failure carries one; the rest of a long error is in `trellis run N`.
    const fix = rest.find((line) => line.trimStart().startsWith('fix: '));
    if (fix) lines.push(`      ${fix.trim()}`);
  }
  const unchanged = r.steps.filter((s) => s.reason === 'inputs unchanged').length;
  if (unchanged) lines.push(paint(o, 'gray', `  ${unchanged} skipped as "inputs unchanged": their upstreams were rebuilt with identical data`));
  if (failed.length) lines.push(paint(o, 'gray', `  details: trellis run ${r.runId}`));
  return lines.join('\n');
}

/** A materialization's metadata, one entry a line (model metrics are many and long). */
export function formatMetadata(o: Output, entries: ReadonlyArray<readonly [string, unknown]>): string {
  const width = Math.max(...entries.map(([key]) => key.length));
  return ['  metadata:', ...entries.map(([key, value]) =>
    `    ${paint(o, 'gray', key.padEnd(width))}  ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)].join('\n');
}

/** After `demo`: which outputs a validation gate kept unpublished, and where to read why. */
export function formatGateNote(o: Output, refused: readonly StepResult[]): string {
  return [
    paint(o, 'yellow', `${refused.length} model output${refused.length === 1 ? ' was' : 's were'} not published: ` +
      'the validation gate refused them, and the previous table (if any) stays.'),
    ...refused.map((s) => `  ${s.key}: ${s.checks.filter((c) => c.severity === 'error' && !c.passed).map((c) => c.check).join(', ')}`),
    paint(o, 'gray', '  On the synthetic sample data this is expected; `npx trellis why KEY` shows the figures.'),
    paint(o, 'gray', '  The demo exits 0 because everything else is up to date; `trellis materialize` exits 1 on the same run.'),
  ].join('\n');
}

export function formatRuns(o: Output, runs: readonly RunRecord[]): string {
  if (!runs.length) return 'no runs yet: try `trellis materialize`';
  return table(runs.map((r) => [String(r.id), paint(o, r.status === 'success' ? 'green' : r.status === 'running' ? 'blue' : 'red', r.status),
    r.startedAt.replace('T', ' ').slice(0, 19), formatDuration(r.durationMs),
    r.summary ? `${r.summary.ran} ran, ${r.summary.skipped} skipped, ${r.summary.failed} failed` : '', r.selection]),
  ['RUN', 'STATUS', 'STARTED', 'DURATION', 'STEPS', 'SELECTION']);
}

export function formatRun(o: Output, run: RunRecord, steps: readonly StepRecord[], checks: readonly CheckResultRecord[], events: readonly EventRecord[]): string {
  const lines = [`${paint(o, 'bold', `run ${run.id}`)}  ${run.status}  started ${run.startedAt}  ${formatDuration(run.durationMs)}  selection: ${run.selection}  (${run.trigger}, pid ${run.pid})`, ''];
  lines.push(table(steps.map((s) => [s.key, s.status, formatDuration(s.durationMs), s.rows === null ? '' : String(s.rows), s.error ?? s.reason]),
    ['ASSET', 'STATUS', 'DURATION', 'ROWS', 'DECISION / REASON']));
  const notable = checks.filter((c) => !c.passed);
  if (notable.length) {
    lines.push('', 'checks not passing:');
    for (const c of notable) {
      lines.push(`  ${paint(o, c.severity === 'error' ? 'red' : 'yellow', c.severity)} ${c.key} ${c.check}: ${c.message ?? ''}`);
      for (const row of c.sample.slice(0, 3)) lines.push(paint(o, 'gray', `      ${JSON.stringify(row)}`));
    }
  }
  const logs = events.filter((e) => e.type === 'log' || e.level === 'error' || e.level === 'warn');
  if (logs.length) {
    lines.push('', 'log:');
    for (const e of logs.slice(-40)) lines.push(`  ${e.createdAt.slice(11, 23)} ${e.level.padEnd(5)} ${e.key ?? ''} ${e.message}`);
  }
  return lines.join('\n');
}

/** What `trellis ui` prints once it listens. */
export function formatServerStart(o: Output, s: { readonly url: string; readonly host: string; readonly token: string | undefined; readonly generatedToken: boolean }): string {
  const lines = [`${paint(o, 'bold', 'Trellis UI')} on ${paint(o, 'cyan', s.url)}  (Ctrl+C to stop)`];
  if (s.host !== '127.0.0.1' && s.host !== 'localhost' && s.host !== '::1') {
    lines.push(paint(o, 'yellow', `listening on ${s.host}: anyone who reaches this machine can read the project; changes need the token`));
  }
  if (s.token) {
    lines.push(`token${s.generatedToken ? ' (generated; set --token or TRELLIS_UI_TOKEN to choose it)' : ''}: ${s.token}`,
      paint(o, 'gray', `  browser: open ${s.url}?token=${encodeURIComponent(s.token)} once; API: send \`Authorization: Bearer <token>\` with each POST`));
  }
  return lines.join('\n');
}

/** `trellis store repair`'s report. */
export function formatRepair(o: Output, path: string, r: import('../runstore/repair.ts').RepairReport): string {
  if (r.status === 'missing') return `no run store at ${path}: nothing to repair (the next command creates one)`;
  if (r.status === 'healthy') return `${paint(o, 'green', '✓')} the run store ${path} is healthy: nothing to repair`;
  const lines = [`${paint(o, 'yellow', 'repaired')} the run store ${path} (${r.problem})`, `  the damaged file is kept at ${r.keptAt}`];
  for (const [table, n] of Object.entries(r.salvaged)) lines.push(`  ${table}: ${n} row${n === 1 ? '' : 's'} salvaged`);
  for (const [table, why] of Object.entries(r.lost)) lines.push(`  ${paint(o, 'red', `${table}: lost`)} (${why})`);
  lines.push('  the warehouse was not touched; assets whose history was lost show as missing and are rebuilt by the next `trellis materialize`');
  return lines.join('\n');
}

/** What `trellis init` wrote, and the commands that take the new project from there. */
export function formatInitDone(o: Output, done: { readonly dir: string; readonly name: string; readonly dependency: string; readonly files: readonly string[] }): string {
  const cd = done.dir === '.' ? [] : [`cd ${/\s/.test(done.dir) ? JSON.stringify(done.dir) : done.dir}`];
  const steps = [...cd, 'npm install', 'npx trellis materialize', 'npx trellis list', 'npm test', 'npx trellis ui'];
  return [
    `${paint(o, 'green', 'created')} ${done.name} in ${done.dir} (trellis: ${done.dependency})`,
    ...done.files.map((f) => `  ${f}`),
    '',
    'next steps:',
    ...steps.map((s) => `  ${paint(o, 'bold', s)}`),
  ].join('\n');
}

// Schedules and the daemon

const OUTCOME_COLOR: Record<string, Color> = { ran: 'green', 'skipped-nothing-stale': 'gray', 'skipped-run-in-progress': 'yellow',
  'failed-to-launch': 'red', missed: 'red', launching: 'cyan' };

export interface ScheduleView {
  readonly name: string;
  readonly schedule: ScheduleConfig;
  readonly next: readonly Date[];
  readonly ticks: readonly TickRecord[];
}

/** `trellis schedules`: each job, its next ticks and its last outcomes. */
export function formatSchedules(o: Output, views: readonly ScheduleView[], daemon: string): string {
  if (!views.length) return "no schedules: add `schedules: { daily: { select: '*', cron: '0 2 * * *', timezone: 'Europe/Paris' } }` to trellis.config.ts";
  const blocks = views.map((v) => {
    const lines = [`${paint(o, 'bold', v.name)}  '${v.schedule.cron}' ${v.schedule.timezone}  select ${v.schedule.select}${v.schedule.catchup ? '  catchup' : ''}`,
      `  next: ${v.next.map((d) => d.toISOString()).join(', ')}`];
    if (!v.ticks.length) lines.push(paint(o, 'gray', '  no ticks yet'));
    for (const t of v.ticks) {
      lines.push(`  ${t.scheduledAt}  ${paint(o, OUTCOME_COLOR[t.outcome] ?? 'gray', t.outcome)}${t.runId === null ? '' : `  run ${t.runId}`}${t.reason ? paint(o, 'gray', `  ${t.reason}`) : ''}`);
    }
    return lines.join('\n');
  });
  return [...blocks, daemon].join('\n\n');
}

/** One line per thing that happened in a tick (nothing when nothing did). */
export function formatTickReport(o: Output, r: TickReport): string[] {
  const lines = r.ticks.map((t) => `${r.at} ${t.schedule} tick ${t.scheduledAt}: ${paint(o, OUTCOME_COLOR[t.outcome] ?? 'gray', t.outcome)}${t.runId === null ? '' : ` (run ${t.runId})`} ${paint(o, 'gray', t.reason)}`);
  for (const x of r.retries) lines.push(`${r.at} retry of run ${x.retryOf} (${x.keys.join(', ')}): ${x.outcome}${x.runId === null ? '' : ` (run ${x.runId})`}`);
  const launched = r.automation.filter((a) => a.launch);
  if (launched.length) lines.push(`${r.at} automation: ${launched.map((a) => `${a.key} (${a.reason})`).join(', ')}`);
  for (const f of r.overdue) lines.push(paint(o, 'yellow', `${r.at} ⚠ ${f.key} ${f.message}`));
  return lines;
}

/** The lines `trellis why` adds for freshness and the daemon's latest automation decision. */
export function formatOpsWhy(o: Output, freshness: FreshnessState | undefined, decision: AutomationDecision | undefined): string[] {
  const lines: string[] = [];
  if (freshness) lines.push(`  freshness: ${freshness.status === 'overdue' ? paint(o, 'yellow', `⚠ ${freshness.message}`) : freshness.message}`);
  if (decision) lines.push(`  automation (${decision.evaluatedAt}): ${decision.launch ? `launched${decision.runId === null ? '' : ` in run ${decision.runId}`}` : 'not launched'}: ${decision.reason}`);
  return lines;
}

/** `plan --target bigquery --dry-run`: each model's status, its error with file, line and column, and a summary. */
export function formatDryRun(o: Output, report: ValidationReport): string {
  const label: Record<ModelStatus, string> = { ok: paint(o, 'green', 'ok'), invalid: paint(o, 'red', 'invalid'), skipped: paint(o, 'yellow', 'skipped') };
  const rows = report.models.map((m) => [label[m.status], m.key, m.status === 'ok'
    ? paint(o, 'gray', `${m.columns ? `${m.columns.length} columns, ` : ''}${formatDuration(m.durationMs)}`)
    : m.error ? `${sqlPosition(m)} ${m.error.message}` : paint(o, 'gray', m.reason ?? '')]);
  const errors = report.models.filter((m) => m.error?.excerpt)
    .map((m) => `${m.key} (${sqlPosition(m)}):\n${m.error!.excerpt!.split('\n').map((l) => `    ${l}`).join('\n')}`);
  const count = (s: ModelStatus) => report.models.filter((m) => m.status === s).length;
  const by = report.analyzer === 'zetasql' ? 'validated by ZetaSQL' : paint(o, 'yellow', `lexical check only: ${report.note}`);
  const assumed = report.assumedString.length
    ? [paint(o, 'gray', `column types unknown for ${report.assumedString.join(', ')}: taken as STRING (materialize locally or declare column types to check them)`)] : [];
  return [`BigQuery dry run, nothing sent: ${by}`, '', table(rows, ['STATUS', 'MODEL', 'DETAIL']), ...(errors.length ? ['', ...errors] : []),
    ...assumed, '', `${report.models.length} models: ${count('ok')} ok, ${count('invalid')} invalid, ${count('skipped')} skipped in ${formatDuration(report.durationMs)}`].join('\n');
}

/** `sql/staging/Clients.sql:12:5` (the model file's line), else `line 12:5 of the rendered SQL`. */
function sqlPosition(m: ModelValidation): string {
  const e = m.error!;
  const column = e.column === undefined ? '' : `:${e.column}`;
  if (e.line === undefined) return m.file ?? m.key;
  return e.fileLine !== undefined && m.file ? `${m.file}:${e.fileLine}${column}` : `${m.file ?? m.key}, rendered SQL line ${e.line}${column}`;
}
