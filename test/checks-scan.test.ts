/**
 * An asset's column checks are evaluated in one scan of its relation (one
 * query of filtered aggregates), failing rows are read only for the checks
 * that failed, and a check that cannot run fails alone. On a real DuckDB file,
 * over a view whose every run advances a sequence, so the test sees how many
 * times the view's query ran.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedValues, customCheck, dialects, expressionIsTrue, matchesPattern, NO_RETRY, notNull, openDuckDb, relationships, rowCount,
  runChecks, unique, valueRange, type AssetDefinition, type CheckDefinition, type Warehouse, type WarehouseSession,
} from '../core/index.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-checks-scan-'));
const VIEW = '"shop"."orders"';
const ROWS = 7;
let warehouse: Warehouse;
let session: WarehouseSession;

beforeAll(async () => {
  warehouse = await openDuckDb(path.join(dir, 'warehouse.duckdb'));
  session = await warehouse.session();
  await session.run('CREATE SCHEMA shop');
  await session.run(`CREATE TABLE shop.raw_orders AS SELECT * FROM (VALUES
    (1, 'a@x', 'paid', 10, 'P1', 1), (2, NULL, 'paid', 20, 'P2', 1), (3, 'c@x', 'lost', 30, 'P3', 2),
    (4, 'd@x', 'paid', -5, 'X4', 9), (5, 'e@x', NULL, 50, 'P5', 2), (5, 'f@x', 'paid', 60, 'P6', NULL),
    (6, NULL, 'test', 1000, 'P7', 1)) AS t(id, email, status, amount, code, customer)`);
  await session.run('CREATE TABLE shop.customers AS SELECT * FROM (VALUES (1), (2)) AS t(id)');
  await session.run('CREATE SEQUENCE shop.ticks');
  // The filter is volatile, so DuckDB evaluates it on every row each time the view's query runs.
  await session.run(`CREATE VIEW ${VIEW} AS SELECT * FROM shop.raw_orders WHERE nextval('shop.ticks') > 0`);
});

afterAll(async () => {
  await session.close();
  await warehouse.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function asset(checks: CheckDefinition[]): AssetDefinition {
  return {
    key: 'shop.orders', kind: 'sql', deps: [], group: 'g', tags: {}, owners: [], description: '', columns: [], checks,
    retry: NO_RETRY, materialization: 'view', sql: 'select 1', codeVersion: 'v', file: 'sql/orders.sql',
  };
}

/** Runs the checks on the view, recording each statement, and how many rows the view's query produced meanwhile. */
async function check(checks: CheckDefinition[], exists: (key: string) => Promise<boolean> = async () => true) {
  const statements: string[] = [];
  const counting: WarehouseSession = { ...session, query: (sql, params) => { statements.push(sql); return session.query(sql, params); } };
  const [before] = await session.query("SELECT nextval('shop.ticks') AS n");
  const results = await runChecks(asset(checks), counting, VIEW, dialects.duckdb, {}, exists);
  const [after] = await session.query("SELECT nextval('shop.ticks') AS n");
  return { results, statements, viewRows: Number(after!.n) - Number(before!.n) - 1 };
}

const passing = [
  notNull('id'), unique('email'), acceptedValues('status', ['paid', 'lost', 'test']), expressionIsTrue('amount < 2000'),
  matchesPattern('code', '^[PX][0-9]$'), valueRange('amount', { min: -10 }), rowCount({ min: 1, max: 100 }),
  notNull('email', { where: "status = 'lost'", name: 'email_of_lost_orders' }), unique('id', { where: 'amount < 55', name: 'small_ids' }),
  rowCount({ min: 3 }, { where: "status = 'paid'", name: 'paid_orders' }),
];

