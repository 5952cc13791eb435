/**
 * A BigQuery session: statements are jobs, so sessions are cheap and share
 * the client; `interrupt` cancels the job the session is waiting on.
 *
 * @example
 * const s = await warehouse.session(); await s.query('SELECT 1 AS x'); await s.close();
 */
import fs from 'node:fs';
import type { BigQuery, Job } from '@google-cloud/bigquery';
import { UsageError } from '../../errors.ts';
import type { Relation } from '../../keys.ts';
import type { Dialect } from '../dialect.ts';
import { STAGED_SUFFIX } from '../warehouse.ts';
import type {
  ColumnInfo, ColumnSpec, Loaded, LoadOptions, RelationKind, Row, StatementOptions, StatementStats, Usage, WarehouseSession,
} from '../warehouse.ts';
import { addStatement, NO_USAGE } from '../usage.ts';
import { runJob } from './jobs.ts';
import { loadJob, loadMetadata, loadRows } from './loads.ts';

/** What a session needs from its warehouse. */
export interface SessionHost {
  readonly bq: BigQuery;
  readonly dialect: Dialect;
  dataset(schema: string): string;
  ensureSchema(schema: string): Promise<void>;
  columns(relation: Relation): Promise<ColumnInfo[]>;
  publish(staged: Relation, published: Relation, kind: RelationKind): Promise<void>;
  drop(relation: Relation): Promise<void>;
}

const SCRATCH = 'trellis_scratch';

export class BigQuerySession implements WarehouseSession {
  #current: Job | undefined;
  #usage: Usage = NO_USAGE;

  constructor(private readonly host: SessionHost) {}

  #rel(r: Relation): string { return this.host.dialect.relation(r.schema, r.name); }
  #table(r: Relation) { return this.host.bq.dataset(this.host.dataset(r.schema)).table(r.name); }

  async #job(sql: string, params: readonly unknown[] | undefined, options: StatementOptions | undefined) {
    try {
      const result = await runJob(this.host.bq, { query: sql, ...(params?.length ? { params: [...params] } : {}) },
        { ...options, onJob: (job) => { this.#current = job; } });
      this.#usage = addStatement(this.#usage, result.stats);
      return result;
    } finally {
      this.#current = undefined;
    }
  }

  async query(sql: string, params?: readonly unknown[], options?: StatementOptions): Promise<Row[]> {
    return (await this.#job(sql, params, options)).rows;
  }

  async run(sql: string, options?: StatementOptions): Promise<StatementStats> {
    return (await this.#job(sql, undefined, options)).stats;
  }

  /**
   * One `CREATE OR REPLACE ... AS` job: BigQuery replaces a table atomically, so a failed statement keeps the
   * previous one. (The run builds into `<name>__trellis_staged` and publishes after its checks; staging here
   * again would bill the query's bytes twice.)
   */
  async createAs(target: Relation, kind: RelationKind, select: string, options?: StatementOptions): Promise<StatementStats> {
    return this.run(`CREATE OR REPLACE ${kind === 'view' ? 'VIEW' : 'TABLE'} ${this.#rel(target)} AS ${select}`, options);
  }

  async writeTable(target: Relation, columns: readonly ColumnSpec[],
    rows: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>): Promise<number> {
    return loadRows(this.#table(target), columns, rows);
  }

  async loadFile(target: Relation, files: readonly string[], options: LoadOptions): Promise<Loaded> {
    const names = options.columnNames;
    const into = names ? { schema: target.schema, name: `${target.name}${STAGED_SUFFIX}` } : target;
    const stats = await this.#loadAll(into, files, options);
    if (names) {
      const loaded = await this.host.columns(into);
      if (loaded.length !== names.length) {
        await this.host.drop(into);
        throw new UsageError(`${files[0]}: ${loaded.length} column(s) found, ${names.length} name(s) given`, {
          fix: 'give one name per column of the file, in file order',
        });
      }
      const list = loaded.map((c, i) => `${this.host.dialect.quoteIdent(c.name)} AS ${this.host.dialect.quoteIdent(names[i] ?? c.name)}`);
      await this.run(`CREATE OR REPLACE TABLE ${this.#rel(target)} AS SELECT ${list.join(', ')} FROM ${this.#rel(into)}`, options);
      await this.host.drop(into);
    }
    return { rows: stats.rows ?? 0, stats };
  }

  /** One load job per file: the first replaces the table, the others append. */
  async #loadAll(target: Relation, files: readonly string[], options: LoadOptions): Promise<StatementStats> {
    const missing = files.find((f) => !fs.existsSync(f));
    if (missing) throw new UsageError(`cannot load ${missing}: no such file`, { fix: 'check the path (relative paths are read from the project folder)' });
    const started = Date.now();
    let rows = 0;
    let jobId: string | undefined;
    for (const [i, file] of files.entries()) {
      const stats = await loadJob(this.#table(target), file,
        { ...loadMetadata(options), writeDisposition: i === 0 ? 'WRITE_TRUNCATE' : 'WRITE_APPEND' });
      rows += stats.rows ?? 0;
      jobId = stats.jobId;
    }
    return { durationMs: Date.now() - started, rows, ...(jobId ? { jobId } : {}) };
  }

  /** BigQuery infers a file's types only by loading it: into a scratch dataset, dropped after. */
  async describeFiles(files: readonly string[], options: LoadOptions): Promise<ColumnInfo[]> {
    await this.host.ensureSchema(SCRATCH);
    const scratch = { schema: SCRATCH, name: `describe_${Date.now()}_${Math.floor(Math.random() * 1e6)}` };
    try {
      await this.#loadAll(scratch, files, options);
      const columns = await this.host.columns(scratch);
      const names = options.columnNames;
      return names ? columns.map((c, i) => ({ name: names[i] ?? c.name, type: c.type })) : columns;
    } finally {
      await this.host.drop(scratch);
    }
  }

  /** The query jobs this session ran (load jobs are not billed). */
  usage(): Usage {
    return this.#usage;
  }

  interrupt(): void {
    this.#current?.cancel().catch(() => {});
  }

  async close(): Promise<void> {}
}
