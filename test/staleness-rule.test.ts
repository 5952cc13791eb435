/**
 * Staleness is stated once (the full explanation) and short-cut once (an
 * asset whose own record matches skips it). On random graphs and random
 * histories (code changed, failures before and after the last success, new
 * upstream data, dependencies added and removed, source files changed or
 * missing, never-built upstreams), the shortcut must change nothing: the same
 * status and the same causes for every asset. Nor must the ids of the
 * materializations each state was built from, on random histories written
 * through a real run store: they settle most assets, text settles the rest.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AssetGraph, NO_RETRY, computeStaleness, type AssetDefinition } from '../core/index.ts';
import { onlyUpstreamStale } from '../core/staleness.ts';
import { RunStore, type AssetState, type AttemptRecord } from '../core/runstore/index.ts';
import type { SourceState } from '../core/observe.ts';

/** mulberry32: a small seeded generator, so that a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  readonly graph: AssetGraph;
  readonly materializations: Map<string, AssetState>;
  readonly failures: Map<string, AttemptRecord>;
  readonly sources: Map<string, SourceState>;
}

function randomGraph(rnd: () => number, schema = 's'): AssetGraph {
  const n = 2 + Math.floor(rnd() * 14);
  const keys = Array.from({ length: n }, (_, i) => `${schema}.a${String(i).padStart(2, '0')}`);
  const definitions: AssetDefinition[] = keys.map((key, i) => {
    const source = i < 2 || rnd() < 0.15;
    const deps = source ? [] : keys.slice(0, i).filter(() => rnd() < 0.3);
    return { key, kind: source ? 'source' : 'sql', deps, group: 'g', tags: {}, owners: [], description: '', columns: [],
      checks: [], retry: NO_RETRY, materialization: 'table', codeVersion: `code-${key}` };
  });
  return AssetGraph.build(definitions).graph!;
}

function randomCase(seed: number): Case {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const graph = randomGraph(rnd);
  const materializations = new Map<string, AssetState>();
  const failures = new Map<string, AttemptRecord>();
  const sources = new Map<string, SourceState>();
  let run = 1;
  for (const key of graph.keys) {
    const def = graph.get(key);
    if (def.kind === 'source') {
      const missing = rnd() < 0.1 ? [`/data/${key}.csv`] : [];
      sources.set(key, { dataVersion: missing.length ? undefined : pick(['v1', 'v2']), files: [`/data/${key}.csv`], missing });
    }
    if (rnd() < 0.15) continue; // never materialized
    // What it was built from: mostly the current upstreams, sometimes an added or a removed one.
    let deps = [...graph.upstream(key)];
    if (deps.length && rnd() < 0.1) deps = deps.slice(1);
    if (rnd() < 0.1) deps = [...deps, 's.zz_gone'];
    deps.sort();
    const inputVersions = Object.fromEntries(deps.map((d) => [d, rnd() < 0.8 ? materializations.get(d)?.dataVersion ?? 'old' : 'older']));
    const runId = run++;
    materializations.set(key, {
      key, runId, codeVersion: rnd() < 0.1 ? 'code-old' : def.codeVersion,
      dataVersion: def.kind === 'source' ? pick(['v1', 'v2']) : `data-${key}-${runId}`,
      depsText: deps.join('\n'), inputsText: deps.map((d) => inputVersions[d]).join('\n'), deps, inputVersions,
    });
    if (rnd() < 0.15) failures.set(key, { runId: pick([runId - 1, runId + 1, run + 5]), status: 'failed', error: 'boom', endedAt: '' });
  }
  for (const key of graph.keys) {
    if (!materializations.has(key) && rnd() < 0.3) failures.set(key, { runId: run + 1, status: 'failed', error: 'boom', endedAt: '' });
  }
  return { graph, materializations, failures, sources };
}

describe('one staleness rule', () => {
  it('the shortcut agrees with the full explanation on 2,000 random graphs and histories', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 2000; seed++) {
      const c = randomCase(seed);
      const history = { materializations: c.materializations, failures: c.failures };
      const fast = computeStaleness(c.graph, history, c.sources);
      const full = computeStaleness(c.graph, history, c.sources, { fastPath: false });
      // What the planner reads without making statuses, read before they are made.
      const read = c.graph.keys.map((_, p) => [fast.statusAt(p), fast.reasonAt(p), fast.onlyUpstreamStaleAt(p)]);
      expect([...fast], `seed ${seed}`).toEqual([...full]);
      expect(read, `seed ${seed}`).toEqual([...full.values()].map((s) => [s.status, s.causes.map((x) => x.message).join('; '), onlyUpstreamStale(s)]));
      for (const status of fast.values()) {
        seen.add(status.status);
        for (const cause of status.causes) seen.add(cause.kind);
      }
    }
    // The cases reach every status and every cause, so the agreement means something.
    expect([...seen].sort()).toEqual(['code_changed', 'dependency_added', 'dependency_removed', 'failed', 'fresh', 'last_attempt_failed',
      'missing', 'never_materialized', 'source_changed', 'source_missing', 'stale', 'upstream_data', 'upstream_stale']);
  });
});

/**
 * Three rounds of runs over a random graph, written as the materializer
 * writes: each asset rebuilt or not, with the same data (its downstreams'
 * ids then differ, their text not), new data or new code, built from its
 * current upstreams' versions or an older one, with a dependency dropped or
 * one that is gone. Keys are under `schema`, so that several cases share one store.
 */
