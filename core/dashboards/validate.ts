/**
 * Checks a dashboard spec against the graph: every query names an asset that
 * exists and columns that asset declares, every chart type and aggregate is
 * known, every filter a chart maps is declared by the page, and encodings
 * name the query's outputs. Problems name the file, the dashboard and chart,
 * and the fix, and are collected, never thrown one by one.
 *
 * @example
 * const problems: Problem[] = [];
 * const def = validateDashboard(spec, 'dashboards/ventes.ts', graph, problems);
 */
import { didYouMean, type Problem } from '../errors.ts';
import type { AssetGraph } from '../graph.ts';
import {
  AGGREGATES, CHART_TYPES, FILTER_TYPES, dimensionName,
  type ChartSpec, type DashboardDefinition, type DashboardSpec, type FilterThrough,
} from './spec.ts';

const ID = /^[a-z0-9][a-z0-9-]*$/;

interface Where {
  readonly file: string;
  readonly problems: Problem[];
  readonly at: string;
}

function problem(w: Where, message: string, fix: string, asset?: string): void {
  w.problems.push({ file: w.file, message: `${w.at}: ${message}`, fix, ...(asset ? { asset } : {}) });
}

function hint(name: string, candidates: readonly string[]): string {
  const near = didYouMean(name, candidates);
  return near ? `${near} ` : '';
}

/** Columns the asset declares (schema file or `columns`); undefined when it declares none, so any name is accepted here and checked by the warehouse. */
function declaredColumns(graph: AssetGraph, key: string): readonly string[] | undefined {
  const cols = graph.get(key)?.columns.map((c) => c.name) ?? [];
  return cols.length ? cols : undefined;
}

function columnOf(graph: AssetGraph, w: Where, key: string, name: string, field: string): void {
  if (!graph.has(key)) return problem(w, `${field} reads unknown asset '${key}'`, `${hint(key, graph.keys)}name an asset of the project by its key`, key);
  const known = declaredColumns(graph, key);
  if (!known || known.includes(name)) return;
  problem(w, `${field} names unknown column '${name}' of ${key}`, `${hint(name, known)}use one of its columns: ${known.join(', ')}`, key);
}

function checkChart(chart: ChartSpec, spec: DashboardSpec, graph: AssetGraph, w: Where): void {
  const at = { ...w, at: `dashboard '${spec.id}', chart '${chart.id}'` };
  if (!(CHART_TYPES as readonly string[]).includes(chart.type)) {
    problem(at, `unknown chart type '${chart.type}'`, `${hint(chart.type, CHART_TYPES)}use one of ${CHART_TYPES.join(', ')}`);
  }
  const q = chart.query;
  if (!q || typeof q.from !== 'string') return problem(at, 'has no query.from', "name the asset it reads: query: { from: 'carttrend_clean.mart_Commandes', ... }");
  if (!graph.has(q.from)) {
    return problem(at, `reads unknown asset '${q.from}'`, `${hint(q.from, graph.keys)}name an asset of the project by its key`, q.from);
  }
  const column = (name: string | undefined, field: string) => {
    if (name !== undefined) columnOf(graph, at, q.from, name, field);
  };
  for (const d of q.dimensions ?? []) column(typeof d === 'string' ? d : d.column, 'a dimension');
  for (const c of q.columns ?? []) column(c, 'query.columns');
  for (const m of q.measures ?? []) {
    if (!(AGGREGATES as readonly string[]).includes(m.fn)) problem(at, `measure '${m.as}' has unknown fn '${m.fn}'`, `use one of ${AGGREGATES.join(', ')}`);
    if (m.fn !== 'count' && m.column === undefined) problem(at, `measure '${m.as}' has no column`, `add column: '...' (only count needs none)`);
    column(m.column, `measure '${m.as}'`);
  }
  const filterIds = (spec.filters ?? []).map((f) => f.id);
  for (const [filter, col] of Object.entries(q.filters ?? {})) {
    if (!filterIds.includes(filter)) problem(at, `maps filter '${filter}', which the dashboard does not declare`, `${hint(filter, filterIds)}declare it in filters: [{ id: '${filter}', ... }]`);
    if (typeof col === 'string') column(col, `filter '${filter}'`);
    else {
      column(col?.column, `filter '${filter}'`);
      columnOf(graph, at, col?.via?.from, col?.via?.key, `filter '${filter}' via`);
      columnOf(graph, at, col?.via?.from, col?.via?.column, `filter '${filter}' via`);
    }
  }
  const outputs = [...(q.dimensions ?? []).map(dimensionName), ...(q.measures ?? []).map((m) => m.as), ...(q.columns ?? [])];
  const encoded = [chart.encode?.x, ...(chart.encode?.y ?? []), ...(chart.encode?.band ?? []), chart.encode?.series, ...(q.orderBy ?? []).map((o) => o.replace(/^-/, ''))];
  for (const name of encoded) {
    if (name !== undefined && !outputs.includes(name)) problem(at, `encodes or orders by '${name}', which the query does not output`, `${hint(name, outputs)}use one of ${outputs.join(', ')}`);
  }
  if (chart.crossFilter !== undefined && !filterIds.includes(chart.crossFilter)) {
    problem(at, `crossFilter '${chart.crossFilter}' is not a filter of the dashboard`, `${hint(chart.crossFilter, filterIds)}declare it in filters`);
  }
}

/** The definition of a valid spec, or undefined after pushing its problems. */
export function validateDashboard(spec: DashboardSpec, file: string, graph: AssetGraph, problems: Problem[]): DashboardDefinition | undefined {
  const before = problems.length;
  const w: Where = { file, problems, at: `dashboard '${spec?.id}'` };
  if (typeof spec?.id !== 'string' || !ID.test(spec.id)) problem(w, `invalid id ${JSON.stringify(spec?.id)}`, "use lower case letters, digits and dashes: 'ventes-chiffres'");
  if (typeof spec?.title !== 'string' || !spec.title) problem(w, 'has no title', "add title: 'Ventes - Chiffres'");
  if (!Array.isArray(spec?.charts) || !spec.charts.length) {
    problem(w, 'has no charts', 'add charts: [{ id, title, type, query, encode }]');
    return undefined;
  }
  for (const f of spec.filters ?? []) {
    if (!(FILTER_TYPES as readonly string[]).includes(f.type)) problem(w, `filter '${f.id}' has unknown type '${f.type}'`, `use one of ${FILTER_TYPES.join(', ')}`);
    if (f.options) columnOf(graph, w, f.options.from, f.options.column, `filter '${f.id}' options`);
  }
  const ids = new Set<string>();
  for (const chart of spec.charts) {
    if (typeof chart.id !== 'string' || !ID.test(chart.id) || ids.has(chart.id)) {
      problem(w, `chart id ${JSON.stringify(chart.id)} is invalid or repeated`, 'give each chart its own id of lower case letters, digits and dashes');
    }
    ids.add(chart.id);
    checkChart(chart, spec, graph, w);
  }
  if (problems.length > before) return undefined;
  const mappings: (string | FilterThrough)[] = spec.charts.flatMap((c) => Object.values(c.query.filters ?? {}));
  const through = mappings.flatMap((f) => typeof f === 'string' ? [] : [f.via.from]);
  const options = (spec.filters ?? []).flatMap((f) => f.options ? [f.options.from] : []);
  const deps = [...new Set([...spec.charts.map((c) => c.query.from), ...through, ...options])].sort();
  return { spec, file, deps };
}
