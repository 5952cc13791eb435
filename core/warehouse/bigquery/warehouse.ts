/**
 * The BigQuery warehouse: each schema is a dataset (`<datasetPrefix><schema>`)
 * in the configured location, created when first needed; every statement is
 * a job whose id, bytes processed and bytes billed are reported.
 *
 * @example
 * const wh = await openBigQuery({ type: 'bigquery', project: 'my-proj', datasetPrefix: 'dev_' }, process.env);
 * const s = await wh.session(); await s.query('SELECT 1 AS x'); await s.close();
 */
import type { BigQuery } from '@google-cloud/bigquery';
import type { BigQueryConfig } from '../../config.ts';
import type { Relation } from '../../keys.ts';
import type { Dialect } from '../dialect.ts';
import type {
  Row, ColumnInfo, DryRun, Fingerprint, RelationInfo, RelationKind, RowsPreview, Warehouse, WarehouseSession,
} from '../warehouse.ts';
import { bigqueryWithPrefix } from './dialect.ts';
import { bigQueryClient, DEFAULT_LOCATION, type ClientOptions } from './client.ts';
import { warehouseError } from './errors.ts';
import { copyJob, jsonSafe, runJob } from './jobs.ts';
import { BigQuerySession } from './session.ts';

interface TableMetadata {
  type?: string;
  schema?: { fields?: { name: string; type: string; mode?: string }[] };
  view?: { query?: string };
}

const isNotFound = (e: unknown) => (e as { code?: number }).code === 404;

/** BigQuery's description of a column: `STRING`, `INT64`, `ARRAY<STRING>` for a repeated one. */
function columnOf(field: { name: string; type: string; mode?: string }): ColumnInfo {
  const type = { INTEGER: 'INT64', FLOAT: 'FLOAT64', BOOLEAN: 'BOOL', RECORD: 'STRUCT' }[field.type] ?? field.type;
  return { name: field.name, type: field.mode === 'REPEATED' ? `ARRAY<${type}>` : type };
}

export class BigQueryWarehouse implements Warehouse {
  readonly engine = 'bigquery' as const;
  readonly dialect: Dialect;
  readonly description: string;
  readonly #prefix: string;
  readonly #location: string;
  readonly #ensured = new Map<string, Promise<void>>();

