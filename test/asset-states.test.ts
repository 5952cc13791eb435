/**
 * The packed latest states read like a Map of AssetState, whatever the keys
 * and versions hold (the separator itself, keys beyond the BMP that SQLite
 * orders differently from JavaScript), and match graph positions by key.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssetGraph, NO_RETRY, computeStaleness, type AssetDefinition } from '../core/index.ts';
import { AssetStates, RunStore, type AssetState } from '../core/runstore/index.ts';
import { FIELD_SEPARATOR } from '../core/runstore/asset-states.ts';
import { InputIds } from '../core/runstore/input-ids.ts';

let dir: string;
let store: RunStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-states-'));
  store = RunStore.open(path.join(dir, 'runs.db'));
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function materialize(runId: number, key: string, dataVersion: string, inputs: Record<string, string> = {}, codeVersion = `c-${key}`): void {
  store.recordMaterialization({ runId, key, codeVersion, dataVersion, inputVersions: inputs, deps: Object.keys(inputs),
    rows: 1, durationMs: 1, metadata: {} });
}

function newRun(): number {
  return store.createRun({ selection: '*', trigger: 'cli', pid: process.pid, logicalDate: '2024-06-01', plannedKeys: [] });
}

function def(key: string, deps: string[], codeVersion = `c-${key}`): AssetDefinition {
  return { key, kind: 'sql', deps, group: 'g', tags: {}, owners: [], description: '', columns: [], checks: [],
    retry: NO_RETRY, materialization: 'table', sql: 'select 1', codeVersion };
}

function plain(states: ReadonlyMap<string, AssetState>): Record<string, unknown> {
  return Object.fromEntries([...states].map(([key, s]) => [key, { key: s.key, runId: s.runId, codeVersion: s.codeVersion,
    dataVersion: s.dataVersion, depsText: s.depsText, inputsText: s.inputsText, deps: s.deps, inputVersions: s.inputVersions }]));
}

describe('AssetStates', () => {
  it('reads every field of every asset, by key and in key order', () => {
    const first = newRun();
    materialize(first, 'raw.z', 'z1');
    materialize(first, 'raw.a', 'a1');
    const second = newRun();
    materialize(second, 'clean.b', 'b2', { 'raw.z': 'z1', 'raw.a': 'a1' });
    const states = store.latestStates();
    expect(states).toBeInstanceOf(AssetStates);
    expect(states.size).toBe(3);
    expect([...states.keys()]).toEqual(['clean.b', 'raw.a', 'raw.z']);
    expect(states.get('clean.b')).toMatchObject({ key: 'clean.b', runId: second, codeVersion: 'c-clean.b', dataVersion: 'b2',
      depsText: 'raw.a\nraw.z', inputsText: 'a1\nz1', deps: ['raw.a', 'raw.z'], inputVersions: { 'raw.a': 'a1', 'raw.z': 'z1' } });
    expect(states.get('raw.a')).toMatchObject({ runId: first, depsText: '', inputsText: '', deps: [], inputVersions: {} });
    expect(states.get('raw.b')).toBeUndefined();
    expect(states.has('raw.z')).toBe(true);
    expect(states.has('nope.x')).toBe(false);
    const seen: string[] = [];
    states.forEach((s, key) => seen.push(`${key}:${s.dataVersion}`));
    expect(seen).toEqual(['clean.b:b2', 'raw.a:a1', 'raw.z:z1']);
  });

  it('is empty for a new store', () => {
    const states = store.latestStates();
    expect(states.size).toBe(0);
    expect(states.get('raw.a')).toBeUndefined();
    expect([...states]).toEqual([]);
  });

  it('sorts keys as JavaScript does where SQLite sorts them otherwise', () => {
    const run = newRun();
    // U+FF5E sorts before U+1F600 in UTF-8 (SQLite) but after it in UTF-16 (JavaScript).
    for (const key of ['raw.\u{1F600}', 'raw.\uFF5E', 'raw.a']) materialize(run, key, `d-${key}`);
    const states = store.latestStates();
    expect([...states.keys()]).toEqual(['raw.a', 'raw.\u{1F600}', 'raw.\uFF5E']);
    for (const [key, m] of store.latestMaterializations()) expect(states.get(key)).toMatchObject({ dataVersion: m.dataVersion, runId: run });
  });

  it('keeps a version holding the field separator', () => {
    const run = newRun();
    materialize(run, 'raw.a', 'odd\x1fversion');
    materialize(run, 'clean.b', 'b1', { 'raw.a': 'odd\x1fversion' }, 'code\x1fwith separator');
    const states = store.latestStates();
    expect(states.get('raw.a')!.dataVersion).toBe('odd\x1fversion');
    expect(states.get('clean.b')).toMatchObject({ codeVersion: 'code\x1fwith separator', inputsText: 'odd\x1fversion' });
    const graph = AssetGraph.build([def('raw.a', []), def('clean.b', ['raw.a'], 'code\x1fwith separator')]).graph!;
    const statuses = computeStaleness(graph, { materializations: states, failures: new Map() }, new Map());
    expect([...statuses.values()].map((s) => s.status)).toEqual(['fresh', 'fresh']);
  });

  it('matches graph positions by key, with assets on one side only', () => {
    const run = newRun();
    for (const key of ['m.b', 'm.d', 'old.gone', 'raw.a']) materialize(run, key, `d-${key}`);
    const graph = AssetGraph.build([def('raw.a', []), def('m.b', ['raw.a']), def('m.c', ['raw.a']), def('m.d', ['m.c']),
      def('z.never', [])]).graph!;
    const states = store.latestStates();
    const rows = states.rowsOf(graph);
    expect(graph.keys.map((key, p) => (rows[p]! < 0 ? null : states.keyAt(rows[p]!)))).toEqual(
      graph.keys.map((key) => (states.has(key) ? key : null)));
    expect([...rows].filter((r) => r >= 0)).toHaveLength(3);
  });

  it('records which upstream materialization each input was read from, where that is exact', () => {
    const run = newRun();
    materialize(run, 'raw.a', 'a1');
    materialize(run, 'raw.z', 'z1');
    materialize(run, 'clean.b', 'b1', { 'raw.a': 'a1', 'raw.z': 'z1' });
    materialize(run, 'clean.c', 'c1', { 'raw.a': 'a0', 'raw.gone': 'g1' });
    const db = new Database(path.join(dir, 'runs.db'), { readonly: true });
    try {
      const ids = Object.fromEntries(db.prepare('SELECT asset_key, ids FROM asset_state').raw().all() as [string, string][]);
      // Materializations 1 and 2 are raw.a's and raw.z's; raw.a holds another version than clean.c read, raw.gone none.
      expect(ids).toEqual({ 'raw.a': '1', 'raw.z': '2', 'clean.b': '3,1,2', 'clean.c': '4,0,0' });
    } finally {
      db.close();
    }
  });

  it('tells an upstream rebuilt with identical data from one with new data, and a dependency removed', () => {
    const graph = (deps: string[]) => AssetGraph.build([def('raw.a', []), def('raw.z', []), def('clean.b', deps)]).graph!;
    const statusOf = (deps = ['raw.a', 'raw.z']) => computeStaleness(graph(deps), { materializations: store.latestStates(), failures: new Map() },
      new Map()).get('clean.b')!;
    const first = newRun();
    materialize(first, 'raw.a', 'a1');
    materialize(first, 'raw.z', 'z1');
    materialize(first, 'clean.b', 'b1', { 'raw.a': 'a1', 'raw.z': 'z1' });
    expect(statusOf()).toEqual({ status: 'fresh', causes: [] });
    expect(statusOf(['raw.a']).causes.map((c) => c.kind)).toEqual(['dependency_removed']);
    materialize(newRun(), 'raw.a', 'a1');
    expect(statusOf()).toEqual({ status: 'fresh', causes: [] });
    const third = newRun();
    materialize(third, 'raw.z', 'z2');
    expect(statusOf().causes).toEqual([{ kind: 'upstream_data', upstream: 'raw.z', message: `upstream raw.z has new data (run ${third}) since this was built` }]);
  });

  it('compares the text of a state whose own id is unknown (written before ids), not its empty list of ids', () => {
    const row = (...fields: string[]) => fields.join(FIELD_SEPARATOR);
    const text = [row('clean.b', '1', 'c-clean.b', 'b1', 'raw.a', 'a1'), row('raw.a', '1', 'c-raw.a', 'a1', '', '')].join(FIELD_SEPARATOR);
    const states = AssetStates.parse(2, text, InputIds.parse(2, ';1'))!;
    const graph = AssetGraph.build([def('raw.a', []), def('clean.b', [])]).graph!;
    const statuses = computeStaleness(graph, { materializations: states, failures: new Map() }, new Map());
    expect(statuses.get('clean.b')!.causes.map((c) => c.kind)).toEqual(['dependency_removed']);
  });

  it('packs any Map of states the same way, so a hand-made history reads as the store does', () => {
    const run = newRun();
    materialize(run, 'raw.a', 'a1');
    materialize(run, 'clean.b', 'b1', { 'raw.a': 'a1' });
    const fromStore = store.latestStates();
    const byHand = new Map([...fromStore].reverse());
    const packed = AssetStates.of(byHand);
    expect(AssetStates.of(fromStore)).toBe(fromStore);
    expect([...packed.keys()]).toEqual(['clean.b', 'raw.a']);
    expect(plain(packed)).toEqual(plain(fromStore));
  });
});
