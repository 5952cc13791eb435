/**
 * The first rows of an asset's table, for its page. No text from the request
 * reaches SQL: the key is one the graph knows (checked by the route), and the
 * warehouse reads the rows without writing (DuckDB: a READ ONLY transaction,
 * the limit a parameter). Values reach JSON as the warehouse returns them
 * (BIGINT as a number, dates as ISO strings); types JSON has no form for
 * (intervals, blobs, lists, structs, huge integers) are read as text.
 *
 * @example
 * const preview = await previewAsset(owner, 'carttrend_clean.Clients', 100);
 * preview.columns[0] // { name: 'id_client', type: 'VARCHAR' }
 */
import { parseKey, type AssetKey } from '../keys.ts';
import type { ApiPreview } from './api-types.ts';
import { HttpError } from './http-error.ts';
import type { WarehouseOwner } from './warehouse-owner.ts';

export const PREVIEW_LIMIT = { min: 1, max: 5000, fallback: 100 } as const;

export async function previewAsset(owner: WarehouseOwner, key: AssetKey, limit: number): Promise<ApiPreview> {
  const relation = parseKey(key);
  return owner.read(`trellis ui: preview of ${key}`, async (warehouse) => {
    if (!(await warehouse.relationKind(relation))) {
      throw new HttpError(404, `${key} has no table yet: it has never been materialized (materialize it, e.g. POST /api/runs {"select": "+key:${key}"})`);
    }
    const preview = await warehouse.previewRows(relation, limit);
    return { key, limit, columns: preview.columns, truncated: preview.truncated, rows: preview.rows };
  });
}
