/**
 * The server's warehouse owner: reads that arrive together (a dashboard's
 * charts, several previews) share one opening of the DuckDB file, and a read
 * that fails fails alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openWorkspace } from '../core/workspace.ts';
import { WarehouseOwner } from '../core/server/warehouse-owner.ts';
import type { Workspace } from '../core/workspace.ts';
import { cleanupTemp, cli, copyFixture, projectEnv, tempHome } from './support/project.ts';

let ws: Workspace;
let opened = 0;
let owner: WarehouseOwner;

beforeAll(async () => {
  const dir = copyFixture('basic');
  const env = projectEnv({ TRELLIS_HOME: tempHome(), FIXTURE_DATA_DIR: path.join(dir, 'data') });
  const r = await cli(['materialize', '--json'], { projectDir: dir, env });
  expect(r.code, r.stderr).toBe(0);
  ws = await openWorkspace(dir, env);
  // The real workspace, counting how often the warehouse is opened.
  const counted: Workspace = { ...ws, withWarehouse: (command, work, options) => { opened++; return ws.withWarehouse(command, work, options); } };
  owner = new WarehouseOwner(() => counted);
}, 60_000);

afterAll(() => {
  ws?.close();
  cleanupTemp();
});

describe('reads through the warehouse owner', () => {
  it('arriving together, share one opening of the warehouse, each with its own answer', async () => {
    opened = 0;
    const counts = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      owner.read('test: read', async (wh) => (await wh.readQuery(`SELECT count(*) + ${i} AS n FROM ${wh.dialect.relation('raw', 'orders')}`))[0]!.n)));
    expect(opened).toBe(1);
    expect(counts.map((n, i) => Number(n) - i)).toEqual(Array(8).fill(Number(counts[0])));
    // The next read, after the others, opens the warehouse again: nothing is kept open between requests.
    await owner.read('test: read', (wh) => wh.readQuery('SELECT 1 AS one'));
    expect(opened).toBe(2);
  });

  it('a failing read rejects alone; the others of its batch still answer', async () => {
    const results = await Promise.allSettled([
      owner.read('test: read', (wh) => wh.readQuery('SELECT 1 AS one')),
      owner.read('test: read', (wh) => wh.readQuery('SELECT * FROM no_such_table')),
      owner.read('test: read', (wh) => wh.readQuery('DELETE FROM raw.orders')),
      owner.read('test: read', (wh) => wh.readQuery('SELECT 2 AS two')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toMatch(/no_such_table/);
    expect((results[2] as PromiseRejectedResult).reason.message).toMatch(/read.only/i);
    expect((results[3] as PromiseFulfilledResult<unknown>).value).toEqual([{ two: 2 }]);
  });
});
