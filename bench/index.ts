/**
 * `npm run bench`: prints each figure as `name: value unit` and writes
 * bench/results.json with the machine and date. Figures, not assertions:
 * targets are in the issues and the README. results.json holds only what
 * this invocation measured; a part not run is listed under `skipped` with
 * the reason, never copied from an earlier file.
 *
 * Environment: BENCH_ONLY=planning,overhead,... runs only those parts (see
 * PARTS); BENCH_SCALE10=0 skips the scale-10 run (it takes minutes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { planBenchmark } from './planning.ts';
import { measureModels } from './models.ts';
import { measureUiRender } from './ui-render.ts';
import { ensureDir, measureOverhead } from './overhead.ts';
import { measureChecks } from './checks.ts';
import { measureWorkbookRead } from './workbook.ts';
import { measureDaemonIdle } from './daemon-idle.ts';
import { measureApiLoad } from './api-load.ts';
import { measureDashboards } from './dashboards.ts';
import { measureChartLibraries } from './chart-libraries.ts';
import { LIBRARIES } from './chart-libraries/build.ts';
import { generateDemoData } from '../assets/carttrend/demo-data/index.ts';
import { readWorkbook } from '../assets/carttrend/workbook.ts';
import { workbook, headersOf } from '../assets/carttrend/catalog.ts';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');
const results: Record<string, number> = {};
function record(name: string, value: number, unit: string, digits = 2): void {
  results[name] = Number(value.toFixed(digits));
  console.log(`${name}: ${value.toFixed(digits)} ${unit}`);
}

/**
 * The generator's code (its folder, and the catalog and zip writer it imports), so that sample data
 * cached by an earlier bench is regenerated after it changes.
 */
function generatorVersion(): string {
  const dir = path.join(root, 'assets/carttrend/demo-data');
  const files = [...fs.readdirSync(dir).sort().map((f) => path.join(dir, f)),
    path.join(root, 'assets/carttrend/catalog.ts'), path.join(root, 'assets/carttrend/zip-directory.ts')];
  const hash = createHash('sha256');
  for (const file of files) hash.update(fs.readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

async function dataAt(scale: number): Promise<string> {
  const dir = path.join(os.tmpdir(), `trellis-bench-data-${scale}-${generatorVersion()}`);
  // Written last: an interrupted generation is not reused.
  const complete = path.join(dir, '.complete');
  if (!fs.existsSync(complete)) {
    await generateDemoData({ outDir: ensureDir(dir), scale, seed: 42 });
    fs.writeFileSync(complete, '');
  }
  return dir;
}

/** Wall time of `trellis materialize --all` as a user runs it (a whole CLI process), on a fresh state directory. */
function cliMaterializeAll(data: string, home: string): number {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [path.join(root, 'bin/trellis.js'), 'materialize', '--all', '--json'],
    { cwd: root, env: { ...process.env, TRELLIS_HOME: home, CARTTREND_DATA_DIR: data }, stdio: 'pipe', maxBuffer: 2 ** 26 });
  const ms = performance.now() - t0;
  // A model's validation gate refusing to publish exits 1 after all the work: that timing stands. Any other failure does not.
  const failed = run.status === 1
    ? (JSON.parse(String(run.stdout)) as { assets: Array<{ decision: string; reason: string }> }).assets.filter((a) => a.decision === 'failed')
    : [];
  if (run.status !== 0 && (run.status !== 1 || failed.some((a) => !a.reason.startsWith('blocked by check')))) {
    throw new Error(`trellis materialize --all exited ${run.status}: ${run.stderr}${failed.map((a) => `\n  ${a.reason}`).join('')}`);
  }
  return ms;
}

/**
 * `trellis materialize --all` on the scale-1 data, then, on the state it
 * left, a no-op `trellis materialize` (median of 5 processes) and the model fits.
 */
async function scale1(): Promise<void> {
  const data = await dataAt(1);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-home-1-'));
  const env = { ...process.env, TRELLIS_HOME: home, CARTTREND_DATA_DIR: data };
  record('materialize_all_s_scale1', cliMaterializeAll(data, home) / 1000, 's (`trellis materialize --all`, whole CLI process, 195,653 source rows)');
  const runs: number[] = [];
  let first: number | null | undefined;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, [path.join(root, 'bin/trellis.js'), 'materialize'], { cwd: root, env, stdio: 'pipe' });
    runs.push(performance.now() - t0);
    // A refused gate leaves its model stale, so each no-op retries it: say so rather than time it silently.
    first ??= run.status;
    if (run.status !== first) throw new Error(`trellis materialize exited ${run.status}: ${run.stderr}`);
  }
  if (first !== 0) console.log('note: a model gate refused on this data, so noop_ms includes retrying that model');
  record('noop_ms', runs.sort((a, b) => a - b)[2]!, 'ms (median of 5 processes)', 0);
  await models(path.join(home, 'warehouse.duckdb'));
  fs.rmSync(home, { recursive: true, force: true });
}

