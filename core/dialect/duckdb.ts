/** DuckDB's rendering of the dialect macros. */
import { sqlString, type Dialect } from './dialect.ts';

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export const duckdb: Dialect = {
  name: 'duckdb',
  stringType: 'VARCHAR',
  quoteIdent,
  relation: (schema, name) => `${quoteIdent(schema)}.${quoteIdent(name)}`,
  regexpContains: (expr, pattern) => `regexp_matches(${expr}, ${sqlString(pattern)})`,
  dateLiteral: (iso) => `DATE ${sqlString(iso)}`,
  macros: {
    regexp_contains: (expr, pattern) => `regexp_matches(${expr}, ${pattern})`,
    sha256_hex: (expr) => `sha256(${expr})`,
    safe_divide: (a, b) => `(CASE WHEN (${b}) = 0 THEN NULL ELSE (${a}) / (${b}) END)`,
  },
};
