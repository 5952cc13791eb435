/**
 * The dashboards' answers: the list, one page (spec plus the status and last
 * materialization of every asset behind each chart), a chart's rows under
 * the page's filters, and a `select` filter's choices. Rows are read through
 * the warehouse owner, read-only, with filter values as parameters.
 *
 * @example
 * const page = dashboardView(ws, findDashboard(ws, 'marketing'));
 * page.inputs['carttrend_clean.mart_Engagement_Campagnes'].status // 'fresh'
 */
import { chartSql, FilterError, optionsSql, readFilters } from '../dashboards/query.ts';
import type { DashboardDefinition } from '../dashboards/spec.ts';
import { didYouMean } from '../errors.ts';
import { parseKey } from '../keys.ts';
import type { Workspace } from '../workspace.ts';
import type { ApiChartData, ApiDashboard, ApiDashboardInput, ApiDashboardSummary, ApiFilterOptions } from './dashboard-types.ts';
import { HttpError } from './http-error.ts';
import type { Query } from './params.ts';
import type { WarehouseOwner } from './warehouse-owner.ts';

export function summaryOf(def: DashboardDefinition): ApiDashboardSummary {
  return { id: def.spec.id, title: def.spec.title, description: def.spec.description ?? null, file: def.file, charts: def.spec.charts.length, deps: def.deps };
}

/** The dashboard of id `id`, else 404 with the nearest ids. */
export function findDashboard(ws: Workspace, id: string): DashboardDefinition {
  const all = ws.project.dashboards;
  const def = all.find((d) => d.spec.id === id);
  if (def) return def;
  const hint = didYouMean(id, all.map((d) => d.spec.id));
  throw new HttpError(404, `no dashboard '${id}'${hint ? `; ${hint}` : ''} (GET /api/dashboards lists them)`);
}

function inputOf(ws: Workspace, key: string, statuses: ReturnType<Workspace['status']>['statuses']): ApiDashboardInput {
  const status = statuses.get(key);
  const last = ws.store.materializationHistory(key, 1)[0];
  return {
    key, status: (status?.status ?? 'missing') as ApiDashboardInput['status'], causes: status?.causes.map((c) => c.message) ?? [],
    lastMaterializedAt: last?.createdAt ?? null, lastRunId: last?.runId ?? null,
  };
}

export function dashboardView(ws: Workspace, def: DashboardDefinition): ApiDashboard {
  const { statuses } = ws.status();
  const inputs: Record<string, ApiDashboardInput> = {};
  for (const key of def.deps) inputs[key] = inputOf(ws, key, statuses);
  const chartInputs: Record<string, string[]> = {};
  for (const chart of def.spec.charts) {
    const via = Object.values(chart.query.filters ?? {}).flatMap((f) => typeof f === 'string' ? [] : [f.via.from]);
    chartInputs[chart.id] = [...new Set([chart.query.from, ...via])];
  }
  return { ...summaryOf(def), spec: def.spec, inputs, chartInputs };
}

/** Why `keys` cannot be read yet (the first without a table), or undefined when all can. */
async function unbuilt(owner: WarehouseOwner, keys: readonly string[]): Promise<string | undefined> {
  return owner.read('trellis ui: dashboard inputs', async (warehouse) => {
    for (const key of keys) {
      if (!(await warehouse.relationKind(parseKey(key)))) return `${key} has no table yet: materialize it (trellis materialize --select +key:${key})`;
    }
    return undefined;
  });
}

/** A chart's rows under the filters of `query`. */
export async function chartData(ws: Workspace, owner: WarehouseOwner, def: DashboardDefinition, chartId: string, query: Query): Promise<ApiChartData> {
  const chart = def.spec.charts.find((c) => c.id === chartId);
  if (!chart) {
    const hint = didYouMean(chartId, def.spec.charts.map((c) => c.id));
    throw new HttpError(404, `dashboard '${def.spec.id}' has no chart '${chartId}'${hint ? `; ${hint}` : ''}`);
  }
  let filters;
  try {
    filters = readFilters(def.spec, query);
  } catch (error) {
    if (error instanceof FilterError) throw new HttpError(400, error.message);
    throw error;
  }
  const { sql, params } = chartSql(chart, filters, ws.project.dialect);
  const started = performance.now();
  const inputs = dashboardView(ws, def).chartInputs[chart.id]!;
  const unavailable = await unbuilt(owner, inputs);
  if (unavailable) return { dashboard: def.spec.id, chart: chart.id, columns: [], rows: [], filters, durationMs: 0, unavailable };
  const rows = await owner.read(`trellis ui: dashboard ${def.spec.id}`, (warehouse) => warehouse.readQuery(sql, params));
  const columns = rows[0] ? Object.keys(rows[0]) : [];
  return { dashboard: def.spec.id, chart: chart.id, columns, rows, filters, durationMs: Math.round(performance.now() - started), unavailable: null };
}

/** The choices of a `select` filter: distinct values of its options column, or of the first chart column it maps. */
export async function filterOptions(ws: Workspace, owner: WarehouseOwner, def: DashboardDefinition, filterId: string): Promise<ApiFilterOptions> {
  const filter = (def.spec.filters ?? []).find((f) => f.id === filterId);
  if (!filter) throw new HttpError(404, `dashboard '${def.spec.id}' has no filter '${filterId}'`);
  let source = filter.options;
  for (const chart of def.spec.charts) {
    if (source) break;
    const mapping = chart.query.filters?.[filterId];
    if (mapping !== undefined) source = typeof mapping === 'string' ? { from: chart.query.from, column: mapping } : { from: mapping.via.from, column: mapping.via.column };
  }
  if (!source || filter.type !== 'select') return { filter: filterId, values: [] };
  const from = source;
  if (await unbuilt(owner, [from.from])) return { filter: filterId, values: [] };
  const rows = await owner.read(`trellis ui: dashboard ${def.spec.id}`, (warehouse) => warehouse.readQuery(optionsSql(from.from, from.column, ws.project.dialect)));
  return { filter: filterId, values: rows.map((r) => String(r.value)) };
}
