/**
 * Opens the configured warehouse. Each engine is loaded on demand: DuckDB's
 * library takes about half a second to load, BigQuery's client more, and
 * list, plan, why and a no-op materialize never touch the warehouse.
 *
 * @example
 * const warehouse = await openWarehouse(project.config);
 */
import { warehousePath, type TrellisConfig } from '../config.ts';
import type { Warehouse } from './warehouse.ts';

export async function openWarehouse(config: TrellisConfig, env: NodeJS.ProcessEnv = process.env): Promise<Warehouse> {
  const wanted = config.warehouse;
  switch (wanted.type) {
    case 'duckdb': return openDuckDb(warehousePath(config));
    case 'bigquery': {
      const bigquery = await import('./bigquery/warehouse.ts');
      return bigquery.openBigQuery(wanted, env);
    }
  }
}

/** The DuckDB file at `file` (`:memory:` for a throwaway one). */
export async function openDuckDb(file: string, options: { threads?: number } = {}): Promise<Warehouse> {
  const duckdb = await import('./duckdb/warehouse.ts');
  return duckdb.openDuckDb(file, options);
}
