/**
 * The packed latest states read like a Map of AssetState, whatever the keys
 * and versions hold (the separator itself, keys beyond the BMP that SQLite
 * orders differently from JavaScript), and match graph positions by key.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssetGraph, NO_RETRY, computeStaleness, type AssetDefinition } from '../core/index.ts';
import { AssetStates, RunStore, type AssetState } from '../core/runstore/index.ts';

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
