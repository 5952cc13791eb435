/**
 * One chart's query as SQL with parameters. Nothing from the request is
 * pasted into SQL: identifiers come from the validated spec (quoted by the
 * dialect) and filter values are bound as `?` parameters, after
 * `readFilters` has checked each against its filter's type.
 *
 * @example
 * const { sql, params } = chartSql(chart, { categorie: { type: 'select', value: 'Mode' } }, duckdb);
 * // SELECT "categorie", sum("prix_apres_remise") AS "ca" FROM ... WHERE CAST("categorie" AS VARCHAR) = ? GROUP BY 1 ...
 */
import { parseKey } from '../keys.ts';
import type { Dialect } from '../warehouse/dialects.ts';
import { dimensionName, type ChartSpec, type DashboardSpec, type Dimension, type Measure } from './spec.ts';

export type FilterValue =
  | { readonly type: 'select'; readonly value: string }
  | { readonly type: 'range'; readonly from?: string | number; readonly to?: string | number }
  | { readonly type: 'month'; readonly value: number };

export type FilterValues = Readonly<Record<string, FilterValue>>;

/** A filter value the page's filters refuse: the message names the filter and what it takes. */
export class FilterError extends Error {
  override readonly name = 'FilterError';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

function bound(id: string, text: string): string | number | undefined {
  if (text === '') return undefined;
  if (ISO_DATE.test(text) && !Number.isNaN(Date.parse(text))) return text;
  if (NUMBER.test(text)) return Number(text);
  throw new FilterError(`filter '${id}' takes 'from..to' with ISO dates (2024-01-01) or numbers, got '${text}'`);
}

/**
 * Reads filter values from query parameters (`?categorie=Mode&periode=2024-01-01..2024-06-30&mois=3`);
 * an unknown filter or a malformed value is a FilterError.
 */
export function readFilters(spec: DashboardSpec, query: Readonly<Record<string, string | undefined>>): FilterValues {
  const out: Record<string, FilterValue> = {};
  const filters = spec.filters ?? [];
  for (const [id, text] of Object.entries(query)) {
    if (text === undefined || text === '') continue;
    const filter = filters.find((f) => f.id === id);
    if (!filter) {
      throw new FilterError(`dashboard '${spec.id}' has no filter '${id}' (its filters: ${filters.map((f) => f.id).join(', ') || 'none'})`);
    }
    if (text.length > 200) throw new FilterError(`filter '${id}' is longer than 200 characters`);
    if (filter.type === 'select') out[id] = { type: 'select', value: text };
    else if (filter.type === 'month') {
      const n = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
      if (!(n >= 1 && n <= 12)) throw new FilterError(`filter '${id}' takes a month number from 1 to 12, got '${text}'`);
      out[id] = { type: 'month', value: n };
    } else {
      const parts = text.split('..');
      if (parts.length !== 2) throw new FilterError(`filter '${id}' takes 'from..to' (either side may be empty), got '${text}'`);
      out[id] = { type: 'range', from: bound(id, parts[0]!), to: bound(id, parts[1]!) };
    }
  }
  return out;
}

function dimensionSql(d: Dimension, dialect: Dialect): string {
  if (typeof d === 'string') return `${dialect.quoteIdent(d)}`;
  return `${dialect.macros.month_start!(dialect.quoteIdent(d.column))} AS ${dialect.quoteIdent(dimensionName(d))}`;
}

function measureSql(m: Measure, dialect: Dialect): string {
  const col = m.column === undefined ? '*' : dialect.quoteIdent(m.column);
  const expr = m.fn === 'count_distinct' ? `count(DISTINCT ${col})` : m.fn === 'count' ? `count(${col})` : `${m.fn}(${col})`;
  // Aggregates come back as DOUBLE so that JSON carries plain numbers (no DECIMAL or HUGEINT).
  return `CAST(${expr} AS ${m.fn === 'count' || m.fn === 'count_distinct' ? 'BIGINT' : 'DOUBLE'}) AS ${dialect.quoteIdent(m.as)}`;
}

function conditions(chart: ChartSpec, values: FilterValues, dialect: Dialect, params: unknown[]): string[] {
  const out: string[] = [];
  for (const [id, mapping] of Object.entries(chart.query.filters ?? {})) {
    const value = values[id];
    if (!value) continue;
    if (typeof mapping !== 'string') {
      const inner = conditionOn(dialect.quoteIdent(mapping.via.column), value, dialect, params);
      if (!inner.length) continue;
      const r = parseKey(mapping.via.from);
      out.push(`${dialect.quoteIdent(mapping.column)} IN (SELECT ${dialect.quoteIdent(mapping.via.key)} FROM ${dialect.relation(r.schema, r.name)} WHERE ${inner.join(' AND ')})`);
      continue;
    }
    out.push(...conditionOn(dialect.quoteIdent(mapping), value, dialect, params));
  }
  return out;
}

function conditionOn(col: string, value: FilterValue, dialect: Dialect, params: unknown[]): string[] {
  const out: string[] = [];
  if (value.type === 'select') {
    out.push(`CAST(${col} AS ${dialect.stringType}) = ?`);
    params.push(value.value);
  } else if (value.type === 'month') {
    out.push(`EXTRACT(MONTH FROM ${col}) = ?`);
    params.push(value.value);
  } else {
    for (const [op, v] of [['>=', value.from], ['<=', value.to]] as const) {
      if (v === undefined) continue;
      out.push(typeof v === 'number' ? `${col} ${op} ?` : `${col} ${op} CAST(? AS DATE)`);
      params.push(v);
    }
  }
  return out;
}

/** The SQL of a chart's query under the page's filter values, and its parameters in order. */
export function chartSql(chart: ChartSpec, values: FilterValues, dialect: Dialect): { sql: string; params: unknown[] } {
  const q = chart.query;
  const relation = parseKey(q.from);
  const dims = q.dimensions ?? [];
  const measures = q.measures ?? [];
  const select = [...dims.map((d) => dimensionSql(d, dialect)), ...measures.map((m) => measureSql(m, dialect)),
    ...(q.columns ?? []).map((c) => dialect.quoteIdent(c))];
  const params: unknown[] = [];
  const where = conditions(chart, values, dialect, params);
  const parts = [`SELECT ${select.join(', ')} FROM ${dialect.relation(relation.schema, relation.name)}`];
  if (where.length) parts.push(`WHERE ${where.join(' AND ')}`);
  if (measures.length && dims.length) parts.push(`GROUP BY ${dims.map((_, i) => i + 1).join(', ')}`);
  const order = q.orderBy ?? dims.map(dimensionName);
  if (order.length) parts.push(`ORDER BY ${order.map((o) => o.startsWith('-') ? `${dialect.quoteIdent(o.slice(1))} DESC` : dialect.quoteIdent(o)).join(', ')}`);
  if (q.limit !== undefined) parts.push(`LIMIT ${Math.max(1, Math.trunc(q.limit))}`);
  return { sql: parts.join(' '), params };
}

/** The SQL listing a `select` filter's choices: distinct values of one column. */
export function optionsSql(from: string, column: string, dialect: Dialect): string {
  const r = parseKey(from);
  const col = dialect.quoteIdent(column);
  return `SELECT DISTINCT CAST(${col} AS ${dialect.stringType}) AS value FROM ${dialect.relation(r.schema, r.name)} WHERE ${col} IS NOT NULL ORDER BY 1 LIMIT 500`;
}
