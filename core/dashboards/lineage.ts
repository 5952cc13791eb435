/**
 * Dashboards as nodes of the lineage, as dbt's exposures: each one is
 * downstream of the assets it reads, of kind `dashboard`, group `dashboards`,
 * and never materialized. The selection grammar runs over assets and
 * dashboards alike here (`kind:dashboard and carttrend_clean.mart_Commandes+`),
 * while planning and materializing keep to the asset graph alone.
 *
 * @example
 * selectWithDashboards('kind:dashboard and key:carttrend_clean.mart_Commandes+', graph, dashboards, () => statuses)
 * // Set { 'dashboard:ventes-chiffres', 'dashboard:ventes-produits' }
 */
import type { AssetGraph } from '../graph.ts';
import type { AssetKey } from '../keys.ts';
import { selectionGraph } from '../select-assets.ts';
import { selectAssets, type SelectionGraph } from '../selection/index.ts';
import type { StaleStatus } from '../staleness.ts';
import type { DashboardDefinition } from './spec.ts';

/** The lineage key of a dashboard: `dashboard:<id>`. */
export function dashboardKey(id: string): string {
  return `dashboard:${id}`;
}

export function lineageWithDashboards(graph: AssetGraph, dashboards: readonly DashboardDefinition[],
  statuses: () => ReadonlyMap<AssetKey, StaleStatus>): SelectionGraph {
  const assets = selectionGraph(graph, statuses);
  const byKey = new Map(dashboards.map((d) => [dashboardKey(d.spec.id), d] as const));
  const readers = new Map<AssetKey, string[]>();
  for (const [key, d] of byKey) for (const dep of d.deps) readers.set(dep, [...(readers.get(dep) ?? []), key]);
  let keys: readonly string[] | undefined;
  return {
    get keys() {
      return (keys ??= [...assets.keys, ...byKey.keys()].sort());
    },
    upstream: (k) => byKey.get(k)?.deps ?? assets.upstream(k),
    downstream: (k) => (byKey.has(k) ? [] : [...assets.downstream(k), ...(readers.get(k) ?? [])]),
    attributes: (k) => {
      const d = byKey.get(k);
      return d ? { group: 'dashboards', kind: 'dashboard', tags: {}, owners: [] } : assets.attributes(k);
    },
    // A dashboard is as fresh as its inputs: stale when one is not fresh.
    status: (k) => {
      const d = byKey.get(k);
      if (!d) return assets.status(k);
      return d.deps.map((dep) => assets.status(dep)).find((s) => s !== 'fresh') ?? 'fresh';
    },
  };
}

/** The keys (assets and `dashboard:<id>`) a selection matches over the lineage with dashboards. */
export function selectWithDashboards(text: string, graph: AssetGraph, dashboards: readonly DashboardDefinition[],
  statuses: () => ReadonlyMap<AssetKey, StaleStatus>): Set<string> {
  return selectAssets(text, lineageWithDashboards(graph, dashboards, statuses));
}
