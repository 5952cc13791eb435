/**
 * The first rows of an asset's table, for its page. No text from the request
 * reaches SQL: the key is one the graph knows (checked by the route), the
 * relation and column names are quoted by the warehouse's dialect, the row
 * limit is a validated integer passed as a parameter, and the statements run
 * inside a READ ONLY transaction. Values reach JSON as the warehouse returns
 * them (BIGINT as a number, dates as ISO strings); types JSON has no form for
 * (intervals, blobs, lists, structs, huge integers) are read as DuckDB's text.
 *
 * @example
 * const preview = await previewAsset(owner, 'carttrend_clean.Clients', 100);
 * preview.columns[0] // { name: 'id_client', type: 'VARCHAR' }
 */
import { parseKey, type AssetKey } from '../keys.ts';
import type { Row } from '../warehouse/warehouse.ts';
import type { ApiPreview } from './api-types.ts';
import { HttpError } from './http-error.ts';
import type { WarehouseOwner } from './warehouse-owner.ts';

export const PREVIEW_LIMIT = { min: 1, max: 5000, fallback: 100 } as const;

/** Types the warehouse driver already hands over as numbers, strings, booleans or dates. */
const JSON_NATIVE = /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL\(\d+,\s*\d+\)|VARCHAR|DATE|TIMESTAMP|TIMESTAMP WITH TIME ZONE)$/;

export async function previewAsset(owner: WarehouseOwner, key: AssetKey, limit: number): Promise<ApiPreview> {
  const { schema, name } = parseKey(key);
  return owner.read(`trellis ui: preview of ${key}`, async (warehouse) => {
    const { dialect } = warehouse;
    const relation = dialect.relation(schema, name);
    if (!(await warehouse.relationKind({ schema, name }))) {
      throw new HttpError(404, `${key} has no table yet: it has never been materialized (materialize it, e.g. POST /api/runs {"select": "+key:${key}"})`);
    }
    const session = await warehouse.session();
    try {
      await session.run('BEGIN TRANSACTION READ ONLY');
      const described = await session.query(`DESCRIBE SELECT * FROM ${relation}`);
      const columns = described.map((c) => ({ name: String(c.column_name), type: String(c.column_type) }));
      // Positional aliases: column names may repeat case-insensitively or collide with object keys.
      const list = columns.map((c, i) => `${JSON_NATIVE.test(c.type) ? dialect.quoteIdent(c.name) : `CAST(${dialect.quoteIdent(c.name)} AS VARCHAR)`} AS c${i}`);
      const rows: Row[] = columns.length ? await session.query(`SELECT ${list.join(', ')} FROM ${relation} LIMIT $1`, [limit + 1]) : [];
      return {
        key, columns, limit, truncated: rows.length > limit,
        rows: rows.slice(0, limit).map((row) => columns.map((_, i) => row[`c${i}`])),
      };
    } finally {
      await session.run('ROLLBACK').catch(() => undefined);
      await session.close();
    }
  });
}
