/**
 * Staleness + planning time on synthetic graphs (1k, 10k, 100k assets) with a
 * populated run store: graph construction from definitions, reading the latest
 * materializations and attempts, computing every status, and the plan.
 * About 1% of assets get new code so that the plan has work to do. Keys are
 * made as the project loaders make them (formatKey), dependencies name the
 * same key strings, as the SQL loader's refs do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AssetGraph, RunStore, computeStaleness, formatKey, makePlan, NO_RETRY, type AssetDefinition } from '../core/index.ts';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');

export function syntheticDefinitions(n: number, seed = 7): AssetDefinition[] {
  let state = seed;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const defs: AssetDefinition[] = [];
  for (let i = 0; i < n; i++) {
    const deps = i === 0 ? [] : [...new Set([Math.floor(random() * i), Math.floor(random() * i)])].map((j) => defs[j]!.key);
    defs.push({
      key: formatKey({ schema: `schema_${i % 50}`, name: `asset_${i}` }), kind: 'sql', deps: i % 10 === 0 ? [] : deps, group: `group_${i % 20}`,
      tags: {}, owners: [], description: '', columns: [], checks: [], retry: NO_RETRY, materialization: 'table',
      sql: 'select 1', codeVersion: `v${i}`,
    });
  }
  return defs;
}

export function populate(store: RunStore, defs: readonly AssetDefinition[]): void {
  const runId = store.createRun({ selection: '*', trigger: 'bench', pid: process.pid, logicalDate: '2024-12-31', plannedKeys: [] });
  store.transaction(() => {
    for (const d of defs) {
      store.recordDecision(runId, d.key, 'run', 'bench');
      store.startStep(runId, d.key, 1);
      store.finishStep(runId, d.key, { status: 'success' });
      store.recordMaterialization({ runId, key: d.key, codeVersion: d.codeVersion, dataVersion: `d-${d.key}`,
        inputVersions: Object.fromEntries(d.deps.map((k) => [k, `d-${k}`])), deps: [...d.deps].sort(), rows: 1, durationMs: 1, metadata: {} });
    }
  });
  store.finishRun(runId, 'success', { ran: defs.length, skipped: 0, failed: 0, checksFailed: 0, checksWarned: 0 });
}

/**
 * A run store at `file` holding one successful run over `syntheticDefinitions(n)`,
 * written by a child process, as a user's store is written by earlier runs:
 * the planning process then holds none of the writes' garbage, which would
 * otherwise set off old-generation collections in the timed repetitions.
 */
export function populatedStore(file: string, n: number): RunStore {
  const child = spawnSync(process.execPath, [path.join(root, 'bin/run-ts.js'), fileURLToPath(import.meta.url), 'populate', file, String(n)],
    { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`populating the bench's run store failed: ${child.stderr}`);
  return RunStore.open(file);
}

/**
 * Milliseconds for graph build + staleness + plan over `n` assets: the best
 * and the median of `repeats`. The best is the figure (this machine's speed
 * drifts by tens of percent within minutes); the median says how far off a
 * typical repetition was.
 */
export function planBenchmark(n: number, repeats = 5): { ms: number; medianMs: number; toRun: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-plan-'));
  const store = populatedStore(path.join(dir, 'runs.sqlite'), n);
  try {
    const current = syntheticDefinitions(n).map((d, i) => (i % 100 === 5 ? { ...d, codeVersion: `${d.codeVersion}-edited` } : d));
    const times: number[] = [];
    let toRun = 0;
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      const { graph } = AssetGraph.build(current);
      const statuses = computeStaleness(graph!, { materializations: store.latestStates(), failures: store.latestFailures() }, new Map());
      const plan = makePlan(graph!, statuses, { mode: 'stale' });
      times.push(performance.now() - t0);
      toRun = plan.steps.filter((s) => s.action === 'run').length;
    }
    times.sort((a, b) => a - b);
    return { ms: times[0]!, medianMs: times[times.length >> 1]!, toRun };
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === 'populate') {
  const store = RunStore.open(process.argv[3]!);
  try {
    populate(store, syntheticDefinitions(Number(process.argv[4])));
  } finally {
    store.close();
  }
}
