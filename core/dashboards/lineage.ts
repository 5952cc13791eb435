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
import { selectInGraph, selectionGraph } from '../select-assets.ts';
import { DASHBOARD } from '../selection/ast.ts';
import { parseSelection, selectAssets, type SelectionGraph, type SelectionNode } from '../selection/index.ts';
import type { StaleStatus, Status } from '../staleness.ts';
import type { DashboardDefinition } from './spec.ts';

/** The group every dashboard belongs to in the lineage. */
const DASHBOARDS_GROUP = 'dashboards';

/** The lineage key of a dashboard: `dashboard:<id>`. */
export function dashboardKey(id: string): string {
  return `${DASHBOARD}:${id}`;
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
      return d ? { group: DASHBOARDS_GROUP, kind: DASHBOARD, tags: {}, owners: [] } : assets.attributes(k);
    },
    status: (k) => {
      const d = byKey.get(k);
      return d ? inputsStatus(d.deps, assets.status) : assets.status(k);
    },
  };
}

/** A dashboard is as fresh as its inputs: the first input that is not fresh gives its status. */
function inputsStatus(deps: readonly AssetKey[], status: (key: AssetKey) => Status): Status {
  for (const dep of deps) {
    const s = status(dep);
    if (s !== 'fresh') return s;
  }
  return 'fresh';
}

/** A dashboard's status from its inputs' statuses. */
export function dashboardStatus(d: DashboardDefinition, statuses: ReadonlyMap<AssetKey, StaleStatus>): Status {
  return inputsStatus(d.deps, (key) => statuses.get(key)?.status ?? 'fresh');
}

/** What a selection matches in a project: assets to plan or show, and dashboards. */
export interface ProjectSelection {
  readonly assets: Set<AssetKey>;
  readonly dashboards: readonly DashboardDefinition[];
}

/**
 * Evaluates a selection over the project's lineage, dashboards included, so
 * that `+dashboard:ventes-chiffres` selects every asset that dashboard reads
 * (as dbt's `+exposure:name`). Without dashboards it is the asset graph's.
 *
 * @example
 * selectInProject('+dashboard:logistique', project, () => statuses).assets.size // 14
 */
export function selectInProject(text: string, project: { readonly graph: AssetGraph; readonly dashboards: readonly DashboardDefinition[] },
  statuses: () => ReadonlyMap<AssetKey, StaleStatus>): ProjectSelection {
  const { graph, dashboards } = project;
  if (dashboards.length === 0) return { assets: selectInGraph(text, graph, statuses), dashboards: [] };
  const keys = selectWithDashboards(text, graph, dashboards, statuses);
  // An expression that names no dashboard keeps the asset graph's meaning: `sinks(group:staging+)` are
  // the assets nothing reads, even when a dashboard reads them.
  let assets: Set<AssetKey>;
  if (namesDashboards(parseSelection(text))) {
    assets = new Set();
    for (const key of keys) if (graph.has(key)) assets.add(key);
  } else {
    assets = selectInGraph(text, graph, statuses);
  }
  return { assets, dashboards: dashboards.filter((d) => keys.has(dashboardKey(d.spec.id))) };
}

/** Whether an expression names dashboards: `dashboard:<id>`, `kind:dashboard` or `group:dashboards`. */
function namesDashboards(node: SelectionNode): boolean {
  switch (node.type) {
    case 'attr':
      return (node.attr === 'key' && node.value.startsWith(`${DASHBOARD}:`))
        || (node.attr === 'kind' && node.value === DASHBOARD) || (node.attr === 'group' && node.value === DASHBOARDS_GROUP);
    case 'and': case 'or': return node.operands.some(namesDashboards);
    case 'not': case 'traverse': case 'function': return namesDashboards(node.operand);
    case 'all': case 'status': return false;
  }
}

/** The keys (assets and `dashboard:<id>`) a selection matches over the lineage with dashboards. */
export function selectWithDashboards(text: string, graph: AssetGraph, dashboards: readonly DashboardDefinition[],
  statuses: () => ReadonlyMap<AssetKey, StaleStatus>): Set<string> {
  return selectAssets(text, lineageWithDashboards(graph, dashboards, statuses));
}
