/**
 * The BigQuery warehouse (placeholder until the implementation lands: the
 * engine is configurable, but nothing talks to BigQuery yet).
 */
import type { BigQueryConfig } from '../../config.ts';
import { UsageError } from '../../errors.ts';
import type { Warehouse } from '../warehouse.ts';

export async function openBigQuery(_config: BigQueryConfig, _env: NodeJS.ProcessEnv): Promise<Warehouse> {
  throw new UsageError('the BigQuery warehouse is not implemented yet', { fix: "use warehouse: { type: 'duckdb' } (the default)" });
}
