import type { Dialect, DialectName } from './dialect.ts';
import { duckdb } from './duckdb/dialect.ts';
import { bigquery, bigqueryWithPrefix } from './bigquery/dialect.ts';
import type { WarehouseConfig } from '../config.ts';

export const dialects: Readonly<Record<DialectName, Dialect>> = { duckdb, bigquery };

/** The dialect SQL is rendered in for a configured warehouse. */
export function dialectFor(config: WarehouseConfig): Dialect {
  return config.type === 'bigquery' ? bigqueryWithPrefix(config.datasetPrefix) : duckdb;
}
export type { Dialect, DialectName, Macro, MacroName } from './dialect.ts';
export { sqlString, MACRO_SIGNATURES } from './dialect.ts';