async function overhead(scale: number): Promise<void> {
  const o = await measureOverhead(await dataAt(scale), scale === 1 ? 3 : 1);
  const suffix = scale === 1 ? '' : `_scale${scale}`;
  const how = `median of ${o.rounds}, ${o.steps} sources and SQL models, ${o.checks} checks on both sides` +
    (o.customChecks ? `, ${o.customChecks} TypeScript checks on neither` : '');
  record(`overhead_ratio${suffix}`, o.trellisParallelMs / o.plainParallelMs,
    `(parallel at ${o.concurrency}: trellis ${(o.trellisParallelMs / 1000).toFixed(2)} s / plain script ${(o.plainParallelMs / 1000).toFixed(2)} s; ${how})`, 3);
  record(`overhead_ratio_sequential${suffix}`, o.trellisSequentialMs / o.plainSequentialMs,
    `(one at a time: trellis ${(o.trellisSequentialMs / 1000).toFixed(2)} s / plain script ${(o.plainSequentialMs / 1000).toFixed(2)} s)`, 3);
  results[`trellis_parallel_s${suffix}`] = Number((o.trellisParallelMs / 1000).toFixed(2));
  results[`plain_parallel_s${suffix}`] = Number((o.plainParallelMs / 1000).toFixed(2));
  results[`trellis_sequential_s${suffix}`] = Number((o.trellisSequentialMs / 1000).toFixed(2));
  results[`plain_sequential_s${suffix}`] = Number((o.plainSequentialMs / 1000).toFixed(2));
}

async function models(warehouseFile: string): Promise<void> {
  const m = await measureModels(warehouseFile);
  record('forecast_fit_ms', m.forecastFitMs, `ms (Prophet fit + cross-validation refits every 30 days from day 180, ${m.sizes.days} days, warm; median of 3)`, 0);
  record('forecast_fit_cold_ms', m.forecastFitColdMs, 'ms (the same, first in a process: V8 compiles the WebAssembly)', 0);
  record('apriori_ms', m.aprioriMs, `ms (${m.sizes.baskets.toLocaleString('en-US')} baskets, min support 0.1, itemsets and rules)`, 0);
  record('xgboost_fit_ms', m.xgboostFitMs, `ms (5 machine types, ${m.sizes.machineMonths.toLocaleString('en-US')} machine-months, 100 trees each)`, 0);
  record('geoloc_clients_per_s', m.geolocClientsPerS, `clients/s (${m.sizes.clients.toLocaleString('en-US')} IPs, opening the database included)`, 0);
}

async function loading(): Promise<void> {
  const data = await dataAt(1);
  const spec = workbook('orders');
  const file = path.join(data, `${spec.file}.xlsx`);
  const t0 = performance.now();
  const { rows } = await readWorkbook(file, { sheet: spec.sheet, expectedHeaders: headersOf(spec) });
  record('load_rows_per_s', rows.length / ((performance.now() - t0) / 1000), 'rows/s (orders workbook, read + parse + typing)', 0);
  const read = await measureWorkbookRead(file);
  record('workbook_read_ms_exceljs', read.exceljsMs, "ms (the 80,000-row orders workbook through exceljs's streaming reader; best of 3)", 0);
  record('workbook_read_ms', read.readerMs, 'ms (the same through core/sources/xlsx.ts; best of 3, alternated)', 0);
  record('workbook_read_speedup', read.speedup, 'x', 2);
}

async function planning(): Promise<void> {
  for (const n of [1000, 10_000, 100_000]) {
    const { ms, medianMs } = planBenchmark(n);
    record(`plan_ms_${n / 1000}k`, ms, `ms (graph + staleness + plan, ${n.toLocaleString('en-US')} assets; best of 5)`, 1);
    record(`plan_ms_${n / 1000}k_median`, medianMs, 'ms (their median)', 1);
  }
}

async function scale10(): Promise<void> {
  const data = await dataAt(10);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-home-10-'));
  record('materialize_all_s_scale10', cliMaterializeAll(data, home) / 1000, 's (whole CLI process, about 1.96 million source rows)');
  fs.rmSync(home, { recursive: true, force: true });
  await overhead(10);
}

/**
 * ECharts, Vega-Lite and Observable Plot on the same three charts (bench/chart-libraries.ts):
 * `charts_<library>_bundle_kb` and `_gzip_kb`, then per chart `charts_<library>_<chart>_ms`, `_update_ms`, `_memory_mb`, `_dom_nodes`.
 */
