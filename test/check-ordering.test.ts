// Which assets wait for the targets of their relationships checks within a run.
import { describe, expect, it } from 'vitest';
import { AssetGraph, NO_RETRY, relationships, type AssetDefinition } from '../core/index.ts';
import { checkOrdering } from '../core/execution/index.ts';

function asset(key: string, deps: string[], refs: string[] = []): AssetDefinition {
  return {
    key, kind: 'sql', deps, group: 'g', tags: {}, owners: [], description: '', columns: [],
    checks: refs.map((to) => relationships('id', to, 'id')), retry: NO_RETRY, materialization: 'table',
    sql: 'select 1 as id', codeVersion: key,
  };
}

function ordering(defs: AssetDefinition[], keys?: string[]) {
  const { graph } = AssetGraph.build(defs);
  return Object.fromEntries(checkOrdering(graph!, keys ?? graph!.keys));
}

describe('check ordering', () => {
  it('makes an asset wait for a target later in topological order', () => {
    // s.a sorts before s.z, so without the wait s.a's check would run before s.z is rebuilt.
    expect(ordering([asset('s.src', []), asset('s.a', ['s.src'], ['s.z']), asset('s.z', ['s.src'])])).toEqual({ 's.a': ['s.z'] });
  });

  it('never waits in a circle: of two assets checking each other, only the first waits', () => {
    expect(ordering([asset('s.a', [], ['s.b']), asset('s.b', [], ['s.a'])])).toEqual({ 's.a': ['s.b'] });
  });

  it('does not wait for a target downstream of the asset, nor for one outside the run', () => {
    expect(ordering([asset('s.a', [], ['s.b', 's.c']), asset('s.b', ['s.a']), asset('s.c', [])], ['s.a', 's.b'])).toEqual({});
  });
});
