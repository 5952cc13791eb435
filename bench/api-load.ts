/**
 * The API under load: 1,000 runs recorded in the run store, then 100
 * concurrent clients on 127.0.0.1 listing runs (`GET /api/runs`) and assets
 * (`GET /api/assets`) from a real `trellis ui` process, while a `trellis
 * materialize` in a third process writes a run (an asset logging an event
 * every 10 ms). The clients run in this process, apart from the server, so
 * that their own work is not counted as the server's. Reports every
 * request's latency as p50, p99 and max, and the errors (any non-200 answer
 * or failed request).
 *
 * @example
 * const load = await measureApiLoad();
 * load.p99Ms // e.g. 120
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RunStore, runStorePath, resolveConfig } from '../core/index.ts';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');
const CORE = path.join(root, 'core/index.ts');

export interface ApiLoad {
  readonly requests: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly runs: number;
  readonly assets: number;
  readonly clients: number;
  /** Events the concurrent run wrote while the clients ran. */
  readonly eventsWritten: number;
}

const MODELS = 60;

/** A project of 60 SQL models in a chain of layers, and one asset that writes events until told to stop. */
function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-load-'));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write('package.json', '{ "type": "module", "private": true }\n');
  write('sql/load/schema.yml', 'config:\n  schema: load\n');
  for (let i = 0; i < MODELS; i++) {
    const up = i >= 10 ? `select * from {{ ref('m${i - 10}') }}` : `select ${i} as id`;
    write(`sql/load/m${i}.sql`, `{{ config(materialized='view') }}\n${up}\n`);
  }
  write('assets/index.ts', `import fs from 'node:fs';
import { defineAsset } from '${CORE}';
export const writer = defineAsset({ key: 'load.writer', async materialize(ctx) {
  for (let i = 0; !fs.existsSync(process.env.LOAD_STOP!); i++) {
    ctx.log.info('writing ' + i);
    await new Promise((r) => setTimeout(r, 10));
  }
  await ctx.writeTable([{ name: 'n', type: 'BIGINT' }], [[1]]);
} });
`);
  return dir;
}

/** 1,000 finished runs, each with a step per model, as a year of daily runs would leave. */
function recordRuns(store: RunStore, keys: readonly string[], count: number): void {
  store.transaction(() => {
    for (let r = 0; r < count; r++) {
      const id = store.createRun({ selection: '*', trigger: 'schedule', pid: 1, logicalDate: '2026-01-01', plannedKeys: [...keys] });
      for (const key of keys) {
        store.recordDecision(id, key, 'run', 'stale');
        store.startStep(id, key, 1);
        store.finishStep(id, key, { status: r % 10 === 0 && key === keys[0] ? 'failed' : 'success', rows: 10, error: r % 10 === 0 && key === keys[0] ? 'boom' : undefined });
      }
      store.appendEvent(id, { type: 'run_finished', message: `run ${id} success` });
      store.finishRun(id, r % 10 === 0 ? 'failed' : 'success', { ran: keys.length, skipped: 0, failed: 0, checksFailed: 0, checksWarned: 0 });
    }
  });
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

export async function measureApiLoad(options: { clients?: number; requestsPerClient?: number; runs?: number } = {}): Promise<ApiLoad> {
  const clients = options.clients ?? 100;
  const perClient = options.requestsPerClient ?? 20;
  const runCount = options.runs ?? 1000;
  const dir = project();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-load-home-'));
  const env: NodeJS.ProcessEnv = { ...process.env, TRELLIS_HOME: home };
  delete env.TRELLIS_FAULTS;
  const keys = Array.from({ length: MODELS }, (_, i) => `load.m${i}`);
  const store = RunStore.open(runStorePath(resolveConfig(dir, {}, env)));
  recordRuns(store, keys, runCount);
  store.close();

  const ui = spawn(process.execPath, [...(process.env.LOAD_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.LOAD_PROFILE}`] : []),
    path.join(root, 'bin/trellis.js'), 'ui', '--port', '0', '--project', dir], { env: { ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let uiOut = '';
  ui.stdout!.on('data', (d: Buffer) => { uiOut += d.toString(); });
  ui.stderr!.on('data', (d: Buffer) => { uiOut += d.toString(); });
  const uiDone = new Promise<void>((resolve) => ui.on('close', () => resolve()));
  let url: string | undefined;
  for (const t0 = Date.now(); !(url = /on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(uiOut)?.[1]);) {
    if (Date.now() - t0 > 120_000 || ui.exitCode !== null) throw new Error(`trellis ui did not start: ${uiOut}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const server = { url };
  const stop = path.join(home, 'stop');
  const writer = spawn(process.execPath, [path.join(root, 'bin/trellis.js'), 'materialize', '--select', 'load.writer', '--project', dir],
    { env: { ...env, LOAD_STOP: stop }, stdio: ['ignore', 'ignore', 'pipe'] });
  let writerErr = '';
  writer.stderr!.on('data', (d: Buffer) => { writerErr += d.toString(); });
  const writerDone = new Promise<number | null>((resolve) => writer.on('close', resolve));
  try {
    // The load starts once the run is writing.
    const probe = RunStore.open(runStorePath(resolveConfig(dir, {}, env)));
    const started = Date.now();
    while (!probe.listRuns({ status: 'running', limit: 1 }).length) {
      if (Date.now() - started > 60_000) throw new Error(`the writing run did not start: ${writerErr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const eventsBefore = probe.lastEventId();
    const latencies: number[] = [];
    let errors = 0;
    const firstError: string[] = [];
    const client = async (c: number) => {
      for (let i = 0; i < perClient; i++) {
        const url = `${server.url}${(c + i) % 2 ? 'api/assets' : 'api/runs'}`;
        const t0 = performance.now();
        try {
          const response = await fetch(url);
          await response.arrayBuffer();
          if (response.status !== 200) {
            errors++;
            firstError.push(`${url}: ${response.status}`);
          }
        } catch (error) {
          errors++;
          firstError.push(`${url}: ${(error as Error).message}`);
        }
        latencies.push(performance.now() - t0);
      }
    };
    const wall0 = performance.now();
    await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
    const eventsWritten = probe.lastEventId() - eventsBefore;
    probe.close();
    if (firstError.length) console.log(`api load: first errors: ${firstError.slice(0, 3).join('; ')}`);
    const sorted = latencies.sort((a, b) => a - b);
    if (process.env.LOAD_DEBUG) console.log('over 1 s:', sorted.filter((x) => x > 1000).length, 'over 3 s:', sorted.filter((x) => x > 3000).length, 'wall', (performance.now() - wall0).toFixed(0));
    return { requests: sorted.length, errors, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), maxMs: sorted.at(-1)!,
      runs: runCount, assets: MODELS + 1, clients, eventsWritten };
  } finally {
    fs.writeFileSync(stop, '');
    const code = await writerDone;
    ui.kill('SIGINT');
    await uiDone;
    if (code !== 0) console.log(`api load: the writing run exited ${code}: ${writerErr.slice(0, 500)}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  }
}
