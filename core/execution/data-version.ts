/**
 * Data versions: what a build produced, as staleness compares it. A table's
 * is its fingerprint (row count and an order-independent hash, computed in the
 * warehouse); a view's is its code and input versions (a scan of a view would
 * run its whole query again); a source's is its files' content hash, with a
 * count for the run's summary.
 *
 * @example
 * const { dataVersion, rows, usage } = await dataVersionOf({ def, kind: 'table', staged, inputVersions, warehouse, session });
 */
import type { AssetDefinition } from '../definitions.ts';
import type { AssetKey, Relation } from '../keys.ts';
import type { SourceState } from '../observe.ts';
import type { Usage, Warehouse, WarehouseSession } from '../warehouse/warehouse.ts';
import { fingerprintOf } from '../warehouse/fingerprint.ts';
import { usageSince } from '../warehouse/usage.ts';
import { hashOf, stableJson } from '../hash.ts';

export interface DataVersionInput {
  readonly def: AssetDefinition;
  /** How the build is published. */
  readonly kind: 'table' | 'view';
  readonly staged: Relation;
  readonly inputVersions: Readonly<Record<AssetKey, string>>;
  readonly source: SourceState | undefined;
  /** Rows the asset wrote through its context, when it did. */
  readonly rowsWritten: number | undefined;
  readonly warehouse: Warehouse;
  readonly session: WarehouseSession;
}

export interface DataVersion {
  readonly dataVersion: string;
  /** Rows produced; null for a view (not counted, to spare a scan). */
  readonly rows: number | null;
  /** What the count or the fingerprint cost, on an engine that bills it. */
  readonly usage: Usage;
}

export async function dataVersionOf(input: DataVersionInput): Promise<DataVersion> {
  const before = input.session.usage();
  const version = await versionOf(input);
  return { ...version, usage: usageSince(before, input.session.usage()) };
}

async function versionOf(input: DataVersionInput): Promise<Omit<DataVersion, 'usage'>> {
  const { def, kind, staged, warehouse, session } = input;
  if (def.kind === 'source') {
    // A source's data version is its files' hash: a count is all it needs, not a fingerprint's scan.
    const rows = input.rowsWritten ?? await countRows(session, warehouse.dialect.relation(staged.schema, staged.name));
    return { dataVersion: input.source?.dataVersion ?? 'unknown', rows };
  }
  if (kind === 'view') return { dataVersion: hashOf('view', def.codeVersion, stableJson(input.inputVersions)), rows: null };
  const fp = await fingerprintOf(session, warehouse.dialect, staged);
  return { dataVersion: hashOf('table', String(fp.rows), fp.hash), rows: fp.rows };
}

async function countRows(session: WarehouseSession, relation: string): Promise<number> {
  const [counted] = await session.query(`SELECT count(*) AS n FROM ${relation}`);
  return Number(counted!.n);
}
