/**
 * A small BigQuery-to-DuckDB translation, enough for the warehouse contract
 * and the Carttrend models: names in backticks, BigQuery's string literals
 * (backslash escapes, raw `r'...'`), and the functions and types that differ.
 * Where the two engines give the same function a different meaning, the
 * call is rewritten to keep BigQuery's (see CALLS); nothing is validated here.
 *
 * @example
 * toDuckDb("SELECT SAFE_CAST(x AS INT64) FROM `ds.t`") // 'SELECT TRY_CAST(x AS BIGINT) FROM "ds"."t"'
 */

const WORDS: Readonly<Record<string, string>> = {
  SAFE_CAST: 'TRY_CAST', INT64: 'BIGINT', FLOAT64: 'DOUBLE', STRING: 'VARCHAR', BOOL: 'BOOLEAN', BIGNUMERIC: 'HUGEINT',
  NUMERIC: 'DECIMAL(38,9)', FARM_FINGERPRINT: 'hash', COUNTIF: 'count_if', SAFE_DIVIDE: 'bq_safe_divide',
  REGEXP_CONTAINS: 'regexp_matches', REGEXP_EXTRACT: 'regexp_extract', GENERATE_DATE_ARRAY: 'bq_date_array', GENERATE_ARRAY: 'generate_series',
};

import { rewriteCalls, type CallRule } from './calls.ts';

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Macros the fake defines on its DuckDB so translated SQL keeps BigQuery's meaning. */
export const FAKE_MACROS = [
  'CREATE OR REPLACE MACRO bq_safe_divide(a, b) AS CASE WHEN b = 0 THEN NULL ELSE a / b END',
  "CREATE OR REPLACE MACRO bq_date_array(s, e) AS list_transform(generate_series(s::TIMESTAMP, e::TIMESTAMP, INTERVAL 1 DAY), x -> x::DATE)",
  // BigQuery: NULL when nothing matches (DuckDB: the empty string), capture group 1 when there is one (DuckDB: group 0).
  'CREATE OR REPLACE MACRO bq_regexp_extract(s, p, g) AS CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p, g) END',
];

