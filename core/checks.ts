/**
 * Asset checks: dbt-style tests and custom checks. A SQL check is a query
 * returning the failing rows; it passes when that query returns none. Most
 * also have a scan term, an aggregate over the relation's rows, so that the
 * runner evaluates all of an asset's column checks in one query and asks for
 * failing rows only of the checks that failed.
 * Severity `error` blocks publication and the downstream; `warn` only reports.
 *
 * @example
 * checks: [notNull('id_client'), unique('id_client'),
 *          acceptedValues('genre', ['Homme', 'Femme'], { severity: 'warn' })]
 */
import { parseKey, type AssetKey } from './keys.ts';
import type { Row, WarehouseSession } from './warehouse/warehouse.ts';
import type { Dialect } from './warehouse/dialect.ts';

export type Severity = 'error' | 'warn';

interface CheckBase {
  readonly name: string;
  readonly severity: Severity;
  readonly description?: string;
}

/**
 * A check's part in the one scan of its relation: an aggregate over the
 * relation's rows (`count(*) FILTER (WHERE …)`), 0 exactly when the check passes.
 *
 * @example
 * notNull('email').scan!.aggregate(dialects.duckdb) // `count(*) FILTER (WHERE "email" IS NULL)`
 */
export interface CheckScan {
  aggregate(dialect: Dialect): string;
  /**
   * Whether the aggregate is the check's failing count itself. When false
   * (unique counts surplus rows, the check reports duplicated values), the
   * failing rows query counts them once the check has failed.
   */
  readonly counts: boolean;
}

/** A check whose query returns the failing rows of `relation` (already quoted). */
export interface SqlCheck extends CheckBase {
  readonly type: 'sql';
  /**
   * Other assets the query reads (a relationships target). When they are
   * rebuilt in the same run the check waits for them (unless that would close
   * a cycle); while they have never been materialized it is not evaluated.
   */
  readonly references?: readonly AssetKey[];
  failingRows(relation: string, dialect: Dialect): string;
  /** Absent when the check reads more than the relation's own rows (relationships): it then runs its own query. */
  readonly scan?: CheckScan;
}

