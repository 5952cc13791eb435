/**
 * The embedded DuckDB warehouse (`.trellis/warehouse.duckdb`). One instance
 * per file per process (a second instance on the same file would corrupt
 * it); one connection per session, so independent assets run concurrently.
 *
 * @example
 * const wh = await openDuckDb('.trellis/warehouse.duckdb');
 * const s = await wh.session(); await s.query('SELECT 42 AS answer'); await s.close();
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, dateValue, type DuckDBConnection, type DuckDBAppender, type DuckDBResultReader } from '@duckdb/node-api';
import { duckdb as dialect } from './dialect.ts';
import type { Relation } from '../../keys.ts';
import { LockError, UsageError } from '../../errors.ts';
import { faultPoint } from '../../faults.ts';
import { STAGED_SUFFIX } from '../warehouse.ts';
import type {
  ColumnInfo, ColumnSpec, DryRun, Fingerprint, Loaded, LoadOptions, RelationInfo, RelationKind, Row, RowsPreview,
  StatementOptions, StatementStats, Usage, Warehouse, WarehouseSession,
} from '../warehouse.ts';
import { NO_USAGE } from '../usage.ts';

const rel = (r: Relation) => dialect.relation(r.schema, r.name);
const DAY_MS = 86_400_000;
const KEYWORD: Readonly<Record<RelationKind, string>> = { table: 'TABLE', view: 'VIEW' };

/** Types the driver already hands over as numbers, strings, booleans or dates; a preview reads the others as text. */
const JSON_NATIVE = /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL\(\d+,\s*\d+\)|VARCHAR|DATE|TIMESTAMP|TIMESTAMP WITH TIME ZONE)$/;

/** The table function reading `files` in `format`. */
function readerOf(files: readonly string[], options: LoadOptions): string {
  const list = `[${files.map((f) => dialect.stringLiteral(f)).join(', ')}]`;
  switch (options.format) {
    case 'csv': {
      // RFC 4180 quoting, stated: left to the sniffer, an unterminated quote is read as text instead of failing.
      // Types are inferred from every row (sample_size = -1), not a sample: a late value that does not fit would fail the load.
      const candidates = options.inferBooleans === false ? `, auto_type_candidates = ['BIGINT', 'DOUBLE', 'DATE', 'TIMESTAMP', 'VARCHAR']` : '';
      return `read_csv(${list}, header = ${options.header ?? true}, delim = ${dialect.stringLiteral(options.delimiter ?? ',')}, ` +
        `quote = '"', escape = '"', sample_size = -1${candidates})`;
    }
    case 'parquet': return `read_parquet(${list})`;
    case 'json': return `read_json(${list})`;
  }
}

/** Converts DuckDB's JS values to JSON-safe ones: BIGINT to number, DATE to `YYYY-MM-DD`. */
function toRows(result: DuckDBResultReader): Row[] {
  const types = result.columnTypes().map(String);
  const names = result.columnNames();
  return result.getRowsJS().map((values) => {
    const row: Row = {};
    values.forEach((v, i) => {
      let out: unknown = v;
      if (typeof v === 'bigint') out = Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
      else if (v instanceof Date) out = types[i] === 'DATE' ? v.toISOString().slice(0, 10) : v.toISOString();
      row[names[i]!] = out;
    });
    return row;
  });
}

function appendValue(appender: DuckDBAppender, type: ColumnSpec['type'], value: unknown): void {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) {
    appender.appendNull();
    return;
  }
  switch (type) {
    case 'VARCHAR': appender.appendVarchar(value instanceof Date ? value.toISOString() : String(value)); break;
    case 'DOUBLE': appender.appendDouble(Number(value)); break;
    case 'BIGINT': appender.appendBigInt(BigInt(Math.trunc(Number(value)))); break;
    case 'INTEGER': appender.appendInteger(Math.trunc(Number(value))); break;
    case 'BOOLEAN': appender.appendBoolean(Boolean(value)); break;
    case 'DATE': {
      const ms = value instanceof Date ? value.getTime() : Date.parse(`${String(value).slice(0, 10)}T00:00:00Z`);
      if (Number.isNaN(ms)) appender.appendNull();
      else appender.appendDate(dateValue(Math.floor(ms / DAY_MS)));
      break;
    }
    case 'TIMESTAMP': appender.appendVarchar(value instanceof Date ? value.toISOString() : String(value)); break;
  }
}

