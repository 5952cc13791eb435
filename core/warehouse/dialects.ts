import type { Dialect, DialectName } from './dialect.ts';
import { duckdb } from './duckdb/dialect.ts';
import { bigquery } from './bigquery/dialect.ts';

export const dialects: Readonly<Record<DialectName, Dialect>> = { duckdb, bigquery };
export type { Dialect, DialectName, Macro, MacroName } from './dialect.ts';
export { sqlString, MACRO_SIGNATURES } from './dialect.ts';