async function charts(): Promise<void> {
  const { bundles, charts: figures } = await measureChartLibraries();
  const id = (library: string) => library.replaceAll('-', '_');
  for (const [library, bundle] of Object.entries(bundles)) {
    const name = LIBRARIES[library as keyof typeof LIBRARIES].name;
    record(`charts_${id(library)}_bundle_kb`, bundle.bytes / 1024, `KiB (${name}${library === 'react-only' ? '' : ' with React 19'}, the page's bundle, esbuild minified)`, 0);
    record(`charts_${id(library)}_bundle_gzip_kb`, bundle.gzipBytes / 1024, 'KiB gzipped (level 9)', 0);
    for (const [chart, f] of Object.entries(figures[library as keyof typeof figures])) {
      const marks = Object.entries(f.marks).map(([kind, n]) => `${n} ${kind}`).join(', ') || 'no chart';
      const offline = `${f.blockedRequests} requests off loopback, React ${f.react}`;
      record(`charts_${id(library)}_${chart}_ms`, f.ms, `ms (${name}, ${chart}: script start to drawn, median of 5 cold pages; ${marks}; ${offline})`, 0);
      record(`charts_${id(library)}_${chart}_update_ms`, f.updateMs, 'ms (to half the rows, as a cross-filter, until painted; median of 5)', 0);
      record(`charts_${id(library)}_${chart}_memory_mb`, f.memoryBytes / 2 ** 20, `MiB (measureUserAgentSpecificMemory after GC: JS ${(f.heapBytes / 2 ** 20).toFixed(1)} MiB + DOM + shared)`, 1);
      record(`charts_${id(library)}_${chart}_dom_nodes`, f.domNodes, 'DOM nodes', 0);
    }
  }
}

/** The parts, in the order they run; BENCH_ONLY picks some. */
const PARTS: Record<string, () => Promise<void>> = {
  planning,
  ui: async () => { record('ui_render_ms_1k', await measureUiRender(), 'ms (lineage page of 1,000 assets painted in Chromium, median of 3)', 0); },
  loading,
  checks: async () => {
    const { beforeMs, afterMs } = await measureChecks(await dataAt(1));
    record('checks_ms_before', beforeMs, 'ms (checks of the Carttrend staging views, one query per check as before; best of 3)', 1);
    record('checks_ms_after', afterMs, 'ms (the same checks, one scan per view, samples only for failed checks; best of 3)', 1);
  },
  overhead: () => overhead(1),
  api: async () => {
    const l = await measureApiLoad();
    const how = `${l.requests} requests from ${l.clients} concurrent clients, GET /api/runs and /api/assets alternated, ${l.runs} runs recorded, ${l.assets} assets, while a run wrote ${l.eventsWritten} events`;
    record('api_load_p99_ms', l.p99Ms, `ms (${how})`, 1);
    record('api_load_p50_ms', l.p50Ms, 'ms', 1);
    record('api_load_max_ms', l.maxMs, 'ms', 1);
    record('api_load_errors', l.errors, 'errors', 0);
  },
  scale1,
  scale10,
  dashboards: async () => {
    for (const scale of process.env.BENCH_SCALE10 === '0' ? [1] : [1, 10]) {
      for (const [id, ms] of Object.entries(await measureDashboards(await dataAt(scale)))) {
        record(`dashboard_paint_ms_${id.replaceAll('-', '_')}_s${scale}`, ms, `ms (dashboard ${id} at scale ${scale}: navigation to every chart painted in Chromium, median of 3)`, 0);
      }
    }
  },
  charts,
  daemon: async () => {
    const idle = await measureDaemonIdle(60);
    record('daemon_idle_cpu_ms_per_min', (idle.cpuMs / idle.seconds) * 60, `ms of CPU per minute (utime+stime of \`trellis daemon\` over ${idle.seconds} s idle, 30 s poll)`, 1);
  },
};

const only = process.env.BENCH_ONLY?.split(',').map((p) => p.trim()).filter(Boolean);
const unknown = only?.filter((p) => !(p in PARTS)) ?? [];
if (unknown.length) throw new Error(`BENCH_ONLY names no part ${unknown.join(', ')}; the parts are ${Object.keys(PARTS).join(', ')}`);
const skipped: Record<string, string> = {};
for (const [name, run] of Object.entries(PARTS)) {
  if (only && !only.includes(name)) skipped[name] = 'not in BENCH_ONLY';
  else if (name === 'scale10' && process.env.BENCH_SCALE10 === '0') skipped[name] = 'BENCH_SCALE10=0';
  else await run();
}

fs.writeFileSync(path.join(root, 'bench/results.json'), `${JSON.stringify({
  ...results,
  ...(Object.keys(skipped).length ? { skipped } : {}),
  machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  date: new Date().toISOString(),
}, null, 2)}\n`);
console.log('wrote bench/results.json');