class DuckDbSession implements WarehouseSession {
  constructor(private readonly connection: DuckDBConnection) {}

  async describeFiles(files: readonly string[], options: LoadOptions): Promise<ColumnInfo[]> {
    const rows = await this.query(`DESCRIBE SELECT * FROM ${readerOf(files, options)}`, undefined, options);
    return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  }

  /** `*`, or the files' columns renamed to `columnNames`. */
  async #selectList(files: readonly string[], options: LoadOptions): Promise<string> {
    const names = options.columnNames;
    if (!names) return '*';
    const found = await this.describeFiles(files, options);
    if (found.length !== names.length) {
      throw new Error(`${files.join(', ')}: ${found.length} column(s) found, ${names.length} name(s) given`);
    }
    return found.map((c, i) => `${dialect.quoteIdent(c.name)} AS ${dialect.quoteIdent(names[i]!)}`).join(', ');
  }

  /** Runs `work`, interrupting the connection if `signal` aborts meanwhile. */
  async #cancellable<T>(options: StatementOptions | undefined, work: () => Promise<T>): Promise<T> {
    const signal = options?.signal;
    if (!signal) return work();
    signal.throwIfAborted();
    const onAbort = () => this.connection.interrupt();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await work();
    } catch (error) {
      // An interrupted statement reports "INTERRUPT Error"; the caller wants to know why.
      if (signal.aborted) throw signal.reason;
      throw error;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async query(sql: string, params?: readonly unknown[], options?: StatementOptions): Promise<Row[]> {
    const result = await this.#cancellable(options, () => this.connection.runAndReadAll(sql, params ? ([...params] as never) : undefined));
    return toRows(result);
  }

  async run(sql: string, options?: StatementOptions): Promise<StatementStats> {
    const started = performance.now();
    await this.#cancellable(options, () => this.connection.run(sql));
    return { durationMs: performance.now() - started };
  }

  createAs(target: Relation, kind: RelationKind, select: string, options?: StatementOptions): Promise<StatementStats> {
    return this.run(`CREATE OR REPLACE ${KEYWORD[kind]} ${rel(target)} AS\n${select}`, options);
  }

  async loadFile(target: Relation, files: readonly string[], options: LoadOptions): Promise<Loaded> {
    const stats = await this.run(`CREATE OR REPLACE TABLE ${rel(target)} AS SELECT ${await this.#selectList(files, options)} ` +
      `FROM ${readerOf(files, options)}`, options);
    const [counted] = await this.query(`SELECT count(*) AS n FROM ${rel(target)}`);
    return { rows: Number(counted!.n), stats };
  }

  async writeTable(target: Relation, columns: readonly ColumnSpec[],
    rows: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>): Promise<number> {
    // TIMESTAMP goes through the appender as text, so stage it as VARCHAR and cast after.
    const defs = columns.map((c) => `${dialect.quoteIdent(c.name)} ${c.type === 'TIMESTAMP' ? 'VARCHAR' : c.type}`).join(', ');
    await this.connection.run(`CREATE OR REPLACE TABLE ${rel(target)} (${defs})`);
    const appender = await this.connection.createAppender(target.name, target.schema);
    let count = 0;
    try {
      for await (const row of rows) {
        for (let i = 0; i < columns.length; i++) appendValue(appender, columns[i]!.type, row[i]);
        appender.endRow();
        count++;
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    for (const c of columns.filter((c) => c.type === 'TIMESTAMP')) {
      const q = dialect.quoteIdent(c.name);
      await this.connection.run(`ALTER TABLE ${rel(target)} ALTER ${q} TYPE TIMESTAMP USING CAST(${q} AS TIMESTAMP)`);
    }
    return count;
  }

  /** DuckDB runs statements in process: no jobs, nothing billed. */
  usage(): Usage {
    return NO_USAGE;
  }

  interrupt(): void {
    this.connection.interrupt();
  }

  async close(): Promise<void> {
    this.connection.closeSync();
  }
}

class DuckDbWarehouse implements Warehouse {
  readonly engine = 'duckdb' as const;
  readonly dialect = dialect;
  /** One creation per schema: concurrent CREATE SCHEMA statements conflict in DuckDB's catalog. */
  readonly #schemas = new Map<string, Promise<void>>();

  constructor(private readonly instance: DuckDBInstance, readonly description: string,
    private readonly release: () => void) {}

  async session(): Promise<WarehouseSession> {
    return new DuckDbSession(await this.instance.connect());
  }

  async #withSession<T>(work: (s: WarehouseSession) => Promise<T>): Promise<T> {
    const s = await this.session();
    try {
      return await work(s);
    } finally {
      await s.close();
    }
  }

  ensureSchema(schema: string): Promise<void> {
    let created = this.#schemas.get(schema);
    if (!created) {
      created = this.#withSession(async (s) => {
        // A schema named like a catalog (the file's base name, `memory`, `system`, `temp`) makes every
        // `"schema"."table"` ambiguous to DuckDB's binder: refuse it here, with the fix.
        const catalogs = await s.query('SELECT database_name FROM duckdb_databases()');
        const clash = catalogs.map((c) => String(c.database_name)).find((c) => c.toLowerCase() === schema.toLowerCase());
        if (clash) {
          throw new UsageError(`the schema '${schema}' has the name of a DuckDB catalog (${this.description}), so DuckDB cannot tell them apart`,
            { fix: `rename the schema, or the warehouse file (\`warehouse: { type: 'duckdb', path: '...' }\` in trellis.config.ts)` });
        }
        await s.run(`CREATE SCHEMA IF NOT EXISTS ${dialect.quoteIdent(schema)}`);
      });
      created.catch(() => this.#schemas.delete(schema));
      this.#schemas.set(schema, created);
    }
    return created;
  }

  async relationKind(relation: Relation): Promise<RelationKind | undefined> {
    const rows = await this.#withSession((s) => s.query(
      `SELECT table_type FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2`,
      [relation.schema, relation.name]));
    const type = rows[0]?.table_type;
    return type === undefined ? undefined : type === 'VIEW' ? 'view' : 'table';
  }

  async listRelations(schema: string): Promise<RelationInfo[]> {
    const rows = await this.#withSession((s) => s.query(
      `SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [schema]));
    return rows.map((r) => ({ name: String(r.table_name), kind: r.table_type === 'VIEW' ? 'view' : 'table' }));
  }

  async columns(relation: Relation): Promise<ColumnInfo[]> {
    const rows = await this.#withSession((s) => s.query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
      [relation.schema, relation.name]));
    return rows.map((r) => ({ name: String(r.column_name), type: String(r.data_type) }));
  }

  async dryRun(sql: string): Promise<DryRun> {
    // DESCRIBE binds and plans the query without executing it.
    const rows = await this.#withSession((s) => s.query(`DESCRIBE ${sql}`));
    return { columns: rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) })) };
  }

  readQuery(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.#withSession((s) => readOnly(s, () => s.query(sql, params)));
  }

  async previewRows(relation: Relation, limit: number): Promise<RowsPreview> {
    return this.#withSession((s) => readOnly(s, async () => {
      const described = await s.query(`DESCRIBE SELECT * FROM ${rel(relation)}`);
      const columns = described.map((c) => ({ name: String(c.column_name), type: String(c.column_type) }));
      // Positional aliases: column names may repeat case-insensitively or collide with object keys.
      const list = columns.map((c, i) => `${JSON_NATIVE.test(c.type) ? dialect.quoteIdent(c.name) : `CAST(${dialect.quoteIdent(c.name)} AS VARCHAR)`} AS c${i}`);
      const rows = columns.length ? await s.query(`SELECT ${list.join(', ')} FROM ${rel(relation)} LIMIT $1`, [limit + 1]) : [];
      return { columns, truncated: rows.length > limit, rows: rows.slice(0, limit).map((row) => columns.map((_, i) => row[`c${i}`])) };
    }));
  }

  async publish(staged: Relation, published: Relation, kind: RelationKind): Promise<void> {
    const existing = await this.relationKind(published);
    await this.#withSession(async (s) => {
      await s.run('BEGIN TRANSACTION');
      try {
        if (existing) await s.run(`DROP ${KEYWORD[existing]} ${rel(published)}`);
        await s.run(`ALTER ${KEYWORD[kind]} ${rel(staged)} RENAME TO ${dialect.quoteIdent(published.name)}`);
        faultPoint('publish.before-commit');
        await s.run('COMMIT');
      } catch (error) {
        await s.run('ROLLBACK');
        throw error;
      }
    });
    faultPoint('publish.after-commit');
  }

  async drop(relation: Relation): Promise<void> {
    const kind = await this.relationKind(relation);
    if (kind) await this.#withSession((s) => s.run(`DROP ${KEYWORD[kind]} IF EXISTS ${rel(relation)}`));
  }

  async close(): Promise<void> {
    this.release();
  }
}

/** Instances open in this process, by file, with the number of warehouses using each. */
const open = new Map<string, { instance: Promise<DuckDBInstance>; users: number }>();

/**
 * Opens (creating if needed) the DuckDB file. Another process holding it is
 * reported with the fix; within this process the instance is shared.
 */
export async function openDuckDb(file: string, options: { threads?: number } = {}): Promise<Warehouse> {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const settings: Record<string, string> = options.threads ? { threads: String(options.threads) } : {};
  if (file === ':memory:') {
    const instance = await DuckDBInstance.create(file, settings);
    return new DuckDbWarehouse(instance, 'duckdb :memory:', () => instance.closeSync());
  }
  const resolved = path.resolve(file);
  let entry = open.get(resolved);
  if (!entry) {
    entry = { instance: DuckDBInstance.create(resolved, settings).then(dropLeftovers), users: 0 };
    open.set(resolved, entry);
  }
  entry.users++;
  let instance: DuckDBInstance;
  try {
    instance = await entry.instance;
  } catch (error) {
    open.delete(resolved);
    throw lockedError(resolved, error);
  }
  const shared = entry;
  let released = false;
  return new DuckDbWarehouse(instance, `duckdb ${file}`, () => {
    if (released) return;
    released = true;
    if (--shared.users === 0) {
      open.delete(resolved);
      instance.closeSync();
    }
  });
}

/**
 * Drops the staged relations a killed process left (kill -9 mid-build or mid-publish). Safe on a
 * new instance only: DuckDB lets one process have the file, and this one has nothing running on it yet.
 */
async function dropLeftovers(instance: DuckDBInstance): Promise<DuckDBInstance> {
  const connection = await instance.connect();
  try {
    const found = (await connection.runAndReadAll(`SELECT table_schema, table_name, table_type FROM information_schema.tables
      WHERE suffix(table_name, '${STAGED_SUFFIX}')`)).getRowObjectsJS();
    for (const r of found) {
      await connection.run(`DROP ${r.table_type === 'VIEW' ? 'VIEW' : 'TABLE'} IF EXISTS ${rel({ schema: String(r.table_schema), name: String(r.table_name) })}`);
    }
  } finally {
    connection.closeSync();
  }
  return instance;
}

function lockedError(file: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const pid = /PID (\d+)/.exec(message)?.[1];
  if (!/lock/i.test(message)) return error instanceof Error ? error : new Error(message);
  return new LockError(`the warehouse ${file} is in use by another process${pid ? ` (pid ${pid})` : ''}`,
    undefined, { fix: 'wait for that command to finish (a running `trellis ui` hands materializations to itself), or stop it' });
}

/** `work` inside a READ ONLY transaction, rolled back after: DuckDB refuses any write in it. */
async function readOnly<T>(s: WarehouseSession, work: () => Promise<T>): Promise<T> {
  await s.run('BEGIN TRANSACTION READ ONLY');
  try {
    return await work();
  } finally {
    await s.run('ROLLBACK').catch(() => undefined);
  }
}
