/**
 * What differs between warehouses' SQL. SQL models are written once and call
 * these as template macros (`{{ regexp_contains('email', "'^[^@]+@[^@]+$'") }}`);
 * each dialect renders them its own way.
 */
export type DialectName = 'duckdb' | 'bigquery';

/** A macro takes SQL fragments (already SQL text) and returns SQL text. */
export type Macro = (...args: string[]) => string;

export interface Dialect {
  readonly name: DialectName;
  /** The type to cast to for text (`VARCHAR`, `STRING`). */
  readonly stringType: string;
  quoteIdent(name: string): string;
  /** A fully qualified, quoted relation name. */
  relation(schema: string, name: string): string;
  /** SQL boolean: does `expr` match the regular expression `pattern` (a raw pattern, not SQL)? */
  regexpContains(expr: string, pattern: string): string;
  /** A SQL date literal for `YYYY-MM-DD`. */
  dateLiteral(isoDate: string): string;
  /** Template macros available to SQL models, by name. */
  readonly macros: Readonly<Record<string, Macro>>;
}

/** Quotes a JS string as a SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
