/**
 * The warehouse contract: what every engine (core/warehouse/<engine>/) must
 * do, as one suite each implementation runs (test/warehouse/<engine>.test.ts).
 * The SQL here is what both DuckDB and BigQuery accept (literal SELECTs,
 * UNION ALL, the dialect's quoting), so the same cases run on each.
 *
 * @example
 * warehouseContract('duckdb', { open: () => openDuckDb(file), slowQuery: 'SELECT count(*) FROM range(10000000000)' });
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf, type ColumnSpec, type FileFormat, type Fingerprint, type Warehouse } from '../../core/index.ts';

export interface ContractOptions {
  readonly open: () => Promise<Warehouse>;
  /** A statement that runs for many seconds, to cancel. */
  readonly slowQuery: string;
  /** A folder for files the load cases write. */
  readonly workDir: string;
  /** File formats the engine loads (default all). */
  readonly formats?: readonly FileFormat[];
}

const SCHEMA = 'contract';

export function warehouseContract(engine: string, options: ContractOptions): void {
  describe(`warehouse contract: ${engine}`, () => {
    let warehouse: Warehouse;
    let tables = 0;
    const fresh = (prefix = 't') => ({ schema: SCHEMA, name: `${prefix}${++tables}` });
    const rel = (r: { schema: string; name: string }) => warehouse.dialect.relation(r.schema, r.name);
    const lit = (s: string) => warehouse.dialect.stringLiteral(s);
    /** A SELECT of literal rows (id, name, amount); `rows` are [id, name, amount] triples. */
    const selectOf = (rows: readonly (readonly [number, string, number | null])[]) => rows.map(([id, name, amount], i) =>
      i === 0
        ? `SELECT ${id} AS id, ${lit(name)} AS name, CAST(${amount ?? 'NULL'} AS FLOAT64_OR_DOUBLE) AS amount`
        : `SELECT ${id}, ${lit(name)}, CAST(${amount ?? 'NULL'} AS FLOAT64_OR_DOUBLE)`)
      .join(' UNION ALL ').replaceAll('FLOAT64_OR_DOUBLE', warehouse.engine === 'bigquery' ? 'FLOAT64' : 'DOUBLE');

    async function withSession<T>(work: (s: Awaited<ReturnType<Warehouse['session']>>) => Promise<T>): Promise<T> {
      const session = await warehouse.session();
      try {
        return await work(session);
      } finally {
        await session.close();
      }
    }

    const tableOf = async (rows: readonly (readonly [number, string, number | null])[]) => {
      const target = fresh();
      await withSession((s) => s.createAs(target, 'table', rows.length ? selectOf(rows) : `${selectOf([[0, '', 0]])} LIMIT 0`));
      return target;
    };
    const fingerprintRows = async (rows: readonly (readonly [number, string, number | null])[]): Promise<Fingerprint> =>
      withSession(async (s) => fingerprintOf(s, warehouse.dialect, await tableOf(rows)));
    const readAll = (target: { schema: string; name: string }) =>
      withSession((s) => s.query(`SELECT * FROM ${rel(target)} ORDER BY id`));

    beforeAll(async () => {
      warehouse = await options.open();
      await warehouse.ensureSchema(SCHEMA);
    });

    afterAll(async () => {
      await warehouse?.close();
    });

    describe('relations', () => {
      it('creates and replaces tables and views, and tells them apart', async () => {
        const table = fresh();
        const view = fresh('v');
        await withSession(async (s) => {
          const stats = await s.createAs(table, 'table', selectOf([[1, 'a', 1.5]]));
          expect(stats.durationMs).toBeGreaterThanOrEqual(0);
          await s.createAs(view, 'view', `SELECT id, name FROM ${rel(table)}`);
          await s.createAs(table, 'table', selectOf([[1, 'a', 1.5], [2, 'b', 2.5]]));
        });
        expect(await warehouse.relationKind(table)).toBe('table');
        expect(await warehouse.relationKind(view)).toBe('view');
        expect(await warehouse.relationKind({ schema: SCHEMA, name: 'never_created' })).toBeUndefined();
        expect(await readAll(view)).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
      });

      it('lists a schema sorted by name, and nothing for a schema that does not exist', async () => {
        const names = [fresh('list_b'), fresh('list_a')];
        await withSession(async (s) => {
          await s.createAs(names[0]!, 'table', selectOf([[1, 'x', 1]]));
          await s.createAs(names[1]!, 'view', `SELECT 1 AS id`);
        });
        const listed = await warehouse.listRelations(SCHEMA);
        const mine = listed.filter((r) => r.name.startsWith('list_'));
        expect(mine).toEqual([{ name: names[1]!.name, kind: 'view' }, { name: names[0]!.name, kind: 'table' }]);
        expect(listed.map((r) => r.name)).toEqual([...listed.map((r) => r.name)].sort());
        expect(await warehouse.listRelations('no_such_schema_here')).toEqual([]);
      });

      it('reads the columns of a relation in order', async () => {
        const table = await tableOf([[1, 'a', 1.5]]);
        const columns = await warehouse.columns(table);
        expect(columns.map((c) => c.name)).toEqual(['id', 'name', 'amount']);
        expect(columns.every((c) => c.type.length > 0)).toBe(true);
        expect(await warehouse.columns({ schema: SCHEMA, name: 'never_created' })).toEqual([]);
      });

      it('creates a schema once even when asked concurrently', async () => {
        await Promise.all([1, 2, 3].map(() => warehouse.ensureSchema('contract_concurrent')));
        await warehouse.ensureSchema('contract_concurrent');
        expect(await warehouse.listRelations('contract_concurrent')).toEqual([]);
      });

      it('drops tables and views, and a missing relation quietly', async () => {
        const table = await tableOf([[1, 'a', 1]]);
        await warehouse.drop(table);
        await warehouse.drop(table);
        expect(await warehouse.relationKind(table)).toBeUndefined();
      });
    });

    describe('staged builds', () => {
      it('publishes a staged table over the last one, and the staged name is gone', async () => {
        const published = await tableOf([[1, 'old', 1]]);
        const staged = { schema: SCHEMA, name: `${published.name}__staged` };
        await withSession((s) => s.createAs(staged, 'table', selectOf([[1, 'new', 2], [2, 'new', 3]])));
        await warehouse.publish(staged, published, 'table');
        expect(await readAll(published)).toEqual([{ id: 1, name: 'new', amount: 2 }, { id: 2, name: 'new', amount: 3 }]);
        expect(await warehouse.relationKind(staged)).toBeUndefined();
      });

      it('publishes a view over a table and a table over a view', async () => {
        const source = await tableOf([[1, 'a', 1]]);
        const target = await tableOf([[9, 'z', 9]]);
        const stagedView = { schema: SCHEMA, name: `${target.name}__sv` };
        await withSession((s) => s.createAs(stagedView, 'view', `SELECT id, name FROM ${rel(source)}`));
        await warehouse.publish(stagedView, target, 'view');
        expect(await warehouse.relationKind(target)).toBe('view');
        expect(await readAll(target)).toEqual([{ id: 1, name: 'a' }]);
        const stagedTable = { schema: SCHEMA, name: `${target.name}__st` };
        await withSession((s) => s.createAs(stagedTable, 'table', selectOf([[5, 'e', 5]])));
        await warehouse.publish(stagedTable, target, 'table');
        expect(await warehouse.relationKind(target)).toBe('table');
        expect(await readAll(target)).toEqual([{ id: 5, name: 'e', amount: 5 }]);
      });

      it('keeps the last good table when a build fails', async () => {
        const published = await tableOf([[1, 'good', 1]]);
        const staged = { schema: SCHEMA, name: `${published.name}__staged` };
        await expect(withSession((s) => s.createAs(staged, 'table', `SELECT no_such_column FROM ${rel(published)}`)))
          .rejects.toThrow(/no_such_column/);
        expect(await readAll(published)).toEqual([{ id: 1, name: 'good', amount: 1 }]);
        expect(await warehouse.relationKind(staged)).toBeUndefined();
      });
    });

    describe('fingerprints', () => {
      const base = [[1, 'Ada', 20.5], [2, 'Brice', 7.25], [3, 'Chloé', 100]] as const;

      it('count rows, are stable and ignore row order', async () => {
        const a = await fingerprintRows(base);
        expect(a.rows).toBe(3);
        expect(await fingerprintRows(base)).toEqual(a);
        expect(await fingerprintRows([...base].reverse())).toEqual(a);
      });

      it('see a pair of identical rows (they must not cancel out)', async () => {
        const dup = [4, 'Dan', 1] as const;
        const without = await fingerprintRows(base);
        const withPair = await fingerprintRows([...base, dup, dup]);
        expect(withPair.rows).toBe(5);
        expect(withPair.hash).not.toBe(without.hash);
        const a = await fingerprintRows([base[0], base[0], base[1], base[1]]);
        const b = await fingerprintRows([base[0], base[0], base[2], base[2]]);
        expect(a.hash).not.toBe(b.hash);
      });

      it("see the last column's values permuted between rows", async () => {
        const original = await fingerprintRows(base);
        const permuted = await fingerprintRows([[1, 'Ada', 7.25], [2, 'Brice', 100], [3, 'Chloé', 20.5]]);
        expect(permuted.rows).toBe(original.rows);
        expect(permuted.hash).not.toBe(original.hash);
      });

      it('see a changed value and a NULL; an empty table is zero', async () => {
        const original = await fingerprintRows(base);
        expect((await fingerprintRows([base[0], base[1], [3, 'Chloe', 100]])).hash).not.toBe(original.hash);
        expect((await fingerprintRows([base[0], [2, 'Brice', null], base[2]])).hash).not.toBe(original.hash);
        expect(await fingerprintRows([])).toEqual({ rows: 0, hash: '0' });
      });
    });

    describe('writing and loading', () => {
      const columns: ColumnSpec[] = [
        { name: 'id', type: 'BIGINT' }, { name: 'label', type: 'VARCHAR' }, { name: 'score', type: 'DOUBLE' },
        { name: 'ok', type: 'BOOLEAN' }, { name: 'day', type: 'DATE' }, { name: 'at', type: 'TIMESTAMP' },
      ];

      it('writes typed rows, nulls included, and reads them back', async () => {
        const target = fresh();
        const count = await withSession((s) => s.writeTable(target, columns, [
          [1, 'x', 1.5, true, '2024-02-29', '2024-02-29T10:30:00.000Z'],
          [2, null, null, null, null, null],
        ]));
        expect(count).toBe(2);
        const rows = await withSession((s) => s.query(
          `SELECT id, label, score, ok, CAST(day AS ${warehouse.dialect.stringType}) AS day FROM ${rel(target)} ORDER BY id`));
        expect(rows).toEqual([
          { id: 1, label: 'x', score: 1.5, ok: true, day: '2024-02-29' },
          { id: 2, label: null, score: null, ok: null, day: null },
        ]);
        expect((await warehouse.columns(target)).map((c) => c.name)).toEqual(columns.map((c) => c.name));
      });

      for (const format of options.formats ?? ['csv', 'json', 'parquet'] as const) {
        it(`loads ${format} files with the warehouse's own reader`, async () => {
          const files = await writeFiles(warehouse, options.workDir, format, tables);
          const target = fresh('loaded');
          const loaded = await withSession((s) => s.loadFile(target, files, { format }));
          expect(loaded.rows).toBe(3);
          const rows = await withSession((s) => s.query(
            `SELECT CAST(id AS ${warehouse.dialect.stringType}) AS id, name FROM ${rel(target)} ORDER BY id`));
          expect(rows).toEqual([{ id: '1', name: 'a, with comma' }, { id: '2', name: 'b' }, { id: '3', name: null }]);
        });
      }

      it('describes the columns a load would create, renames them, and keeps yes/no text when asked', async () => {
        const file = path.join(options.workDir, `layout${tables}.csv`);
        fs.mkdirSync(options.workDir, { recursive: true });
        fs.writeFileSync(file, 'Code Client,Plainte,Montant,Jour\n007,Yes,"74,41",2024-01-31\n010,No,3.5,2024-02-01\n');
        const described = await withSession((s) => s.describeFiles([file], { format: 'csv', inferBooleans: false }));
        expect(described.map((c) => c.name)).toEqual(['Code Client', 'Plainte', 'Montant', 'Jour']);
        const target = fresh('renamed');
        await withSession((s) => s.loadFile(target, [file], { format: 'csv', inferBooleans: false, columnNames: ['code', 'plainte', 'montant', 'jour'] }));
        const rows = await withSession((s) => s.query(
          `SELECT code, plainte, montant, CAST(jour AS ${warehouse.dialect.stringType}) AS jour FROM ${rel(target)} ORDER BY code`));
        // Leading zeros keep an id as text; a decimal comma keeps a column text; yes/no stays as delivered.
        expect(rows).toEqual([
          { code: '007', plainte: 'Yes', montant: '74,41', jour: '2024-01-31' },
          { code: '010', plainte: 'No', montant: '3.5', jour: '2024-02-01' },
        ]);
        await expect(withSession((s) => s.loadFile(fresh(), [file], { format: 'csv', columnNames: ['only_one'] })))
          .rejects.toThrow(/4 column\(s\) found, 1 name\(s\) given/);
      });

      it('infers a type from every row, so a late value that does not fit keeps the column text', async () => {
        const file = path.join(options.workDir, `late${tables}.csv`);
        fs.writeFileSync(file, `n\n${Array.from({ length: 30_000 }, (_, i) => String(i)).join('\n')}\nabc\n`);
        const target = fresh('late');
        expect((await withSession((s) => s.loadFile(target, [file], { format: 'csv' }))).rows).toBe(30_001);
        expect(await withSession((s) => s.query(`SELECT n FROM ${rel(target)} WHERE n = 'abc'`))).toEqual([{ n: 'abc' }]);
      });

      it('fails a CSV with an unterminated quote instead of reading it as text', async () => {
        const file = path.join(options.workDir, `quoting${tables}.csv`);
        fs.writeFileSync(file, 'id,name,flag\n1,"never closed,No\n2,ok,No\n');
        const target = fresh();
        await expect(withSession((s) => s.loadFile(target, [file], { format: 'csv' }))).rejects.toThrow(/quoting\d+\.csv/);
        expect(await warehouse.relationKind(target)).toBeUndefined();
      });

      it('fails a load of a missing file, naming it', async () => {
        const missing = path.join(options.workDir, 'does-not-exist.csv');
        await expect(withSession((s) => s.loadFile(fresh(), [missing], { format: 'csv' }))).rejects.toThrow(/does-not-exist\.csv/);
      });
    });

    describe('reading', () => {
      it('dry-runs a query: its columns, nothing executed', async () => {
        const table = await tableOf([[1, 'a', 1]]);
        const dry = await warehouse.dryRun(`SELECT id, name FROM ${rel(table)}`);
        expect(dry.columns.map((c) => c.name)).toEqual(['id', 'name']);
        await expect(warehouse.dryRun(`SELECT nope FROM ${rel(table)}`)).rejects.toThrow(/nope/);
      });

      it('previews the first rows and says when there are more', async () => {
        const table = await tableOf([[1, 'a', 1], [2, 'b', 2], [3, 'c', 3]]);
        const preview = await warehouse.previewRows(table, 2);
        expect(preview.columns.map((c) => c.name)).toEqual(['id', 'name', 'amount']);
        expect(preview.rows).toHaveLength(2);
        expect(preview.truncated).toBe(true);
        expect((await warehouse.previewRows(table, 5)).truncated).toBe(false);
      });

      it('reads with a query that may not write, its parameters bound', async () => {
        const table = await tableOf([[1, "O'Brien", 1], [2, 'b', 2]]);
        expect(await warehouse.readQuery(`SELECT id FROM ${rel(table)} WHERE name = ? ORDER BY id`, ["O'Brien"])).toEqual([{ id: 1 }]);
        expect(await warehouse.readQuery(`SELECT count(*) AS n FROM ${rel(table)}`)).toEqual([{ n: 2 }]);
      });

      it('passes parameters, never pasting them into the SQL', async () => {
        const table = await tableOf([[1, "O'Brien", 1], [2, 'b', 2]]);
        const marker = warehouse.engine === 'bigquery' ? '?' : '$1';
        const rows = await withSession((s) => s.query(`SELECT id FROM ${rel(table)} WHERE name = ${marker}`, ["O'Brien"]));
        expect(rows).toEqual([{ id: 1 }]);
      });
    });

    describe('cancellation', () => {
      it('stops a running statement when its signal aborts, and the session stays usable', async () => {
        const controller = new AbortController();
        await withSession(async (s) => {
          const started = Date.now();
          const running = s.query(options.slowQuery, undefined, { signal: controller.signal });
          setTimeout(() => controller.abort(new Error('cancelled by the test')), 100);
          await expect(running).rejects.toThrow(/cancelled by the test/);
          expect(Date.now() - started).toBeLessThan(10_000);
          expect(await s.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
        });
      });

      it('refuses to start a statement whose signal has already aborted', async () => {
        const controller = new AbortController();
        controller.abort(new Error('already cancelled'));
        await expect(withSession((s) => s.run('SELECT 1', { signal: controller.signal }))).rejects.toThrow(/already cancelled/);
      });
    });
  });
}

/** Writes the same three rows in `format`, split over two files (a multi-file load). */
async function writeFiles(warehouse: Warehouse, dir: string, format: FileFormat, n: number): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const rows = [{ id: 1, name: 'a, with comma' }, { id: 2, name: 'b' }, { id: 3, name: null }];
  const parts = [rows.slice(0, 2), rows.slice(2)];
  if (format === 'parquet') {
    // Parquet is binary: the embedded DuckDB writes it (the engine under test only reads it).
    const { openDuckDb } = await import('../../core/index.ts');
    const writer = await openDuckDb(':memory:');
    const session = await writer.session();
    try {
      return await Promise.all(parts.map(async (part, i) => {
        const file = path.join(dir, `part${n}-${i}.parquet`);
        const select = part.map((r) => `SELECT ${r.id} AS id, ${r.name === null ? 'CAST(NULL AS VARCHAR)' : warehouse.dialect.stringLiteral(r.name)} AS name`)
          .join(' UNION ALL ');
        await session.run(`COPY (${select}) TO '${file}' (FORMAT parquet)`);
        return file;
      }));
    } finally {
      await session.close();
      await writer.close();
    }
  }
  return parts.map((part, i) => {
    const file = path.join(dir, `part${n}-${i}.${format}`);
    const text = format === 'csv'
      ? `id,name\n${part.map((r) => `${r.id},${r.name === null ? '' : `"${r.name}"`}`).join('\n')}\n`
      : part.map((r) => JSON.stringify(r)).join('\n') + '\n';
    fs.writeFileSync(file, text);
    return file;
  });
}
