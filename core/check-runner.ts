/**
 * Runs an asset's checks against a relation (the staged one during a run,
 * the published one for `trellis check`). Every check with a scan term is
 * evaluated in one query of aggregates over the relation, so a view's query
 * runs once for all of them; then only the checks that failed query their
 * failing rows, for a sample. Relationships and custom checks run on their own.
 *
 * @example
 * const results = await runChecks(def, session, '"shop"."orders"', dialects.duckdb, {}, async () => true);
 * results.filter((r) => !r.passed) // [{ check: 'not_null(email)', failingCount: 2, sample: [{…}, {…}], … }]
 */
import type { AssetDefinition } from './definitions.ts';
import type { CheckOutcome, CustomCheck, SqlCheck } from './checks.ts';
import type { Dialect } from './warehouse/dialects.ts';
import type { Row, WarehouseSession } from './warehouse/warehouse.ts';
import { userCode } from './errors.ts';
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
 * Runs every check of `def` against `relation`; results come in the order of
 * `def.checks`. `exists` tells whether an asset referenced by a check (a
 * relationships target) has been published; a check whose target never was is
 * reported as not evaluated, at warn level. A check that cannot be evaluated
 * (bad SQL, a custom check that throws) fails alone, with the reason.
 */
export async function runChecks(def: AssetDefinition, session: WarehouseSession, relation: string,
  dialect: Dialect, metadata: Readonly<Record<string, unknown>>, exists: (key: string) => Promise<boolean>): Promise<CheckResult[]> {
  const scanned = def.checks.filter((c): c is SqlCheck => c.type === 'sql' && c.scan !== undefined);
  const counts = await scanCounts(session, relation, dialect, scanned);
  const results: CheckResult[] = [];
  for (const check of def.checks) {
    if (check.type === 'custom') {
      results.push(await runCustom(def, check, session, relation, dialect, metadata));
      continue;
    }
    const absent = await firstAbsent(check.references ?? [], exists);
    if (absent) {
      results.push({ check: check.name, severity: 'warn', passed: false, failingCount: null, sample: [],
        message: `not evaluated: ${absent} has not been materialized` });
      continue;
    }
    try {
      const count = counts.get(check);
      if (count instanceof Error) throw count;
      results.push(count === 0 ? sqlResult(check, 0, [])
        : await withFailingRows(session, check, relation, dialect, check.scan?.counts ? count : undefined));
    } catch (error) {
      results.push({ check: check.name, severity: check.severity, passed: false, failingCount: null, sample: [],
        message: `the SQL of ${check.name} failed: ${firstLine(error)}` });
    }
  }
  return results;
}

/**
 * Each scanned check's aggregate, from one query over `relation`. When that
 * query fails (one check's SQL is bad), each check is asked alone so that only
 * the bad one fails: its entry is the error.
 */
async function scanCounts(session: WarehouseSession, relation: string, dialect: Dialect,
  checks: readonly SqlCheck[]): Promise<Map<SqlCheck, number | Error>> {
  const counts = new Map<SqlCheck, number | Error>();
  if (!checks.length) return counts;
  const select = (list: readonly SqlCheck[]) =>
    `SELECT ${list.map((c, i) => `${c.scan!.aggregate(dialect)} AS c${i}`).join(', ')} FROM ${relation}`;
  try {
    const [row] = await session.query(select(checks));
    checks.forEach((c, i) => counts.set(c, Number(row![`c${i}`])));
  } catch {
    for (const check of checks) {
      try {
        const [row] = await session.query(select([check]));
        counts.set(check, Number(row!.c0));
      } catch (error) {
        counts.set(check, error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
  return counts;
}

/**
 * The result of a check known to fail: a sample of its failing rows and, when
 * the scan did not count them (`count` undefined), their count from the same query.
 */
async function withFailingRows(session: WarehouseSession, check: SqlCheck, relation: string, dialect: Dialect,
  count: number | undefined): Promise<CheckResult> {
  const failing = check.failingRows(relation, dialect);
  if (count !== undefined) {
    return sqlResult(check, count, await session.query(`SELECT * FROM (${failing}) AS failing LIMIT ${SAMPLE_ROWS}`));
  }
  // One pass gives both the count and a sample (a view's query is not run twice).
  const rows = await session.query(`SELECT *, count(*) OVER () AS ${COUNT_COLUMN} FROM (${failing}) AS failing LIMIT ${SAMPLE_ROWS}`);
  return sqlResult(check, rows.length ? Number(rows[0]![COUNT_COLUMN]) : 0, rows.map(({ [COUNT_COLUMN]: _count, ...row }) => row));
}

function sqlResult(check: SqlCheck, count: number, sample: readonly Row[]): CheckResult {
  return { check: check.name, severity: check.severity, passed: count === 0, failingCount: count, sample,
    message: count ? `${count} failing row${count === 1 ? '' : 's'}` : undefined };
}

/** A custom check runs inside the user-code boundary: what it throws becomes its result's message, an AssetError's. */
async function runCustom(def: AssetDefinition, check: CustomCheck, session: WarehouseSession, relation: string,
  dialect: Dialect, metadata: Readonly<Record<string, unknown>>): Promise<CheckResult> {
  try {
    const outcome = await userCode(def.key, () => check.run({ key: def.key, relation, warehouse: session, dialect, metadata,
      relationOf: (key) => { const r = parseKey(key); return dialect.relation(r.schema, r.name); } }), { phase: 'check', file: def.file });
    return { check: check.name, severity: check.severity, ...outcome,
      failingCount: outcome.failingCount ?? null, sample: outcome.sample ?? [] };
  } catch (error) {
    return { check: check.name, severity: check.severity, passed: false, failingCount: null, sample: [],
      message: (error as Error).message };
  }
}

async function firstAbsent(keys: readonly string[], exists: (key: string) => Promise<boolean>): Promise<string | undefined> {
  for (const key of keys) if (!(await exists(key))) return key;
  return undefined;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
