/**
 * A small BigQuery-to-DuckDB translation, enough for the warehouse contract
 * and the Carttrend models: names in backticks, BigQuery's string literals
 * (backslash escapes, raw `r'...'`), and the functions and types that differ.
 *
 * @example
 * toDuckDb("SELECT SAFE_CAST(x AS INT64) FROM `ds.t`") // 'SELECT TRY_CAST(x AS BIGINT) FROM "ds"."t"'
 */

const WORDS: Readonly<Record<string, string>> = {
  SAFE_CAST: 'TRY_CAST', INT64: 'BIGINT', FLOAT64: 'DOUBLE', STRING: 'VARCHAR', BOOL: 'BOOLEAN', BIGNUMERIC: 'HUGEINT',
  NUMERIC: 'DECIMAL(38,9)', FARM_FINGERPRINT: 'hash', COUNTIF: 'count_if', SAFE_DIVIDE: 'bq_safe_divide',
  REGEXP_CONTAINS: 'regexp_matches', REGEXP_EXTRACT: 'regexp_extract', GENERATE_DATE_ARRAY: 'bq_date_array', GENERATE_ARRAY: 'generate_series',
};

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Macros the fake defines on its DuckDB so translated SQL keeps BigQuery's meaning. */
export const FAKE_MACROS = [
  'CREATE OR REPLACE MACRO bq_safe_divide(a, b) AS CASE WHEN b = 0 THEN NULL ELSE a / b END',
  "CREATE OR REPLACE MACRO bq_date_array(s, e) AS list_transform(generate_series(s::TIMESTAMP, e::TIMESTAMP, INTERVAL 1 DAY), x -> x::DATE)",
];

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

/** Translates BigQuery standard SQL to DuckDB SQL; `@name` parameters become `$name`. */
export function toDuckDb(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if ((c === 'r' || c === 'R') && (sql[i + 1] === "'" || sql[i + 1] === '"') && !/\w/.test(sql[i - 1] ?? '')) {
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
  return out.replace(/\bTO_JSON_STRING\s*\(\s*(\w+)\s*\)/gi, 'to_json($1)::VARCHAR');
}
