/** BigQuery's rendering of the dialect macros (standard SQL). */
import { sqlString, type Dialect } from './dialect.ts';

const quoteIdent = (name: string) => `\`${name.replaceAll('`', '\\`')}\``;

export const bigquery: Dialect = {
  name: 'bigquery',
  stringType: 'STRING',
  quoteIdent,
  relation: (schema, name) => `\`${schema}.${name}\``,
  regexpContains: (expr, pattern) => `REGEXP_CONTAINS(${expr}, r${sqlString(pattern)})`,
  dateLiteral: (iso) => `DATE ${sqlString(iso)}`,
  macros: {
    regexp_contains: (expr, pattern) => `REGEXP_CONTAINS(${expr}, ${pattern})`,
    sha256_hex: (expr) => `TO_HEX(SHA256(${expr}))`,
    safe_divide: (a, b) => `SAFE_DIVIDE(${a}, ${b})`,
  },
};
