/**
 * The planning bench split into its phases (graph build, reading the run
 * store, staleness, plan), with medians and minimums over several
 * repetitions: where the time of `plan_ms_100k` goes. Not part of
 * `npm run bench`; run it alone, as its own process:
 *
 * @example
 * // N=100000 REPS=7 node bin/run-ts.js bench/planning-phases.ts
 * // n=100000 build med 170.6 min 149.7 | read med 96.6 min 72.2 | stale med 98.0 min 85.4 | plan med 34.1 min 26.9 | total med 415.6 min 355.2
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AssetGraph, computeStaleness, makePlan } from '../core/index.ts';
import { populatedStore, syntheticDefinitions } from './planning.ts';

const PHASES = ['build', 'read', 'stale', 'plan', 'total'] as const;

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[values.length >> 1]!;
}

/** Milliseconds of each phase, every repetition, over `n` synthetic assets (1% with edited code). */
export function planningPhases(n: number, repeats: number): Record<(typeof PHASES)[number], number[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-phases-'));
  const store = populatedStore(path.join(dir, 'runs.sqlite'), n);
  const times = { build: [] as number[], read: [] as number[], stale: [] as number[], plan: [] as number[], total: [] as number[] };
  try {
    const current = syntheticDefinitions(n).map((d, i) => (i % 100 === 5 ? { ...d, codeVersion: `${d.codeVersion}-edited` } : d));
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      const { graph } = AssetGraph.build(current);
      const t1 = performance.now();
      const history = { materializations: store.latestStates(), failures: store.latestFailures() };
      const t2 = performance.now();
      const statuses = computeStaleness(graph!, history, new Map());
      const t3 = performance.now();
      makePlan(graph!, statuses, { mode: 'stale' });
      const t4 = performance.now();
      times.build.push(t1 - t0);
      times.read.push(t2 - t1);
      times.stale.push(t3 - t2);
      times.plan.push(t4 - t3);
      times.total.push(t4 - t0);
    }
    return times;
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.env.N ?? 100_000);
  const times = planningPhases(n, Number(process.env.REPS ?? 7));
  console.log(`n=${n}`, PHASES.map((p) => `${p} med ${median(times[p]).toFixed(1)} min ${Math.min(...times[p]).toFixed(1)}`).join(' | '));
}
