/**
 * Adapts the asset graph (and, lazily, the statuses) to the selection
 * language, so that the CLI, the API and the UI evaluate selections alike.
 *
 * @example
 * const keys = selectInGraph('+key:carttrend_clean.mart_Commandes', graph, () => statuses);
 */
import type { AssetGraph } from './graph.ts';
import type { AssetKey } from './keys.ts';
import type { StaleStatus } from './staleness.ts';
import { selectAssets, type SelectionGraph } from './selection/index.ts';

export function selectionGraph(graph: AssetGraph, statuses: () => ReadonlyMap<AssetKey, StaleStatus>): SelectionGraph {
  let sorted: readonly AssetKey[] | undefined;
  let known: ReadonlyMap<AssetKey, StaleStatus> | undefined;
  return {
    get keys() {
      return (sorted ??= [...graph.keys].sort());
    },
    upstream: (k) => graph.upstream(k),
    downstream: (k) => graph.downstream(k),
    attributes: (k) => {
      const d = graph.get(k);
      return { group: d.group, kind: d.kind, tags: d.tags, owners: d.owners };
    },
    status: (k) => (known ??= statuses()).get(k)?.status ?? 'fresh',
  };
}

export function selectInGraph(text: string, graph: AssetGraph, statuses: () => ReadonlyMap<AssetKey, StaleStatus>): Set<AssetKey> {
  return selectAssets(text, selectionGraph(graph, statuses));
}
