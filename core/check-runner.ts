/**
 * Runs an asset's checks against a relation (the staged one during a run,
 * the published one for `trellis check`).
 */
import type { AssetDefinition } from './definitions.ts';
import type { CheckOutcome } from './checks.ts';
import type { Dialect } from './dialect/index.ts';
import type { Row, WarehouseSession } from './warehouse/warehouse.ts';
import { parseKey } from './keys.ts';

export interface CheckResult extends Omit<CheckOutcome, 'failingCount' | 'sample'> {
  readonly check: string;
  readonly severity: 'error' | 'warn';
  readonly failingCount: number | null;
  readonly sample: readonly Row[];
}

const SAMPLE_ROWS = 5;
const COUNT_COLUMN = '__trellis_failing_rows';

/**
 * Runs every check of `def` against `relation`. `exists` tells whether an
 * asset referenced by a check (a relationships target) has been published; a
 * check whose target never was is reported as not evaluated, at warn level.
 */
export async function runChecks(def: AssetDefinition, session: WarehouseSession, relation: string,
  dialect: Dialect, metadata: Readonly<Record<string, unknown>>, exists: (key: string) => Promise<boolean>): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of def.checks) {
    try {
      const absent = check.type === 'sql' ? await firstAbsent(check.references ?? [], exists) : undefined;
      if (absent) {
        results.push({ check: check.name, severity: 'warn', passed: false, failingCount: null, sample: [],
          message: `not evaluated: ${absent} has not been materialized` });
      } else if (check.type === 'sql') {
        // One pass gives both the count and a sample (a view's query is not run twice).
        const rows = await session.query(`SELECT *, count(*) OVER () AS ${COUNT_COLUMN} FROM (${check.failingRows(relation, dialect)}) AS failing LIMIT ${SAMPLE_ROWS}`);
        const count = rows.length ? Number(rows[0]![COUNT_COLUMN]) : 0;
        const sample = rows.map(({ [COUNT_COLUMN]: _count, ...row }) => row);
        results.push({ check: check.name, severity: check.severity, passed: count === 0, failingCount: count, sample,
          message: count ? `${count} failing row${count === 1 ? '' : 's'}` : undefined });
      } else {
        const outcome = await check.run({ key: def.key, relation, warehouse: session, metadata,
          relationOf: (key) => { const r = parseKey(key); return dialect.relation(r.schema, r.name); } });
        results.push({ check: check.name, severity: check.severity, ...outcome,
          failingCount: outcome.failingCount ?? null, sample: outcome.sample ?? [] });
      }
    } catch (error) {
      results.push({ check: check.name, severity: check.severity, passed: false, failingCount: null, sample: [],
        message: `the check itself failed: ${(error as Error).message.split('\n')[0]}` });
    }
  }
  return results;
}

async function firstAbsent(keys: readonly string[], exists: (key: string) => Promise<boolean>): Promise<string | undefined> {
  for (const key of keys) if (!(await exists(key))) return key;
  return undefined;
}