describe('one scan for all column checks', () => {
  it('runs the view once for every passing check, and reads no failing rows', async () => {
    const { results, statements, viewRows } = await check(passing);
    expect(results.map((r) => [r.check, r.passed, r.failingCount, r.sample])).toEqual(passing.map((c) => [c.name, true, 0, []]));
    expect(statements).toHaveLength(1);
    expect(viewRows).toBe(ROWS);
  });

  it('counts every failing check in the same scan, then samples only the failed ones', async () => {
    const failing = [
      notNull('email'), unique('id'), acceptedValues('status', ['paid', 'lost']), expressionIsTrue('amount > 0'),
      matchesPattern('code', '^P'), valueRange('amount', { min: 0, max: 100 }), rowCount({ max: 5 }),
      notNull('email', { where: 'amount > 100', name: 'email_of_big_orders' }),
      rowCount({ max: 3 }, { where: "status = 'paid'", name: 'few_paid_orders' }),
    ];
    const { results, statements } = await check([...passing, ...failing]);
    const failed = results.slice(passing.length);
    expect(results.slice(0, passing.length).every((r) => r.passed && r.sample.length === 0)).toBe(true);
    expect(failed.map((r) => [r.check, r.passed, r.failingCount, r.message])).toEqual([
      ['not_null(email)', false, 2, '2 failing rows'],
      // unique counts duplicated values, each sampled with its occurrences.
      ['unique(id)', false, 1, '1 failing row'],
      // A NULL status is not an unaccepted value.
      ['accepted_values(status)', false, 1, '1 failing row'],
      ['expression_is_true(amount > 0)', false, 1, '1 failing row'],
      ['matches_pattern(code)', false, 1, '1 failing row'],
      ['value_range(amount)', false, 2, '2 failing rows'],
      ['row_count', false, 1, '1 failing row'],
      ['email_of_big_orders', false, 1, '1 failing row'],
      ['few_paid_orders', false, 1, '1 failing row'],
    ]);
    // Each sample row is a failing row (a row_count sample is the count).
    expect(failed.map((r) => r.sample.map((row) => Number(row.id ?? row.n)).sort())).toEqual([
      [2, 6], [5], [6], [4], [4], [4, 6], [7], [6], [4],
    ]);
    expect(failed[1]!.sample).toEqual([{ id: 5, occurrences: 2 }]);
    expect(failed[6]!.sample).toEqual([{ n: 7 }]);
    // One scan, then one sample query per failed check and none for the passing ones.
    expect(statements).toHaveLength(1 + failing.length);
    expect(statements[0]).toContain('count(*) FILTER (WHERE "email" IS NULL)');
  });

  it('agrees with counting each check\'s failing rows on its own', async () => {
    const all = [...passing, notNull('email'), valueRange('amount', { max: 100 }), expressionIsTrue('amount > 0', { where: 'customer = 9' })];
    const { results } = await check(all);
    for (const [i, c] of all.entries()) {
      if (c.type !== 'sql' || c.name.startsWith('unique')) continue;
      const [row] = await session.query(`SELECT count(*) AS n FROM (${c.failingRows(VIEW, dialects.duckdb)}) AS f`);
      expect(results[i]!.failingCount, c.name).toBe(Number(row!.n));
    }
  });

  it('samples at most five failing rows', async () => {
    const { results } = await check([expressionIsTrue('amount > 10000')]);
    expect(results[0]).toMatchObject({ passed: false, failingCount: ROWS });
    expect(results[0]!.sample).toHaveLength(5);
  });
});

describe('a check that cannot run fails alone', () => {
  it('falls back to one query per check when one expression names an unknown column', async () => {
    const { results, statements } = await check([notNull('id'), expressionIsTrue('nope > 0'), notNull('email')]);
    expect(results.map((r) => [r.check, r.passed, r.failingCount])).toEqual([
      ['not_null(id)', true, 0], ['expression_is_true(nope > 0)', false, null], ['not_null(email)', false, 2]]);
    expect(results[1]!.message).toMatch(/^the SQL of expression_is_true\(nope > 0\) failed: .*nope/);
    expect(results[1]!.message).not.toContain('\n');
    // The combined query, one per check, and the sample of not_null(email).
    expect(statements).toHaveLength(1 + 3 + 1);
  });

  it('wraps a custom check that throws in the asset boundary, and still runs the others', async () => {
    const { results } = await check([
      customCheck('boom', async () => { throw new Error('kaput\nat line 2'); }),
      customCheck('fine', async (ctx) => ({ passed: ctx.relation === VIEW, failingCount: 0 })),
      notNull('email'),
    ]);
    expect(results.map((r) => [r.check, r.passed, r.message])).toEqual([
      ['boom', false, 'checking shop.orders failed: kaput'],
      ['fine', true, undefined],
      ['not_null(email)', false, '2 failing rows'],
    ]);
  });

  it('runs relationships on its own, and reports one whose target was never built as not evaluated', async () => {
    const toCustomers = relationships('customer', 'shop.customers', 'id');
    const { results, statements } = await check([notNull('id'), toCustomers]);
    expect(results[1]).toMatchObject({ check: 'relationships(customer)', passed: false, failingCount: 1, sample: [expect.objectContaining({ id: 4 })] });
    expect(statements).toHaveLength(2);
    const absent = await check([notNull('id'), toCustomers], async (key) => key !== 'shop.customers');
    expect(absent.results[1]).toMatchObject({ severity: 'warn', passed: false, failingCount: null, message: 'not evaluated: shop.customers has not been materialized' });
  });
});

describe('scan terms per dialect', () => {
  it('renders a counted-if aggregate in each dialect', () => {
    const email = notNull('email', { where: 'amount > 0' });
    expect(email.scan!.aggregate(dialects.duckdb)).toBe('count(*) FILTER (WHERE (amount > 0) AND ("email" IS NULL))');
    expect(email.scan!.aggregate(dialects.bigquery)).toBe('COUNTIF((amount > 0) AND (`email` IS NULL))');
    expect(unique('id').scan!.aggregate(dialects.bigquery)).toBe('(count(`id`) - count(DISTINCT `id`))');
    expect(rowCount({ min: 1 }).scan!.aggregate(dialects.bigquery)).toBe('(CASE WHEN count(*) < 1 THEN 1 ELSE 0 END)');
    expect(relationships('customer', 'shop.customers', 'id').scan).toBeUndefined();
  });
});
