/**
 * Runs a dashboard's SQL read-only through the warehouse interface: on
 * DuckDB inside a READ ONLY transaction (a write would be refused), on
 * BigQuery as a plain query job (the SQL is a SELECT built by `chartSql`).
 *
 * @example
 * const rows = await readOnly(warehouse, 'SELECT 1 AS n WHERE ? > 0', [1]);
 */
import type { Row, Warehouse } from '../warehouse/warehouse.ts';

export async function readOnly(warehouse: Warehouse, sql: string, params: readonly unknown[]): Promise<Row[]> {
  const session = await warehouse.session();
  try {
    if (warehouse.engine !== 'duckdb') return await session.query(sql, params);
    await session.run('BEGIN TRANSACTION READ ONLY');
    try {
      return await session.query(sql, params);
    } finally {
      await session.run('ROLLBACK').catch(() => undefined);
    }
  } finally {
    await session.close();
  }
}
