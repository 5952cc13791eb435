/**
 * Runs an asset's checks against a relation (the staged one during a run,
 * the published one for `trellis check`).
 */
import type { AssetDefinition } from './definitions.ts';
import type { CheckOutcome } from './checks.ts';
import type { Dialect } from './dialect/index.ts';
import type { Row, WarehouseSession } from './warehouse/warehouse.ts';

export interface CheckResult extends Omit<CheckOutcome, 'failingCount' | 'sample'> {
  readonly check: string;
  readonly severity: 'error' | 'warn';
  readonly failingCount: number | null;
  readonly sample: readonly Row[];
}

const SAMPLE_ROWS = 5;

export async function runChecks(def: AssetDefinition, session: WarehouseSession, relation: string,
  dialect: Dialect, metadata: Readonly<Record<string, unknown>>): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of def.checks) {
    try {
      if (check.type === 'sql') {
        const failing = check.failingRows(relation, dialect);
        const [counted] = await session.query(`SELECT count(*) AS n FROM (${failing}) AS failing`);
        const count = Number(counted!.n);
        const sample = count ? await session.query(`SELECT * FROM (${failing}) AS failing LIMIT ${SAMPLE_ROWS}`) : [];
        results.push({ check: check.name, severity: check.severity, passed: count === 0, failingCount: count, sample,
          message: count ? `${count} failing row${count === 1 ? '' : 's'}` : undefined });
      } else {
        const outcome = await check.run({ key: def.key, relation, warehouse: session, metadata });
        results.push({ check: check.name, severity: check.severity, ...outcome,
          failingCount: outcome.failingCount ?? null, sample: outcome.sample ?? [] });
      }
    } catch (error) {
      results.push({ check: check.name, severity: check.severity, passed: false, failingCount: null, sample: [],
        message: `the check itself failed: ${(error as Error).message}` });
    }
  }
  return results;
}
