/**
 * A relation's content fingerprint, computed in the warehouse by its
 * dialect's query on a session: the build's own, so that the run can cancel
 * it and its cost is counted with the build's.
 *
 * @example
 * await fingerprintOf(session, warehouse.dialect, { schema: 'marts', name: 'orders' }) // { rows: 1200, hash: '-81726…' }
 */
import type { Relation } from '../keys.ts';
import type { Dialect } from './dialect.ts';
import type { Fingerprint, StatementOptions, WarehouseSession } from './warehouse.ts';

export async function fingerprintOf(session: WarehouseSession, dialect: Dialect, relation: Relation,
  options?: StatementOptions): Promise<Fingerprint> {
  const [row] = await session.query(dialect.fingerprint(dialect.relation(relation.schema, relation.name)), undefined, options);
  return { rows: Number(row!.n), hash: String(row!.h) };
}
