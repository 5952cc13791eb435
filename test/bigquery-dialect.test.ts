/**
 * Where DuckDB and BigQuery behave differently on the same SQL (NULL
 * ordering, division, string comparison), as core/warehouse/bigquery/dialect.ts
 * says: each case on a real DuckDB and on the BigQuery fake through the real
 * client. The fake borrows DuckDB's engine but sorts NULLs as BigQuery does;
 * division by zero (an error on BigQuery) is not reproduced by the fake.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, type Warehouse } from '../core/index.ts';
import { openBigQuery } from '../core/warehouse/bigquery/warehouse.ts';
import { fakeAuth, startBigQueryFake, type BigQueryFake } from './support/bigquery-fake/server.ts';

process.env.METADATA_SERVER_DETECTION = 'none';
let fake: BigQueryFake;
let duck: Warehouse;
let bq: Warehouse;

beforeAll(async () => {
  fake = await startBigQueryFake();
  duck = await openDuckDb(':memory:');
  bq = await openBigQuery({ type: 'bigquery', project: 'dialect-test', apiEndpoint: fake.url }, {}, { authClient: fakeAuth() });
});
afterAll(async () => {
  await duck?.close();
  await fake?.close();
});

const values = (rows: readonly Record<string, unknown>[]) => rows.map((r) => Object.values(r)[0]);
const both = async (sql: (w: Warehouse) => string) =>
  [values(await duck.readQuery(sql(duck))), values(await bq.readQuery(sql(bq)))];
const list = (w: Warehouse) => (w.engine === 'duckdb' ? '(VALUES (2), (NULL), (1)) AS t(x)' : 'UNNEST([2, NULL, 1]) AS x');

describe('NULL ordering', () => {
  it('ascending: BigQuery puts NULLs first, DuckDB last', async () => {
    expect(await both((w) => `SELECT x FROM ${list(w)} ORDER BY x`)).toEqual([[1, 2, null], [null, 1, 2]]);
  });

  it('descending: last on both', async () => {
    expect(await both((w) => `SELECT x FROM ${list(w)} ORDER BY x DESC`)).toEqual([[2, 1, null], [2, 1, null]]);
  });

  it('NULLS FIRST / NULLS LAST give the same order on both', async () => {
    expect(await both((w) => `SELECT x FROM ${list(w)} ORDER BY x NULLS LAST`)).toEqual([[1, 2, null], [1, 2, null]]);
    expect(await both((w) => `SELECT x FROM ${list(w)} ORDER BY x DESC NULLS FIRST`)).toEqual([[null, 2, 1], [null, 2, 1]]);
  });
});

describe('division', () => {
  it('/ between integers is a float on both', async () => {
    expect(await both(() => 'SELECT 7 / 2 AS q')).toEqual([[3.5], [3.5]]);
  });

  it('integer_divide truncates toward zero on both (DIV on BigQuery, // on DuckDB)', async () => {
    const sql = (w: Warehouse) => `SELECT ${w.dialect.macros.integer_divide!('-7', '2')} AS q`;
    expect(bq.dialect.macros.integer_divide!('-7', '2')).toBe('DIV(-7, 2)');
    expect(await both(sql)).toEqual([[-3], [-3]]);
  });

  it('safe_divide is NULL for a zero divisor on both (plain / errors on BigQuery)', async () => {
    expect(await both((w) => `SELECT ${w.dialect.macros.safe_divide!('1', '0')} AS q`)).toEqual([[null], [null]]);
  });
});

describe('string comparison', () => {
  it('is by code point on both, not by locale: upper case sorts before lower case, accents after z', async () => {
    const words = (w: Warehouse) => (w.engine === 'duckdb' ? "(VALUES ('b'), ('é'), ('B'), ('a'), ('z')) AS t(s)" : "UNNEST(['b', 'é', 'B', 'a', 'z']) AS s");
    expect(await both((w) => `SELECT s FROM ${words(w)} ORDER BY s`)).toEqual([['B', 'a', 'b', 'z', 'é'], ['B', 'a', 'b', 'z', 'é']]);
  });
});
