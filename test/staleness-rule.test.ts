/**
 * Staleness is stated once (the full explanation) and short-cut once (an
 * asset whose own record matches skips it). On random graphs and random
 * histories (code changed, failures before and after the last success, new
 * upstream data, dependencies added and removed, source files changed or
 * missing, never-built upstreams), the shortcut must change nothing: the same
 * status and the same causes for every asset.
 */
import { describe, expect, it } from 'vitest';
import { AssetGraph, NO_RETRY, computeStaleness, type AssetDefinition } from '../core/index.ts';
import { onlyUpstreamStale } from '../core/staleness.ts';
import type { AssetState, AttemptRecord } from '../core/runstore/index.ts';
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

function randomCase(seed: number): Case {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const n = 2 + Math.floor(rnd() * 14);
  const keys = Array.from({ length: n }, (_, i) => `s.a${String(i).padStart(2, '0')}`);
  const definitions: AssetDefinition[] = keys.map((key, i) => {
    const source = i < 2 || rnd() < 0.15;
    const deps = source ? [] : keys.slice(0, i).filter(() => rnd() < 0.3);
    return { key, kind: source ? 'source' : 'sql', deps, group: 'g', tags: {}, owners: [], description: '', columns: [],
      checks: [], retry: NO_RETRY, materialization: 'table', codeVersion: `code-${key}` };
  });
  const graph = AssetGraph.build(definitions).graph!;
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
