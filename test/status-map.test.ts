/**
 * Statuses by graph position, read as a map by key: the same answers as a
 * Map, and causes shared between downstreams of one upstream that read the
 * same as separately built ones.
 */
import { describe, expect, it } from 'vitest';
import { AssetGraph, NO_RETRY, StatusMap, computeStaleness, makePlan, type AssetDefinition } from '../core/index.ts';
import type { AssetState } from '../core/runstore/index.ts';

function def(key: string, deps: string[], codeVersion = `v-${key}`): AssetDefinition {
  return { key, kind: 'sql', deps, group: 'g', tags: {}, owners: [], description: '', columns: [], checks: [],
    retry: NO_RETRY, materialization: 'table', sql: 'select 1', codeVersion };
}

function state(key: string, deps: string[], runId = 1): AssetState {
  return { key, runId, codeVersion: `v-${key}`, dataVersion: `d-${key}`, depsText: deps.join('\n'),
    inputsText: deps.map((d) => `d-${d}`).join('\n'), deps, inputVersions: Object.fromEntries(deps.map((d) => [d, `d-${d}`])) };
}

// raw.a (code edited) feeds b and c; d reads b and c; e reads only fresh raw.f.
const definitions = [def('raw.a', [], 'edited'), def('m.b', ['raw.a']), def('m.c', ['raw.a']), def('m.d', ['m.b', 'm.c']),
  def('raw.f', []), def('m.e', ['raw.f'])];
const graph = AssetGraph.build(definitions).graph!;
const materializations = new Map(definitions.map((d) => [d.key, state(d.key, [...d.deps].sort())]));
const statuses = computeStaleness(graph, { materializations, failures: new Map() }, new Map());

describe('StatusMap', () => {
  it('answers by key like a Map, in topological order', () => {
    expect(statuses).toBeInstanceOf(StatusMap);
    expect(statuses.size).toBe(6);
    expect([...statuses.keys()]).toEqual(graph.keys);
    expect(statuses.get('m.e')).toEqual({ status: 'fresh', causes: [] });
    expect(statuses.get('raw.a')!.causes.map((c) => c.kind)).toEqual(['code_changed']);
    expect(statuses.get('nope.x')).toBeUndefined();
    expect(statuses.has('m.b')).toBe(true);
    expect(statuses.has('nope.x')).toBe(false);
    const seen: string[] = [];
    statuses.forEach((s, key) => seen.push(`${key}:${s.status}`));
    expect(seen).toEqual([...statuses].map(([key, s]) => `${key}:${s.status}`));
  });

  it('shares an upstream cause between its downstreams, each reading as its own', () => {
    const b = statuses.get('m.b')!;
    const c = statuses.get('m.c')!;
    expect(b).toEqual({ status: 'stale', causes: [{ kind: 'upstream_stale', upstream: 'raw.a', message: 'upstream raw.a is stale' }] });
    expect(c).toEqual(b);
    expect(statuses.get('m.d')!.causes.map((x) => x.message)).toEqual(['upstream m.b is stale', 'upstream m.c is stale']);
  });

  it('makes a status stale only for its upstreams when asked, once, and reads its code and reason without it', () => {
    const fresh = computeStaleness(graph, { materializations, failures: new Map() }, new Map());
    const d = graph.position('m.d')!;
    expect(fresh.statusAt(d)).toBe('stale');
    expect(fresh.reasonAt(d)).toBe('upstream m.b is stale; upstream m.c is stale');
    expect(fresh.onlyUpstreamStaleAt(d)).toBe(true);
    expect(fresh.onlyUpstreamStaleAt(graph.position('raw.a')!)).toBe(false);
    expect(fresh.get('m.d')).toBe(fresh.at(d));
    expect([...fresh.values()][d]).toBe(fresh.get('m.d'));
  });

  it('gives the plan the same reasons as a plain Map of the same statuses', () => {
    const plain = new Map(statuses);
    expect(makePlan(graph, statuses, { mode: 'stale' })).toEqual(makePlan(graph, plain, { mode: 'stale' }));
    expect(makePlan(graph, statuses, { mode: 'stale' }).steps.map((s) => [s.key, s.reason, s.conditional])).toEqual([
      ['raw.a', expect.stringMatching(/^code changed/), false],
      ['m.b', 'upstream raw.a is stale', true],
      ['m.c', 'upstream raw.a is stale', true],
      ['m.d', 'upstream m.b is stale; upstream m.c is stale', true],
    ]);
  });
});
