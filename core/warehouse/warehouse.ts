/**
 * The warehouse interface, one per engine (`core/warehouse/<engine>/`): the
 * embedded DuckDB by default, BigQuery when the data outgrows one machine.
 * Nothing outside the engine folders writes engine-specific SQL: statements
 * that differ (building, publishing, describing, loading files, previews) are
 * methods here, and expressions that differ are the dialect's macros. A
 * Warehouse owns the connection; each concurrently running asset gets its
 * own WarehouseSession. Every statement reports its job statistics.
 *
 * @example
 * const session = await warehouse.session();
 * const rows = await session.query(`SELECT count(*) AS n FROM ${warehouse.dialect.relation('carttrend_clean', 'Clients')}`);
 * await session.close();
 */
import type { Relation } from '../keys.ts';
import type { Dialect, DialectName } from './dialect.ts';

/** A JSON-safe row: BIGINT as number (or string when too large), DATE as `YYYY-MM-DD`. */
export type Row = Record<string, unknown>;

/** The portable column types a TypeScript asset writes with `writeTable`. */
export type ColumnType = 'VARCHAR' | 'DOUBLE' | 'BIGINT' | 'INTEGER' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
}

/** A column as the engine describes it (its own type name: `VARCHAR`, `STRING`, `DECIMAL(18,3)`…). */
export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
}

export type RelationKind = 'table' | 'view';

/**
 * A relation named with this suffix is a build in progress, published by a
 * rename when complete. One found when the warehouse is first opened was left
 * by a process that died mid-build, and is dropped.
 */
export const STAGED_SUFFIX = '__trellis_staged';

export interface RelationInfo {
  readonly name: string;
  readonly kind: RelationKind;
}

/** Content fingerprint of a relation: row count and an order-independent hash of the rows (see `fingerprintOf`). */
export interface Fingerprint {
  readonly rows: number;
  readonly hash: string;
}

/** What a statement cost, as the engine reports it; an engine without jobs leaves the job fields out. */
export interface StatementStats {
  readonly durationMs: number;
  readonly jobId?: string;
  readonly bytesProcessed?: number;
  readonly bytesBilled?: number;
  /** Rows the statement wrote, when the engine says. */
  readonly rows?: number;
}

/**
 * What a session's statements have cost so far, as its engine reports it:
 * `{ jobs: 3, bytesProcessed: 1_200, bytesBilled: 31_457_280 }`. DuckDB runs no
 * jobs and reports none.
 */
export interface Usage {
  readonly jobs: number;
  readonly bytesProcessed: number;
  readonly bytesBilled: number;
}

export interface StatementOptions {
  /** Cancels the statement: DuckDB interrupts its connection, BigQuery cancels the job. */
  readonly signal?: AbortSignal;
  /** Called about once a second while a long statement runs, on engines that report it (BigQuery jobs). */
  readonly onProgress?: (progress: StatementProgress) => void;
}

/** A running statement, as its engine reports it: `{ jobId: 'trellis_…', elapsedMs: 4200, bytesProcessed: 1e9 }`. */
export interface StatementProgress {
  readonly jobId: string;
  readonly elapsedMs: number;
  readonly bytesProcessed?: number;
}

/** File formats a warehouse reads itself (DuckDB's `read_csv` and friends, BigQuery load jobs). */
export type FileFormat = 'csv' | 'parquet' | 'json';

export interface LoadOptions extends StatementOptions {
  readonly format: FileFormat;
  /** CSV only: the first line names the columns (default true). */
  readonly header?: boolean;
  /** CSV only: the field delimiter (default `,`). */
  readonly delimiter?: string;
  /** CSV only: read `true`/`false`/`yes`/`no` text as BOOLEAN (default true); false keeps it as text, as delivered. */
  readonly inferBooleans?: boolean;
  /** Names for the columns, in file order (default: the file's own, e.g. its header). */
  readonly columnNames?: readonly string[];
}

export interface Loaded {
  readonly rows: number;
  readonly stats: StatementStats;
}

/** A statement validated without running it. */
export interface DryRun {
  readonly columns: readonly ColumnInfo[];
  /** Bytes the statement would scan, when the engine can tell (BigQuery). */
  readonly bytesProcessed?: number;
}

/** The first rows of a relation, values JSON-safe, in column order. */
export interface RowsPreview {
  readonly columns: readonly ColumnInfo[];
  readonly rows: readonly (readonly unknown[])[];
  /** More rows exist than were returned. */
  readonly truncated: boolean;
}

export interface WarehouseSession {
  query(sql: string, params?: readonly unknown[], options?: StatementOptions): Promise<Row[]>;
  /** Runs a statement that returns no rows. */
  run(sql: string, options?: StatementOptions): Promise<StatementStats>;
  /** Creates (or replaces) `target` as a table or view defined by the query `select`. */
  createAs(target: Relation, kind: RelationKind, select: string, options?: StatementOptions): Promise<StatementStats>;
  /** Creates (or replaces) `target` with `columns` and appends `rows`; returns the row count. */
  writeTable(target: Relation, columns: readonly ColumnSpec[],
    rows: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>): Promise<number>;
  /** Creates (or replaces) `target` from files the warehouse reads itself, all of one format and layout. */
  loadFile(target: Relation, files: readonly string[], options: LoadOptions): Promise<Loaded>;
  /** The columns `loadFile` would create from `files` (names as in the files, types as inferred), reading nothing else. */
  describeFiles(files: readonly string[], options: LoadOptions): Promise<ColumnInfo[]>;
  /** What the statements this session ran have cost so far (see `usageSince` for a part of it). */
  usage(): Usage;
  /** Cancels the statement running on this session, if any. */
  interrupt(): void;
  close(): Promise<void>;
}

export interface Warehouse {
  readonly engine: DialectName;
  readonly dialect: Dialect;
  /** Human description, e.g. `duckdb .trellis/warehouse.duckdb`. */
  readonly description: string;
  session(): Promise<WarehouseSession>;
  ensureSchema(schema: string): Promise<void>;
  relationKind(relation: Relation): Promise<RelationKind | undefined>;
  /** The tables and views of a schema, sorted by name; none when the schema does not exist. */
  listRelations(schema: string): Promise<RelationInfo[]>;
  /** The columns of a relation in order; empty when it does not exist. */
  columns(relation: Relation): Promise<ColumnInfo[]>;
  /** Validates `sql` and describes its result without running it. */
  dryRun(sql: string): Promise<DryRun>;
  /** Atomically replaces `published` by `staged` (which is renamed), dropping the old relation. */
  publish(staged: Relation, published: Relation, kind: RelationKind): Promise<void>;
  drop(relation: Relation): Promise<void>;
  /**
   * Runs a query that must not write, with `?` parameters: DuckDB runs it in a
   * READ ONLY transaction (a write is refused); BigQuery as a query job, so
   * the caller builds a SELECT (dashboards' queries from their validated specs).
   */
  readQuery(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Reads the first `limit` rows without writing anything (values a JSON form cannot hold are read as text). */
  previewRows(relation: Relation, limit: number): Promise<RowsPreview>;
  close(): Promise<void>;
}
