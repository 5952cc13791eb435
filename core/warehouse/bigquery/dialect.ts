/**
 * BigQuery's rendering of the dialect macros (standard SQL).
 *
 * Where BigQuery and DuckDB behave differently on the same SQL (test/bigquery-dialect.test.ts runs each case):
 * - NULL ordering: BigQuery sorts NULLs first in ascending order (last in descending); DuckDB sorts them last
 *   in both. A model whose order matters writes `NULLS FIRST` / `NULLS LAST`, which both engines honour.
 * - Division: `/` returns FLOAT64 (DuckDB: DOUBLE) even between integers, on both; the integer quotient is
 *   `integer_divide` (BigQuery `DIV`, DuckDB `//`, both truncating toward zero). Dividing by zero is an error
 *   on BigQuery but NULL on DuckDB: use `safe_divide` (NULL on both).
 * - String comparison: both compare by code point (binary), not by locale: `'B' < 'a'` and `'z' < 'é'` on
 *   both; `ORDER BY name` puts upper case before lower case. Neither applies a collation unless asked.
 */
import { checkedMacros, type Dialect } from '../dialect.ts';

const quoteIdent = (name: string) => `\`${name.replaceAll('`', '\\`')}\``;

/** A raw string literal for a regular expression (`r'...'`): backslashes mean the same as in DuckDB. */
export function rawString(pattern: string): string {
  return `r'${pattern.replaceAll("'", "\\'")}'`;
}

const SQL_STRING = /^'((?:[^']|'')*)'$/s;

/**
 * A pattern written as a plain SQL literal (`'\d+'`, standard SQL: no escapes)
 * becomes a raw literal, since BigQuery would otherwise read `\d` as an
 * escape. Any other expression (a column, a raw literal) is kept.
 */
function pattern(sql: string): string {
  const literal = SQL_STRING.exec(sql.trim());
  return literal ? rawString(literal[1]!.replaceAll("''", "'")) : sql;
}

const toNumber = (e: string) => `SAFE_CAST(REPLACE(TRIM(CAST(${e} AS STRING)), ',', '.') AS FLOAT64)`;

/** A BigQuery string literal: backslashes and quotes escaped with a backslash. */
function stringLiteral(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

export const bigquery: Dialect = {
  name: 'bigquery',
  stringType: 'STRING',
  quoteIdent,
  relation: (schema, name) => quoteIdent(`${schema}.${name}`),
  regexpContains: (expr, p) => `REGEXP_CONTAINS(${expr}, ${rawString(p)})`,
  stringLiteral,
  dateLiteral: (iso) => `DATE ${stringLiteral(iso)}`,
  countIf: (condition) => `COUNTIF(${condition})`,
  fingerprint: (relation) => 'SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h ' +
    `FROM ${relation} AS t`,
  macros: checkedMacros('bigquery', {
    regexp_contains: (e, p) => `REGEXP_CONTAINS(${e}, ${pattern(p)})`,
    regexp_replace_all: (e, p, r) => `REGEXP_REPLACE(${e}, ${pattern(p)}, ${pattern(r)})`,
    regexp_extract: (e, p) => `REGEXP_EXTRACT(${e}, ${pattern(p)})`,
    sha256_hex: (e) => `TO_HEX(SHA256(${e}))`,
    date_diff_days: (end, start) => `DATE_DIFF(${end}, ${start}, DAY)`,
    date_add_days: (d, n) => `DATE_ADD(${d}, INTERVAL ${n} DAY)`,
    date_series: (start, end, column) =>
      `(SELECT ${column} FROM UNNEST(GENERATE_DATE_ARRAY(CAST(${start} AS DATE), CAST(${end} AS DATE))) AS ${column})`,
    split_to_rows: (e, d, column) => `UNNEST(SPLIT(${e}, ${d})) AS ${column}`,
    unnest_array: (e, column) => `UNNEST(${e}) AS ${column}`,
    initcap: (e) => `INITCAP(${e})`,
    strip_accents: (e) => `REGEXP_REPLACE(NORMALIZE(${e}, NFD), r'\\pM', '')`,
    safe_divide: (a, b) => `SAFE_DIVIDE(${a}, ${b})`,
    integer_divide: (a, b) => `DIV(${a}, ${b})`,
    safe_cast_number: toNumber,
    safe_cast_int: (e) => `SAFE_CAST(CASE WHEN ${toNumber(e)} = TRUNC(${toNumber(e)}) THEN ${toNumber(e)} END AS INT64)`,
    safe_cast_date: (e) => `SAFE_CAST(SUBSTR(CAST(${e} AS STRING), 1, 10) AS DATE)`,
    parse_month: (e) => `SAFE_CAST(CONCAT(SUBSTR(CAST(${e} AS STRING), 1, 7), '-01') AS DATE)`,
    day_of_week: (d) => `(MOD(EXTRACT(DAYOFWEEK FROM ${d}) + 5, 7) + 1)`,
    month_start: (d) => `DATE_TRUNC(${d}, MONTH)`,
    days_in_month: (d) => `EXTRACT(DAY FROM LAST_DAY(${d}))`,
    hours_in_month: (d) => `(24 * EXTRACT(DAY FROM LAST_DAY(${d})))`,
  }),
};

/**
 * BigQuery with datasets named `<prefix><schema>` (e.g. `dev_carttrend_clean`
 * for the schema `carttrend_clean`): only relation names change.
 */
export function bigqueryWithPrefix(datasetPrefix: string | undefined): Dialect {
  if (!datasetPrefix) return bigquery;
  return { ...bigquery, relation: (schema, name) => bigquery.relation(`${datasetPrefix}${schema}`, name) };
}

/**
 * BigQuery with relations qualified by their project, as dbt-bigquery renders
 * them: `` `my-proj.dev_carttrend_clean.Clients` ``, the whole path in one pair
 * of backticks so that a table alias named like the project cannot capture it.
 */
export function bigqueryQualified(project: string, datasetPrefix: string | undefined): Dialect {
  return { ...bigqueryWithPrefix(datasetPrefix), relation: (schema, name) => quoteIdent(`${project}.${datasetPrefix ?? ''}${schema}.${name}`) };
}