function writeRandomHistory(store: RunStore, graph: AssetGraph, rnd: () => number): void {
  const current = new Map<string, string>();
  for (let round = 0; round < 3; round++) {
    const runId = store.createRun({ selection: '*', trigger: 'cli', pid: process.pid, logicalDate: '2024-06-01', plannedKeys: [] });
    for (const key of graph.keys) {
      if (rnd() < 0.4) continue;
      let deps = [...graph.upstream(key)];
      if (deps.length && rnd() < 0.1) deps = deps.slice(1);
      if (rnd() < 0.1) deps = [...deps, `${key}_gone`];
      const inputVersions = Object.fromEntries(deps.map((d) => [d, rnd() < 0.85 ? current.get(d) ?? 'never' : 'older']));
      const dataVersion = current.has(key) && rnd() < 0.4 ? current.get(key)! : `data-${key}-${runId}`;
      store.recordMaterialization({ runId, key, codeVersion: rnd() < 0.1 ? 'code-old' : graph.get(key).codeVersion,
        dataVersion, inputVersions, deps, rows: 1, durationMs: 1, metadata: {} });
      current.set(key, dataVersion);
    }
  }
}

describe('one staleness rule, read from the run store', () => {
  it('input ids give the statuses that keys and versions give, on 300 random histories', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-rule-'));
    const store = RunStore.open(path.join(dir, 'runs.db'));
    try {
      const cases = Array.from({ length: 300 }, (_, i) => {
        const rnd = random(10_000 + i);
        const graph = randomGraph(rnd, `c${i}`);
        writeRandomHistory(store, graph, rnd);
        return graph;
      });
      const withIds = store.latestStates();
      // The same states packed from a plain Map carry no ids: only text is compared.
      const textOnly = new Map(withIds);
      const seen = new Set<string>();
      for (const [i, graph] of cases.entries()) {
        const byIds = computeStaleness(graph, { materializations: withIds, failures: new Map() }, new Map());
        const byText = computeStaleness(graph, { materializations: textOnly, failures: new Map() }, new Map());
        expect([...byIds], `case ${i}`).toEqual([...byText]);
        for (const status of byIds.values()) for (const cause of status.causes) seen.add(cause.kind);
      }
      expect([...seen].sort()).toEqual(['code_changed', 'dependency_added', 'dependency_removed', 'never_materialized', 'upstream_data',
        'upstream_stale']);
      // Both ways of settling a state occur: every recorded input id still current, or some not while its text is.
      const db = new Database(path.join(dir, 'runs.db'), { readonly: true });
      const rows = db.prepare('SELECT asset_key, ids FROM asset_state').raw().all() as [string, string][];
      db.close();
      const own = new Map(rows.map(([key, ids]) => [key, ids.split(',')[0]]));
      const version = new Map(rows.map(([key]) => [key, withIds.get(key)!.dataVersion]));
      let byIdsAlone = 0;
      let byTextAlone = 0;
      for (const [key, ids] of rows) {
        const { deps, inputsText } = withIds.get(key)!;
        if (!deps.length) continue;
        const inputs = inputsText.split('\n');
        const idsHold = ids.split(',').slice(1).every((id, k) => id === own.get(deps[k]!));
        const textHolds = deps.every((d, k) => version.get(d) === inputs[k]);
        if (idsHold) byIdsAlone++;
        else if (textHolds) byTextAlone++;
      }
      expect(byIdsAlone).toBeGreaterThan(100);
      expect(byTextAlone).toBeGreaterThan(20);
    } finally {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
