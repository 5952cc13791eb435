/**
 * What a dashboard declares: charts whose queries name assets by key, group
 * and aggregate their columns, and take the page's filters as parameters.
 * A spec is plain data; `validateDashboard` checks it against the graph and
 * `chartQuery` turns one chart into parameterised SQL.
 *
 * @example
 * export default defineDashboard({
 *   id: 'satisfaction', title: 'Satisfaction Client',
 *   filters: [{ id: 'plainte', label: 'Type de plainte', type: 'select' }],
 *   charts: [{
 *     id: 'plaintes', title: 'Plaintes par type', type: 'bar',
 *     query: { from: 'carttrend_clean.mart_Support', dimensions: ['type_plainte'],
 *       measures: [{ as: 'plaintes', fn: 'sum', column: 'nb_plaintes' }], filters: { plainte: 'type_plainte' } },
 *     encode: { x: 'type_plainte', y: ['plaintes'] },
 *   }],
 * });
 */
import type { AssetKey } from '../keys.ts';

export const CHART_TYPES = ['kpi', 'line', 'bar', 'pie', 'scatter', 'map', 'wordcloud', 'table'] as const;
export type ChartType = (typeof CHART_TYPES)[number];

export const AGGREGATES = ['sum', 'avg', 'min', 'max', 'count', 'count_distinct'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/** `select`: equality on one value; `range`: from/to bounds (dates or numbers); `month`: the month (1-12) of a date column. */
export const FILTER_TYPES = ['select', 'range', 'month'] as const;
export type FilterType = (typeof FILTER_TYPES)[number];

/** A column as is, or a date truncated to its month (`{ column: 'date', part: 'month' }`). */
export type Dimension = string | { readonly column: string; readonly part: 'month'; readonly as?: string };

export interface Measure {
  readonly as: string;
  readonly fn: Aggregate;
  /** Not needed for `count`. */
  readonly column?: string;
}

export interface ChartQuery {
  /** The asset whose table the chart reads, by key. */
  readonly from: AssetKey;
  /** Group-by columns; none with no measures reads the columns of `columns` row by row. */
  readonly dimensions?: readonly Dimension[];
  readonly measures?: readonly Measure[];
  /** Plain columns, for charts that read rows without aggregating (`table`, `scatter`). */
  readonly columns?: readonly string[];
  /**
   * Which column of this asset each page filter applies to: `{ categorie: 'categorie' }`.
   * A filter not named here leaves the chart alone. A filter on another asset's column
   * goes through a key: `{ pays: { column: 'id_client', via: { from: 'carttrend_transform.Clients_Geo', key: 'id_client', column: 'pays' } } }`.
   */
  readonly filters?: Readonly<Record<string, string | FilterThrough>>;
  /** An output name (a dimension, measure or column), `-` first for descending: `'-revenue'`. */
  readonly orderBy?: readonly string[];
  readonly limit?: number;
}

/** A filter applied as `column IN (SELECT key FROM via.from WHERE via.column matches)`. */
export interface FilterThrough {
  readonly column: string;
  readonly via: { readonly from: AssetKey; readonly key: string; readonly column: string };
}

export interface ChartEncoding {
  /** The category or time axis, a word (word cloud) or a country (map). */
  readonly x?: string;
  /** One or more values plotted against `x`; a KPI's value. */
  readonly y?: readonly string[];
  /** Draws `y[1]`..`y[2]` as a band around `y[0]` (a forecast's interval). */
  readonly band?: readonly [string, string];
  /** A series per value of this output (lines or bars split by category). */
  readonly series?: string;
}

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly type: ChartType;
  readonly description?: string;
  readonly query: ChartQuery;
  readonly encode: ChartEncoding;
  /** Clicking a bar, a slice or a country sets this page filter to the clicked `x` value. */
  readonly crossFilter?: string;
  /** Value format for tooltips and labels: `eur`, `percent`, `number` (default). */
  readonly format?: 'eur' | 'percent' | 'number';
}

export interface FilterSpec {
  readonly id: string;
  readonly label: string;
  readonly type: FilterType;
  /** Where the choices of a `select` come from (distinct values); default the first chart mapping this filter. */
  readonly options?: { readonly from: AssetKey; readonly column: string };
}

export interface DashboardSpec {
  /** URL-safe id: lower case letters, digits and dashes. */
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly filters?: readonly FilterSpec[];
  readonly charts: readonly ChartSpec[];
}

/** Marker so that a module's exports can be scanned for dashboards. */
export const DASHBOARD = Symbol.for('trellis.dashboard');

export interface DashboardDeclaration {
  readonly [DASHBOARD]: true;
  readonly spec: DashboardSpec;
}

/** Declares a dashboard; export it (default or named) from a module under `dashboards/`. */
export function defineDashboard(spec: DashboardSpec): DashboardDeclaration {
  return { [DASHBOARD]: true, spec };
}

export function isDashboardDeclaration(value: unknown): value is DashboardDeclaration {
  return typeof value === 'object' && value !== null && DASHBOARD in value;
}

/** The output name of a dimension. */
export function dimensionName(d: Dimension): string {
  return typeof d === 'string' ? d : d.as ?? d.column;
}

/** The resolved form: the spec, where it was declared, and the assets it reads. */
export interface DashboardDefinition {
  readonly spec: DashboardSpec;
  /** The declaring file, relative to the project. */
  readonly file: string;
  /** Every asset a chart or filter reads, sorted: its upstreams in the lineage. */
  readonly deps: readonly AssetKey[];
}
