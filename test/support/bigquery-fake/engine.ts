/**
 * The fake's engine: an in-memory DuckDB where each dataset is a schema.
 * Results come back in BigQuery's REST shape (schema fields, `{f:[{v}]}` rows).
 *
 * @example
 * const engine = await FakeEngine.open();
 * const result = await engine.execute('SELECT 1 AS x', {});
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { registerFunctions } from './functions.ts';
import { FAKE_MACROS, toDuckDb } from './translate.ts';

export interface Field { name: string; type: string; mode?: string }
export interface Result { fields: Field[]; rows: { f: { v: unknown }[] }[]; affected?: number }

/** BigQuery's REST type for a DuckDB column type. */
export function bigQueryType(duck: string): Field {
  if (duck.endsWith('[]')) return { ...bigQueryType(duck.slice(0, -2)), name: '', mode: 'REPEATED' };
  const base = duck.replace(/\(.*\)$/, '');
  const type = ({
    BIGINT: 'INTEGER', INTEGER: 'INTEGER', SMALLINT: 'INTEGER', TINYINT: 'INTEGER', UBIGINT: 'INTEGER', UINTEGER: 'INTEGER',
    HUGEINT: 'BIGNUMERIC', DECIMAL: 'NUMERIC', DOUBLE: 'FLOAT', FLOAT: 'FLOAT', VARCHAR: 'STRING', BOOLEAN: 'BOOLEAN',
    DATE: 'DATE', TIMESTAMP: 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE': 'TIMESTAMP', BLOB: 'BYTES',
  } as Record<string, string>)[base] ?? 'STRING';
  return { name: '', type };
}

function cell(value: unknown, field: Field): { v: unknown } {
  if (value === null || value === undefined) return { v: null };
  if (field.mode === 'REPEATED') return { v: (value as unknown[]).map((x) => cell(x, { ...field, mode: undefined } as Field)) };
  if (value instanceof Date) {
    return { v: field.type === 'DATE' ? value.toISOString().slice(0, 10) : String(value.getTime() * 1000) };
  }
  return { v: String(value) };
}

export class FakeEngine {
  private constructor(private readonly instance: DuckDBInstance) {}

  static async open(): Promise<FakeEngine> {
    // BigQuery sorts NULLs first in ascending order and last in descending order; DuckDB's default is last in both.
    const instance = await DuckDBInstance.create(':memory:', { threads: '1', default_null_order: 'nulls_first_on_asc_last_on_desc' });
    const engine = new FakeEngine(instance);
    const c = await instance.connect();
    for (const macro of FAKE_MACROS) await c.run(macro);
    registerFunctions(c);
    c.closeSync();
    return engine;
  }

  connect(): Promise<DuckDBConnection> { return this.instance.connect(); }

  /** Runs BigQuery SQL; `params` named (`@x`) or positional (`?`). */
  async execute(sql: string, params: Record<string, unknown> | unknown[], connection?: DuckDBConnection): Promise<Result> {
    const c = connection ?? await this.instance.connect();
    try {
      const translated = toDuckDb(sql);
      const hasParams = Array.isArray(params) ? params.length > 0 : Object.keys(params).length > 0;
      const reader = hasParams ? await c.runAndReadAll(translated, params as never) : await c.runAndReadAll(translated);
      const fields = reader.columnNames().map((name, i) => ({ ...bigQueryType(String(reader.columnTypes()[i])), name }));
      const rows = reader.getRowsJS().map((values) => ({ f: values.map((v, i) => cell(v, fields[i]!)) }));
      return { fields, rows };
    } finally {
      if (!connection) c.closeSync();
    }
  }

  /** DuckDB SQL, as the fake itself needs it (catalog look-ups, loads). */
  async raw(sql: string): Promise<Record<string, unknown>[]> {
    const c = await this.instance.connect();
    try {
      return (await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
    } finally {
      c.closeSync();
    }
  }

  /** The columns of `dataset.table`, in BigQuery's terms, or undefined when missing. */
  async table(dataset: string, table: string): Promise<{ type: 'TABLE' | 'VIEW'; fields: Field[]; view?: string } | undefined> {
    const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
    const [found] = await this.raw(`SELECT table_type FROM information_schema.tables WHERE table_schema = ${lit(dataset)} AND table_name = ${lit(table)}`);
    if (!found) return undefined;
    const columns = await this.raw(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = ${lit(dataset)} ` +
      `AND table_name = ${lit(table)} ORDER BY ordinal_position`);
    const fields = columns.map((c) => ({ ...bigQueryType(String(c.data_type)), name: String(c.column_name) }));
    return { type: found.table_type === 'VIEW' ? 'VIEW' : 'TABLE', fields };
  }

  close(): void { this.instance.closeSync(); }
}