export interface CheckOutcome {
  readonly passed: boolean;
  readonly message?: string;
  readonly failingCount?: number;
  readonly sample?: readonly Row[];
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export interface CustomCheckContext {
  readonly key: AssetKey;
  /** The staged relation being checked, quoted. */
  readonly relation: string;
  readonly warehouse: WarehouseSession;
  /** The warehouse's SQL dialect: quoting, literals and the macros that differ between engines. */
  readonly dialect: Dialect;
  /** Metadata the asset attached during this materialization. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The published relation of another asset (a check that recounts from an upstream), quoted for this dialect. */
  relationOf(key: AssetKey): string;
}

export interface CustomCheck extends CheckBase {
  readonly type: 'custom';
  run(ctx: CustomCheckContext): Promise<CheckOutcome>;
}

export type CheckDefinition = SqlCheck | CustomCheck;

export interface CheckOptions {
  readonly severity?: Severity;
  readonly name?: string;
  readonly description?: string;
  /** Only rows matching this SQL condition are tested (dbt's `where`). */
  readonly where?: string;
}

function filtered(relation: string, where: string | undefined): string {
  return where ? `(SELECT * FROM ${relation} WHERE ${where})` : relation;
}

function sqlCheck(name: string, opts: CheckOptions | undefined, failingRows: (relation: string, dialect: Dialect) => string,
  extra: { references?: readonly AssetKey[]; scan?: CheckScan } = {}): SqlCheck {
  return {
    type: 'sql', name: opts?.name ?? name, severity: opts?.severity ?? 'error',
    description: opts?.description, ...extra,
    failingRows: (relation, dialect) => failingRows(filtered(relation, opts?.where), dialect),
  };
}

/** `condition` restricted to the rows of the check's `where`, if it has one. */
function within(opts: CheckOptions | undefined, condition: string): string {
  return opts?.where ? `(${opts.where}) AND (${condition})` : condition;
}

/**
 * A check on each row by itself: a row fails when `failing` holds. One
 * condition gives both the failing rows query and the scan term, so the two
 * cannot disagree.
 */
function rowCheck(name: string, opts: CheckOptions | undefined, failing: (dialect: Dialect) => string): SqlCheck {
  return sqlCheck(name, opts, (r, d) => `SELECT * FROM ${r} WHERE ${failing(d)}`,
    { scan: { counts: true, aggregate: (d) => d.countIf(within(opts, failing(d))) } });
}

export function notNull(column: string, opts?: CheckOptions): SqlCheck {
  return rowCheck(`not_null(${column})`, opts, (d) => `${d.quoteIdent(column)} IS NULL`);
}

/**
 * No non-null value of `column` occurs twice. Its failing count is the number
 * of duplicated values (each sample row a value and its occurrences); the scan
 * only tells whether there is any, by counting the rows beyond each value's first.
 */
export function unique(column: string, opts?: CheckOptions): SqlCheck {
  return sqlCheck(`unique(${column})`, opts, (r, d) => {
    const c = d.quoteIdent(column);
    return `SELECT ${c}, count(*) AS occurrences FROM ${r} WHERE ${c} IS NOT NULL GROUP BY ${c} HAVING count(*) > 1`;
  }, { scan: { counts: false, aggregate: (d) => {
    const c = opts?.where ? `CASE WHEN ${opts.where} THEN ${d.quoteIdent(column)} END` : d.quoteIdent(column);
    return `(count(${c}) - count(DISTINCT ${c}))`;
  } } });
}

export function acceptedValues(column: string, values: readonly (string | number)[], opts?: CheckOptions): SqlCheck {
  return rowCheck(`accepted_values(${column})`, opts, (d) => {
    const c = d.quoteIdent(column);
    const list = values.map((v) => typeof v === 'number' ? String(v) : d.stringLiteral(v)).join(', ');
    return `${c} IS NOT NULL AND ${c} NOT IN (${list})`;
  });
}

/** Every non-null `column` value exists in `field` of the asset `to` (a key). */
export function relationships(column: string, to: AssetKey, field: string, opts?: CheckOptions): SqlCheck {
  const target = parseKey(to);
  return sqlCheck(`relationships(${column})`, opts, (r, d) => {
    const c = d.quoteIdent(column);
    return `SELECT child.* FROM ${r} AS child WHERE child.${c} IS NOT NULL AND NOT EXISTS ` +
      `(SELECT 1 FROM ${d.relation(target.schema, target.name)} AS parent WHERE parent.${d.quoteIdent(field)} = child.${c})`;
  }, { references: [to] });
}

/** Rows where the SQL boolean `expression` is false fail; NULL does not fail, as in dbt. */
export function expressionIsTrue(expression: string, opts?: CheckOptions): SqlCheck {
  return rowCheck(`expression_is_true(${expression})`, opts, () => `NOT (${expression})`);
}

/** Non-null values of `column` must match the regular expression. */
export function matchesPattern(column: string, pattern: string, opts?: CheckOptions): SqlCheck {
  return rowCheck(`matches_pattern(${column})`, opts, (d) => {
    const c = d.quoteIdent(column);
    return `${c} IS NOT NULL AND NOT ${d.regexpContains(`CAST(${c} AS ${d.stringType})`, pattern)}`;
  });
}

/** Non-null values of `column` lie within [min, max] (either bound optional). */
export function valueRange(column: string, range: { min?: number; max?: number }, opts?: CheckOptions): SqlCheck {
  return rowCheck(`value_range(${column})`, opts, (d) => {
    const c = d.quoteIdent(column);
    const tests = [range.min !== undefined && `${c} < ${range.min}`, range.max !== undefined && `${c} > ${range.max}`]
      .filter(Boolean).join(' OR ');
    return `${c} IS NOT NULL AND (${tests || 'false'})`;
  });
}

/** The relation's row count lies within [min, max]. Failing, it counts one failing row: the count. */
export function rowCount(range: { min?: number; max?: number }, opts?: CheckOptions): SqlCheck {
  const outside = (n: string) => [range.min !== undefined && `${n} < ${range.min}`, range.max !== undefined && `${n} > ${range.max}`]
    .filter(Boolean).join(' OR ') || 'false';
  return sqlCheck('row_count', opts, (r) => `SELECT n FROM (SELECT count(*) AS n FROM ${r}) AS counted WHERE ${outside('n')}`, {
    scan: { counts: true, aggregate: (d) => {
      const n = opts?.where ? d.countIf(opts.where) : 'count(*)';
      return `(CASE WHEN ${outside(n)} THEN 1 ELSE 0 END)`;
    } },
  });
}

/** A check written in TypeScript. */
export function customCheck(name: string, run: CustomCheck['run'], opts?: Omit<CheckOptions, 'where' | 'name'>): CustomCheck {
  return { type: 'custom', name, severity: opts?.severity ?? 'error', description: opts?.description, run };
}
