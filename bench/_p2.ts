import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { AssetGraph, RunStore, computeStaleness, makePlan, NO_RETRY } from '../core/index.ts';
const n = Number(process.argv[2] ?? 100000);
let state = 7; const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const defs: any[] = [];
for (let i = 0; i < n; i++) { const deps = i === 0 ? [] : [...new Set([Math.floor(random() * i), Math.floor(random() * i)])].map((j) => defs[j].key);
  defs.push({ key: `schema_${i % 50}.asset_${i}`, kind: 'sql', deps: i % 10 === 0 ? [] : deps, group: 'g', tags: {}, owners: [], description: '', columns: [], checks: [], retry: NO_RETRY, materialization: 'table', sql: 'select 1', codeVersion: `v${i}` }); }
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b-')); const store = RunStore.open(path.join(dir, 'r.sqlite'));
const runId = store.createRun({ selection: '*', trigger: 'bench', pid: process.pid, logicalDate: '2024-12-31', plannedKeys: [] });
store.transaction(() => { for (const d of defs) { 
  store.recordMaterialization({ runId, key: d.key, codeVersion: d.codeVersion, dataVersion: `d-${d.key}`, inputVersions: Object.fromEntries(d.deps.map((k: string) => [k, `d-${k}`])), deps: [...d.deps].sort(), rows: 1, durationMs: 1, metadata: {} }); } });
const cur = defs.map((d, i) => (i % 100 === 5 ? { ...d, codeVersion: d.codeVersion + 'x' } : d));
for (let r = 0; r < 2; r++) {
let t = performance.now(); const { graph } = AssetGraph.build(cur); console.log('build', (performance.now() - t).toFixed(0));
t = performance.now(); const m = store.latestMaterializations(); console.log('latestMat', (performance.now() - t).toFixed(0));
t = performance.now(); const a = store.latestFailures(); console.log('failures', (performance.now() - t).toFixed(0));
t = performance.now(); const s = computeStaleness(graph!, { materializations: m, failures: a }, new Map()); console.log('staleness', (performance.now() - t).toFixed(0));
t = performance.now(); makePlan(graph!, s, { mode: 'stale' }); console.log('plan', (performance.now() - t).toFixed(0));
}