  constructor(readonly bq: BigQuery, config: BigQueryConfig) {
    this.#prefix = config.datasetPrefix ?? '';
    this.#location = config.location ?? DEFAULT_LOCATION;
    this.dialect = bigqueryWithPrefix(config.datasetPrefix);
    this.description = `bigquery ${bq.projectId}${this.#prefix ? ` (datasets ${this.#prefix}*)` : ''} in ${this.#location}`;
  }

  dataset(schema: string): string { return `${this.#prefix}${schema}`; }
  #rel(r: Relation): string { return this.dialect.relation(r.schema, r.name); }
  #table(r: Relation) { return this.bq.dataset(this.dataset(r.schema)).table(r.name); }

  async session(): Promise<WarehouseSession> { return new BigQuerySession(this); }

  /** Creates the schema's dataset in the configured location when missing (once per process). */
  ensureSchema(schema: string): Promise<void> {
    let ensured = this.#ensured.get(schema);
    if (!ensured) {
      ensured = this.#createDataset(this.dataset(schema));
      ensured.catch(() => this.#ensured.delete(schema));
      this.#ensured.set(schema, ensured);
    }
    return ensured;
  }

  async #createDataset(name: string): Promise<void> {
    const dataset = this.bq.dataset(name, { location: this.#location });
    try {
      const [exists] = await dataset.exists();
      if (!exists) await this.bq.createDataset(name, { location: this.#location });
    } catch (error) {
      if ((error as { code?: number }).code === 409) return; // created meanwhile
      throw warehouseError(error, undefined);
    }
  }

  async #metadata(relation: Relation): Promise<TableMetadata | undefined> {
    try {
      const [metadata] = await this.#table(relation).getMetadata();
      return metadata as TableMetadata;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw warehouseError(error, undefined);
    }
  }

  async relationKind(relation: Relation): Promise<RelationKind | undefined> {
    const metadata = await this.#metadata(relation);
    if (!metadata) return undefined;
    return metadata.type === 'VIEW' ? 'view' : 'table';
  }

  async listRelations(schema: string): Promise<RelationInfo[]> {
    try {
      const [tables] = await this.bq.dataset(this.dataset(schema)).getTables({ autoPaginate: true });
      return tables.map((t) => ({ name: t.id!, kind: (t.metadata as TableMetadata).type === 'VIEW' ? 'view' as const : 'table' as const }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      if (isNotFound(error)) return [];
      throw warehouseError(error, undefined);
    }
  }

  async columns(relation: Relation): Promise<ColumnInfo[]> {
    return ((await this.#metadata(relation))?.schema?.fields ?? []).map(columnOf);
  }

  async dryRun(sql: string): Promise<DryRun> {
    let jobId: string | undefined;
    try {
      const [job] = await this.bq.createQueryJob({ query: sql, dryRun: true, useLegacySql: false });
      jobId = job.id;
      const statistics = job.metadata?.statistics as { totalBytesProcessed?: string; query?: { schema?: TableMetadata['schema'] } } | undefined;
      const columns = (statistics?.query?.schema?.fields ?? []).map(columnOf);
      const bytes = statistics?.totalBytesProcessed;
      return { columns, ...(bytes !== undefined ? { bytesProcessed: Number(bytes) } : {}) };
    } catch (error) {
      throw warehouseError(error, jobId);
    }
  }

  /**
   * Tables: a copy job (WRITE_TRUNCATE) from the staged table, which BigQuery does not bill, then the staged
   * table is dropped; views: one CREATE OR REPLACE VIEW with the staged view's query.
   */
  async publish(staged: Relation, published: Relation, kind: RelationKind): Promise<void> {
    const existing = await this.relationKind(published);
    if (existing && existing !== kind) await this.drop(published);
    if (kind === 'view') {
      const query = (await this.#metadata(staged))?.view?.query ?? `SELECT * FROM ${this.#rel(staged)}`;
      await runJob(this.bq, { query: `CREATE OR REPLACE VIEW ${this.#rel(published)} AS ${query}` });
    } else {
      await copyJob(this.#table(staged), this.#table(published));
    }
    await this.drop(staged);
  }

  async drop(relation: Relation): Promise<void> {
    const kind = await this.relationKind(relation);
    if (kind) await runJob(this.bq, { query: `DROP ${kind === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS ${this.#rel(relation)}` });
  }

  async readQuery(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const session = await this.session();
    try {
      return await session.query(sql, params);
    } finally {
      await session.close();
    }
  }

  /** A LIMIT query with the limit as a parameter; values BigQuery returns as objects are read as text. */
  async previewRows(relation: Relation, limit: number): Promise<RowsPreview> {
    const columns = await this.columns(relation);
    if (!columns.length) return { columns, rows: [], truncated: false };
    const list = columns.map((c, i) => `${this.dialect.quoteIdent(c.name)} AS c${i}`);
    const { rows } = await runJob(this.bq, {
      query: `SELECT ${list.join(', ')} FROM ${this.#rel(relation)} LIMIT @limit`, params: { limit: limit + 1 },
    });
    const values = rows.slice(0, limit).map((r) => columns.map((_, i) => jsonSafe({ v: r[`c${i}`] }).v));
    return { columns, rows: values, truncated: rows.length > limit };
  }

  async close(): Promise<void> {}
}

/** Opens BigQuery for `config`; credentials from ADC or GOOGLE_APPLICATION_CREDENTIALS (or `options.authClient`). */
export async function openBigQuery(config: BigQueryConfig, env: NodeJS.ProcessEnv, options: ClientOptions = {}): Promise<Warehouse> {
  return new BigQueryWarehouse(bigQueryClient(config, env, options), config);
}
