/**
 * Opens the warehouse named by the configuration. The DuckDB library is
 * loaded on demand: it takes about half a second to load, and list, plan,
 * why and a no-op materialize never touch the warehouse.
 *
 * @example
 * const warehouse = await openDuckDb('.trellis/warehouse.duckdb');
 */
import type { Warehouse } from './warehouse.ts';

export async function openDuckDb(file: string, options: { threads?: number } = {}): Promise<Warehouse> {
  const duckdb = await import('./duckdb/warehouse.ts');
  return duckdb.openDuckDb(file, options);
}
