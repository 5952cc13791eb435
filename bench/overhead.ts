/**
 * Framework overhead, like for like: `trellis materialize` of the Carttrend
 * sources and SQL models against bench/plain-pipeline.ts, a plain script
 * doing the same work with the same workbook reader and @duckdb/node-api.
 * Each side is a whole process of compiled code (Trellis's CLI from dist/,
 * the plain script bundled with esbuild the same way), timed wall to wall on
 * the same data into a fresh warehouse file. Both run every SQL check of
 * those assets (the plain side one count query per check, once all steps
 * are done). Two modes: sequential (Trellis `--concurrency 1`, the script one
 * step at a time) and parallel (both at the machine's cores). The sides
 * alternate for several rounds and each figure is the median, since this
 * machine's speed drifts by tens of percent over minutes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bindLogicalDate, loadProject, parseKey } from '../core/index.ts';
import { carttrendDataDir, RAW_SCHEMA, workbookFile } from '../assets/carttrend/sources.ts';
import { CARTTREND_WORKBOOKS, headersOf, rawTableName } from '../assets/carttrend/catalog.ts';
import type { PlainJob, PlainStep } from './plain-pipeline.ts';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');

/** What both sides do: load the sources and run the SQL models (the model fits have no plain twin). */
export const COMPARED_SELECTION = 'kind:source or kind:sql';

export interface Overhead {
  readonly trellisParallelMs: number;
  readonly plainParallelMs: number;
  readonly trellisSequentialMs: number;
  readonly plainSequentialMs: number;
  readonly concurrency: number;
  readonly rounds: number;
  readonly steps: number;
  readonly checks: number;
  /** Checks neither side runs (TypeScript checks on these assets have no SQL to hand the script). */
  readonly customChecks: number;
}

/** The job for the plain script, from Trellis's own loader: the same rendered SQL and check queries. */
export async function writePlainJob(env: NodeJS.ProcessEnv, file: string): Promise<{ steps: number; checks: number; customChecks: number }> {
  const project = await loadProject(root, env);
  const { graph, dialect } = project;
  const logicalDate = new Date().toISOString().slice(0, 10);
  const relation = (key: string) => { const r = parseKey(key); return dialect.relation(r.schema, r.name); };
  const dataDir = carttrendDataDir({ projectDir: root, env });
  const steps: PlainStep[] = [];
  let customChecks = 0;
  for (const key of graph.keys) {
    const def = graph.get(key);
    if (def.kind === 'ts') continue;
    const checks = def.checks.flatMap((c) => {
      if (c.type !== 'sql') return (customChecks++, []);
      return [`SELECT count(*) AS n FROM (${c.failingRows(relation(key), dialect)}) AS failing`];
    });
    if (def.kind === 'source') {
      const spec = CARTTREND_WORKBOOKS.find((w) => `${RAW_SCHEMA}.${rawTableName(w)}` === key)!;
      const { schema, name } = parseKey(key);
      steps.push({ key, deps: [], checks,
        source: { file: workbookFile(dataDir, spec), sheet: spec.sheet, headers: headersOf(spec), schema, table: name } });
    } else {
      const kind = def.materialization === 'view' ? 'VIEW' : 'TABLE';
      steps.push({ key, deps: [...def.deps], checks, sql: `CREATE OR REPLACE ${kind} ${relation(key)} AS\n${bindLogicalDate(def.sql!, logicalDate)}` });
    }
  }
  const job: PlainJob = { schemas: [...new Set(steps.map((s) => parseKey(s.key).schema))], steps };
  fs.writeFileSync(file, JSON.stringify(job));
  return { steps: steps.length, checks: steps.reduce((n, s) => n + s.checks.length, 0), customChecks };
}

/** Bundles the plain script as the CLI's compiled code is built (esbuild, Node 20, ESM, packages left to node_modules). */
async function bundlePlainScript(): Promise<string> {
  const esbuild = await import('esbuild');
  const outfile = path.join(root, 'dist/bench/plain-pipeline.mjs');
  await esbuild.build({ entryPoints: [path.join(root, 'bench/plain-pipeline.ts')], outfile, bundle: true, platform: 'node',
    format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
  return outfile;
}

/** Wall milliseconds of one process; throws with its stderr when it fails. */
function timed(args: readonly string[], env: NodeJS.ProcessEnv, what: string): { ms: number; stdout: string } {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'pipe', maxBuffer: 2 ** 26 });
  const ms = performance.now() - t0;
  if (run.status !== 0) throw new Error(`${what} exited ${run.status}: ${run.stderr}`);
  return { ms, stdout: String(run.stdout) };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Both sides, both modes, `rounds` times alternated, on the workbooks in `dataDir`. */
export async function measureOverhead(dataDir: string, rounds = 3): Promise<Overhead> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-overhead-'));
  const env: NodeJS.ProcessEnv = { ...process.env, CARTTREND_DATA_DIR: dataDir };
  delete env.TRELLIS_CONCURRENCY;
  const concurrency = os.availableParallelism();
  try {
    const jobFile = path.join(work, 'job.json');
    const job = await writePlainJob({ ...env, TRELLIS_HOME: path.join(work, 'loader') }, jobFile);
    const plain = await bundlePlainScript();
    const cli = path.join(root, 'bin/trellis.js');
    // Compile the CLI and the project first, so that no timed run compiles.
    timed([cli, 'list'], { ...env, TRELLIS_HOME: path.join(work, 'warm') }, 'trellis list');
    let n = 0;
    const fresh = () => path.join(work, `run-${n++}`);
    const trellis = (extra: readonly string[]) => {
      const home = fresh();
      const { ms, stdout } = timed([cli, 'materialize', '--select', COMPARED_SELECTION, '--json', ...extra], { ...env, TRELLIS_HOME: home }, 'trellis materialize');
      const ran = (JSON.parse(stdout) as { assets: Array<{ decision: string }> }).assets.filter((a) => a.decision === 'ran').length;
      if (ran !== job.steps) throw new Error(`trellis materialize ran ${ran} assets, the plain script ${job.steps}`);
      fs.rmSync(home, { recursive: true, force: true });
      return ms;
    };
    const script = (limit: number) => {
      const dir = fresh();
      fs.mkdirSync(dir);
      const { ms } = timed([plain, jobFile, path.join(dir, 'warehouse.duckdb'), '--parallel', String(limit)], env, 'the plain script');
      fs.rmSync(dir, { recursive: true, force: true });
      return ms;
    };
    const figures = { trellisParallel: [] as number[], plainParallel: [] as number[], trellisSequential: [] as number[], plainSequential: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      // Alternate who goes first, so that neither side always gets the warmer page cache.
      const pairs: Array<[keyof typeof figures, () => number]> = [
        ['plainSequential', () => script(1)], ['trellisSequential', () => trellis(['--concurrency', '1'])],
        ['plainParallel', () => script(concurrency)], ['trellisParallel', () => trellis([])],
      ];
      for (const [name, run] of round % 2 ? pairs.reverse() : pairs) figures[name].push(run());
    }
    return {
      trellisParallelMs: median(figures.trellisParallel), plainParallelMs: median(figures.plainParallel),
      trellisSequentialMs: median(figures.trellisSequential), plainSequentialMs: median(figures.plainSequential),
      concurrency, rounds, ...job,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
