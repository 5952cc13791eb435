/** DuckDB's rendering of the dialect macros. */
import { checkedMacros, sqlString, type Dialect } from '../dialect.ts';

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Numeric text to DOUBLE: trimmed, with a decimal comma accepted. */
const toNumber = (e: string) => `TRY_CAST(replace(trim(CAST(${e} AS VARCHAR)), ',', '.') AS DOUBLE)`;

/**
 * DuckDB has no initcap: upper-case each character that follows anything but
 * a letter, a digit or an apostrophe, lower-case the others. The outer
 * list_transform binds the expression once.
 */
const initcap = (e: string) =>
  `(list_transform([${e}], lambda s: array_to_string(list_transform(range(1, length(s) + 1), ` +
  `lambda i: CASE WHEN i = 1 OR NOT regexp_matches(s[i - 1], '[\\pL\\pN'']') ` +
  `THEN upper(s[i]) ELSE lower(s[i]) END), '')))[1]`;

export const duckdb: Dialect = {
  name: 'duckdb',
  stringType: 'VARCHAR',
  quoteIdent,
  relation: (schema, name) => `${quoteIdent(schema)}.${quoteIdent(name)}`,
  regexpContains: (expr, pattern) => `regexp_matches(${expr}, ${sqlString(pattern)})`,
  stringLiteral: sqlString,
  dateLiteral: (iso) => `DATE ${sqlString(iso)}`,
  countIf: (condition) => `count(*) FILTER (WHERE ${condition})`,
  fingerprint: (relation) => `SELECT count(*)::BIGINT AS n, coalesce(sum(hash(t)), 0)::VARCHAR AS h FROM ${relation} AS t`,
  macros: checkedMacros('duckdb', {
    regexp_contains: (e, p) => `regexp_matches(${e}, ${p})`,
    regexp_replace_all: (e, p, r) => `regexp_replace(${e}, ${p}, ${r}, 'g')`,
    regexp_extract: (e, p) => `(CASE WHEN regexp_matches(${e}, ${p}) THEN regexp_extract(${e}, ${p}, 1) END)`,
    sha256_hex: (e) => `sha256(${e})`,
    date_diff_days: (end, start) => `date_diff('day', ${start}, ${end})`,
    date_add_days: (d, n) => `CAST(${d} + CAST(${n} AS INTEGER) AS DATE)`,
    date_series: (start, end, column) =>
      `(SELECT CAST(series.day AS DATE) AS ${column} FROM generate_series(CAST(${start} AS DATE), ` +
      `CAST(${end} AS DATE), INTERVAL 1 DAY) AS series(day))`,
    split_to_rows: (e, d, column) => `unnest(string_split(${e}, ${d})) AS ${column}_rows(${column})`,
    unnest_array: (e, column) => `unnest(${e}) AS ${column}_rows(${column})`,
    initcap,
    strip_accents: (e) => `strip_accents(${e})`,
    safe_divide: (a, b) => `((${a}) / NULLIF(${b}, 0))`,
    integer_divide: (a, b) => `((${a}) // (${b}))`,
    safe_cast_number: toNumber,
    safe_cast_int: (e) => `TRY_CAST(CASE WHEN ${toNumber(e)} = trunc(${toNumber(e)}) THEN ${toNumber(e)} END AS BIGINT)`,
    safe_cast_date: (e) => `TRY_CAST(substr(CAST(${e} AS VARCHAR), 1, 10) AS DATE)`,
    parse_month: (e) => `TRY_CAST(substr(CAST(${e} AS VARCHAR), 1, 7) || '-01' AS DATE)`,
    day_of_week: (d) => `isodow(${d})`,
    month_start: (d) => `CAST(date_trunc('month', ${d}) AS DATE)`,
    days_in_month: (d) => `EXTRACT(DAY FROM last_day(${d}))`,
    hours_in_month: (d) => `(24 * EXTRACT(DAY FROM last_day(${d})))`,
  }),
};
