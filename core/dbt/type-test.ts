/**
 * dbt_expectations' `expect_column_values_to_be_of_type` as a check: the
 * column's type, read from the warehouse, must be of the named type's family
 * (BigQuery `int64` is DuckDB `BIGINT`, `string` is `VARCHAR`, ...).
 *
 * @example
 * // columns: - name: date_commande
 * //            tests: [{ dbt_expectations.expect_column_values_to_be_of_type: { column_type: date } }]
 * columnTypeCheck('date_commande', 'date', { severity: 'error' })
 */
import type { CheckOptions, CustomCheck, CustomCheckContext } from '../checks.ts';

const FAMILIES: Readonly<Record<string, string>> = {
  date: 'date', datetime: 'timestamp', timestamp: 'timestamp', 'timestamp with time zone': 'timestamp',
  int64: 'integer', int: 'integer', integer: 'integer', bigint: 'integer', smallint: 'integer', tinyint: 'integer', hugeint: 'integer',
  float64: 'float', float: 'float', double: 'float', real: 'float',
  numeric: 'decimal', bignumeric: 'decimal', decimal: 'decimal',
  string: 'string', varchar: 'string', text: 'string',
  bool: 'boolean', boolean: 'boolean', bytes: 'bytes', blob: 'bytes', time: 'time',
};

function family(type: string): string {
  const base = type.toLowerCase().replace(/\(.*\)$/, '').trim();
  return FAMILIES[base] ?? base;
}

async function columnType(ctx: CustomCheckContext, column: string): Promise<string | undefined> {
  if (ctx.dialect.name === 'duckdb') {
    const rows = await ctx.warehouse.query(`DESCRIBE SELECT ${ctx.dialect.quoteIdent(column)} FROM ${ctx.relation}`);
    return rows[0]?.column_type as string | undefined;
  }
  // BigQuery: `dataset.table` in one pair of backticks.
  const name = ctx.relation.replace(/`/g, '');
  const dot = name.lastIndexOf('.');
  const rows = await ctx.warehouse.query(`SELECT data_type FROM \`${name.slice(0, dot)}\`.INFORMATION_SCHEMA.COLUMNS WHERE table_name = '${name.slice(dot + 1)}' AND column_name = '${column}'`);
  return rows[0]?.data_type as string | undefined;
}

/** The check that `column` is of `expected`'s type family. */
export function columnTypeCheck(column: string, expected: string, opts: CheckOptions): CustomCheck {
  return {
    type: 'custom', name: `expect_column_values_to_be_of_type(${column}, ${expected})`, severity: opts.severity ?? 'error',
    async run(ctx) {
      const actual = await columnType(ctx, column);
      if (actual === undefined) return { passed: false, message: `${ctx.key} has no column ${column}` };
      const passed = family(actual) === family(expected);
      return { passed, message: passed ? undefined : `${column} is ${actual}, not ${expected}`, metadata: { type: actual } };
    },
  };
}
