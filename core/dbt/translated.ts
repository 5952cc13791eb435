/**
 * What translation leaves of a dbt model or test: test expressions and
 * `where` filters translated like model SQL, and models that could not be
 * translated kept in the graph (lineage, docs) but failing with the reason
 * if run on the warehouse that cannot read them.
 *
 * @example
 * translateSpec({ name: 'expression_is_true', args: { expression: 'REGEXP_CONTAINS(a, r"x")' } }, t.translate)
 * // args.expression: "REGEXP_MATCHES(a, 'x')"
 */
import type { TestSpec } from '../schema-file.ts';
import type { AssetContext } from '../definitions.ts';
import type { Translation } from './transpile.ts';

const FRAME = 'SELECT * FROM t WHERE ';

/** A condition translated alone: framed in a query, then cut out of it. */
function condition(expr: string, translate: (sql: string) => Translation): string {
  const out = translate(`${FRAME}(${expr})`).sql;
  return out?.startsWith(FRAME) ? out.slice(FRAME.length) : expr;
}

/** The spec with its SQL arguments (`expression`, `config.where`) translated. */
export function translateSpec(spec: TestSpec, translate: (sql: string) => Translation): TestSpec {
  const args = { ...spec.args } as Record<string, unknown>;
  if (typeof args.expression === 'string') args.expression = condition(args.expression, translate);
  const config = args.config as { where?: unknown } | undefined;
  if (config && typeof config.where === 'string') args.config = { ...config, where: condition(config.where, translate) };
  return { ...spec, args };
}

/** The materialize function of a model left untranslated: it fails with the reason and the fix. */
export function notTranspiled(reason: string): { materialize(ctx: AssetContext): Promise<void> } {
  return {
    async materialize(ctx) {
      throw Object.assign(new Error(`${ctx.key} is written for BigQuery and was not transpiled: ${reason}`),
        { fix: 'run this project on BigQuery (warehouse: { type: bigquery }), or rewrite the model in SQL both accept' });
    },
  };
}
