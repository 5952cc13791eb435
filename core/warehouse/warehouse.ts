/**
 * The warehouse interface. DuckDB is the embedded default; BigQuery comes
 * later behind the same interface. A Warehouse owns the database; each
 * concurrently running asset gets its own WarehouseSession.
 *
 * @example
 * const session = await warehouse.session();
 * const rows = await session.query('SELECT count(*)::INT AS n FROM "carttrend_clean"."Clients"');
 * await session.close();
 */
import type { Relation } from '../keys.ts';
import type { Dialect } from './dialect.ts';

/** A JSON-safe row: BIGINT as number (or string when too large), DATE as `YYYY-MM-DD`. */
export type Row = Record<string, unknown>;

export type ColumnType = 'VARCHAR' | 'DOUBLE' | 'BIGINT' | 'INTEGER' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
}

export type RelationKind = 'table' | 'view';

/** Content fingerprint of a relation: row count and an order-independent hash of the rows. */
export interface Fingerprint {
  readonly rows: number;
  readonly hash: string;
}

export interface WarehouseSession {
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  run(sql: string): Promise<void>;
  /** Creates (or replaces) `target` with `columns` and appends `rows`; returns the row count. */
  writeTable(target: Relation, columns: readonly ColumnSpec[],
    rows: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>): Promise<number>;
  /** Cancels the statement running on this session, if any. */
  interrupt(): void;
  close(): Promise<void>;
}

export interface Warehouse {
  readonly dialect: Dialect;
  /** Human description, e.g. `duckdb .trellis/warehouse.duckdb`. */
  readonly description: string;
  session(): Promise<WarehouseSession>;
  ensureSchema(schema: string): Promise<void>;
  relationKind(relation: Relation): Promise<RelationKind | undefined>;
  fingerprint(relation: Relation): Promise<Fingerprint>;
  /** Atomically replaces `published` by `staged` (which is renamed), dropping the old relation. */
  publish(staged: Relation, published: Relation, kind: RelationKind): Promise<void>;
  drop(relation: Relation): Promise<void>;
  close(): Promise<void>;
}