/** Does the pattern literal have a capturing group (an unescaped `(` not followed by `?`)? */
const capturing = (pattern: string) => /(^|[^\\])\((?!\?)/.test(pattern);
const UNNEST_ALIAS = '\u0000';

/** Calls whose arguments or meaning differ: BigQuery's meaning in DuckDB's words. */
const CALLS: Readonly<Record<string, CallRule>> = {
  DATE_DIFF: ([end, start, part]) => `date_diff('${part!.toLowerCase()}', ${start}, ${end})`,
  DATE_ADD: ([date, interval]) => {
    const n = /^INTERVAL\s+([\s\S]+)\s+DAY$/i.exec(interval!)?.[1];
    return n ? `CAST((${date}) + to_days(CAST(${n} AS INTEGER)) AS DATE)` : `date_add(${date}, ${interval})`;
  },
  // On a DATE, BigQuery's DATE_TRUNC returns a DATE (DuckDB's a TIMESTAMP); the fake assumes a DATE argument.
  DATE_TRUNC: ([date, part]) => `CAST(date_trunc('${part!.toLowerCase()}', ${date}) AS DATE)`,
  // DAYOFWEEK is 1 (Sunday) to 7 in BigQuery, 0 to 6 in DuckDB.
  EXTRACT: (_, inner) => (/^\s*DAYOFWEEK\s+FROM\s/i.test(inner) ? `(EXTRACT(dow ${inner.replace(/^\s*DAYOFWEEK\s+/i, '')}) + 1)` : `EXTRACT(${inner})`),
  NORMALIZE: ([e, form]) => `bq_normalize(${e}, '${(form ?? 'NFC').toUpperCase()}')`,
  INITCAP: ([e]) => `bq_initcap(${e})`,
  DIV: ([a, b]) => `((${a}) // (${b}))`,
  // BigQuery's CONCAT is NULL when any argument is (DuckDB's skips NULLs); `||` keeps BigQuery's meaning.
  CONCAT: (args) => `(${args.join(' || ')})`,
  REGEXP_EXTRACT: ([e, p]) => `bq_regexp_extract(${e}, ${p}, ${capturing(p!) ? 1 : 0})`,
  // BigQuery replaces every match, DuckDB only the first unless 'g'.
  REGEXP_REPLACE: ([e, p, r]) => `regexp_replace(${e}, ${p}, ${r}, 'g')`,
  // BigQuery's SHA256 returns BYTES and TO_HEX lower-case hex; DuckDB's sha256 returns hex text.
  SHA256: ([e]) => `unhex(sha256(${e}))`,
  TO_HEX: ([e]) => `lower(hex(${e}))`,
  // `UNNEST(a) AS x` names the element x in BigQuery; DuckDB needs the column named too: `AS x(x)`.
  UNNEST: (_, inner) => `unnest(${inner})${UNNEST_ALIAS}`,
};

/** Reads a quoted string starting at `i` (the quote); returns its value and the index after it. */
function readString(sql: string, i: number, raw: boolean): [string, number] {
  const quote = sql[i]!;
  let value = '';
  let j = i + 1;
  while (j < sql.length && sql[j] !== quote) {
    if (sql[j] === '\\' && !raw) { value += sql[j + 1] ?? ''; j += 2; continue; }
    if (sql[j] === '\\' && raw) { value += sql.slice(j, j + 2); j += 2; continue; }
    value += sql[j++];
  }
  return [value, j + 1];
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `sql` with the job's own project taken out of table names (`` `p`.`ds`.`t` `` and `` `p.ds.t` ``
 * become `` `ds.t` ``, as dbt-bigquery writes them): the fake keeps one project.
 */
export function withoutProject(sql: string, project: string): string {
  const p = escaped(project);
  return sql.replace(new RegExp(`\`${p}\`\\.\`([^\`.]+)\`\\.\`([^\`.]+)\``, 'g'), '`$1.$2`').replace(new RegExp(`\`${p}\\.([^\`.]+\\.[^\`.]+)\``, 'g'), '`$1`');
}

/** Translates BigQuery standard SQL to DuckDB SQL; `@name` parameters become `$name`, comments are dropped. */
export function toDuckDb(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if ((c === '-' && sql[i + 1] === '-') || (c === '#')) {
      // Comments are dropped (their quotes and backticks are not SQL); the line break is kept.
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      out += ' ';
      i = end < 0 ? sql.length : end + 2;
    } else if ((c === 'r' || c === 'R') && (sql[i + 1] === "'" || sql[i + 1] === '"') && !/\w/.test(sql[i - 1] ?? '')) {
      const [value, next] = readString(sql, i + 1, true);
      out += `'${value.replaceAll("'", "''")}'`;
      i = next;
    } else if (c === "'" || c === '"') {
      const [value, next] = readString(sql, i, false);
      out += `'${value.replaceAll("'", "''")}'`;
      i = next;
    } else if (c === '`') {
      const end = sql.indexOf('`', i + 1);
      out += sql.slice(i + 1, end).split('.').map(quoted).join('.');
      i = end + 1;
    } else if (c === '@' && /\w/.test(sql[i + 1] ?? '')) {
      out += '$';
      i++;
    } else if (/[A-Za-z_]/.test(c) && !/\w/.test(sql[i - 1] ?? '')) {
      const word = /^\w+/.exec(sql.slice(i))![0];
      out += WORDS[word.toUpperCase()] ?? word;
      i += word.length;
    } else {
      out += c;
      i++;
    }
  }
  const json = out.replace(/\bTO_JSON_STRING\s*\(\s*(\w+)\s*\)/gi, 'to_json($1)::VARCHAR');
  return rewriteCalls(json, CALLS).replace(/\u0000(\s+AS\s+(\w+))?/gi, (_, as?: string, name?: string) => (as ? ` AS ${name}(${name})` : ''));
}
