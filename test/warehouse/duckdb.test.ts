/** The warehouse contract on the embedded DuckDB, on a real file. */
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openDuckDb } from '../../core/index.ts';
import { cleanupTemp, tempDir } from '../support/project.ts';
import { warehouseContract } from './contract.case.ts';

const dir = tempDir();
afterAll(() => cleanupTemp());

warehouseContract('duckdb', {
  open: () => openDuckDb(path.join(dir, 'warehouse.duckdb')),
  slowQuery: 'SELECT sum(i * i) AS s FROM range(10000000000) AS t(i)',
  workDir: path.join(dir, 'files'),
});

it("refuses a schema named like the file's catalog, which DuckDB could not tell apart", async () => {
  const warehouse = await openDuckDb(path.join(dir, 'sales.duckdb'));
  try {
    await expect(warehouse.ensureSchema('sales')).rejects.toMatchObject({
      message: expect.stringMatching(/schema 'sales' has the name of a DuckDB catalog/),
      fix: expect.stringMatching(/rename the schema, or the warehouse file/),
    });
    await warehouse.ensureSchema('sales_clean');
  } finally {
    await warehouse.close();
  }
});
