/**
 * The data-version fingerprint on real DuckDB. DESIGN.md names the two ways
 * an xor of row hashes goes wrong (identical rows cancel in pairs; the last
 * column's values permuted between rows keep it); both must change it, while
 * row order must not.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, type Fingerprint, type Warehouse } from '../core/index.ts';
import { cleanupTemp, tempDir } from './support/project.ts';

let warehouse: Warehouse;

beforeAll(async () => {
  warehouse = await openDuckDb(path.join(tempDir(), 'fingerprint.duckdb'));
  await warehouse.ensureSchema('fp');
});

afterAll(async () => {
  await warehouse.close();
  cleanupTemp();
});

let tables = 0;

/** Creates a table with `rows` (SQL tuples, in this order) and returns its fingerprint. */
async function fingerprintOf(rows: readonly string[]): Promise<Fingerprint> {
  const name = `t${++tables}`;
  const session = await warehouse.session();
  try {
    await session.run(`CREATE TABLE fp.${name} (id INTEGER, name VARCHAR, amount DOUBLE)`);
    if (rows.length) await session.run(`INSERT INTO fp.${name} VALUES ${rows.join(', ')}`);
  } finally {
    await session.close();
  }
  return warehouse.fingerprint({ schema: 'fp', name });
}

const base = ["(1, 'Ada', 20.5)", "(2, 'Brice', 7.25)", "(3, 'Chloé', 100.0)"];

describe('fingerprint', () => {
  it('counts rows and is stable', async () => {
    const a = await fingerprintOf(base);
    const b = await fingerprintOf(base);
    expect(a.rows).toBe(3);
    expect(a).toEqual(b);
  });

  it('ignores row order', async () => {
    expect(await fingerprintOf([...base].reverse())).toEqual(await fingerprintOf(base));
    expect(await fingerprintOf([base[1]!, base[2]!, base[0]!])).toEqual(await fingerprintOf(base));
  });

  it('sees a pair of identical rows added or removed (they must not cancel out)', async () => {
    const dup = "(4, 'Dan', 1.0)";
    const without = await fingerprintOf(base);
    const withPair = await fingerprintOf([...base, dup, dup]);
    expect(withPair.rows).toBe(5);
    expect(withPair.hash).not.toBe(without.hash);
    // Same row count, but one row duplicated instead of another: content differs.
    const a = await fingerprintOf([base[0]!, base[0]!, base[1]!, base[1]!]);
    const b = await fingerprintOf([base[0]!, base[0]!, base[2]!, base[2]!]);
    expect(a.rows).toBe(b.rows);
    expect(a.hash).not.toBe(b.hash);
    // Two pairs vs one pair of the same row: xor would give the same hash for both.
    const once = await fingerprintOf([base[0]!, base[0]!, base[1]!]);
    const twice = await fingerprintOf([base[0]!, base[0]!, base[0]!, base[0]!, base[1]!]);
    expect(twice.hash).not.toBe(once.hash);
  });

  it("sees the last column's values permuted between rows", async () => {
    const original = await fingerprintOf(base);
    const permuted = await fingerprintOf(["(1, 'Ada', 7.25)", "(2, 'Brice', 100.0)", "(3, 'Chloé', 20.5)"]);
    expect(permuted.rows).toBe(original.rows);
    expect(permuted.hash).not.toBe(original.hash);
    const swapped = await fingerprintOf(["(1, 'Ada', 7.25)", "(2, 'Brice', 20.5)", "(3, 'Chloé', 100.0)"]);
    expect(swapped.hash).not.toBe(original.hash);
  });

  it('sees a changed value, a NULL, and an empty table', async () => {
    const original = await fingerprintOf(base);
    expect((await fingerprintOf(["(1, 'Ada', 20.5)", "(2, 'Brice', 7.25)", "(3, 'Chloe', 100.0)"])).hash).not.toBe(original.hash);
    expect((await fingerprintOf(["(1, 'Ada', 20.5)", "(2, 'Brice', NULL)", "(3, 'Chloé', 100.0)"])).hash).not.toBe(original.hash);
    expect(await fingerprintOf([])).toEqual({ rows: 0, hash: '0' });
  });
});
