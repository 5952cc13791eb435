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
import type { CheckDefinition } from '../checks.ts';
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

/** `(expr)` as `expr` when the outer parentheses enclose it all. */
function unwrapped(expr: string): string {
  const t = expr.trim();
  if (!t.startsWith('(') || !t.endsWith(')')) return t;
  let depth = 0;
  for (let i = 0; i < t.length - 1; i++) {
    if (t[i] === '(') depth++;
    else if (t[i] === ')' && --depth === 0) return t;
  }
  return t.slice(1, -1).trim();
}

/** The text compared for "does the translation differ": spacing and keyword case aside (string literals kept). */
function normal(expr: string): string {
  return unwrapped(expr).replace(/\s+/g, ' ').split(/('(?:[^'\\]|\\.)*')/).map((part, i) => (i % 2 ? part : part.toUpperCase())).join('');
}

/** Whether a translation reads otherwise than what was written: parentheses around it all, spacing and keyword case aside. */
export function differs(written: string, translated: string): boolean {
  return normal(written) !== normal(translated);
}

/**
 * A translated test's check as the user wrote it: named with the expression
 * of the schema file (not the translation), and the SQL that runs in its
 * description where it differs from what was written.
 *
 * @example
 * writtenAs(check, raw, translated, 'duckdb')
 * // name: 'expression_is_true(REGEXP_CONTAINS(a, r"x"))', description: "runs on duckdb as: REGEXP_MATCHES(a, 'x')"
 */
export function writtenAs(check: CheckDefinition, raw: TestSpec, translated: TestSpec, engine: string): CheckDefinition {
  const sql = (spec: TestSpec) => {
    const args = spec.args as { expression?: unknown; config?: { where?: unknown } };
    return { expression: typeof args.expression === 'string' ? args.expression : undefined, where: typeof args.config?.where === 'string' ? args.config.where : undefined };
  };
  const [written, runs] = [sql(raw), sql(translated)];
  const name = written.expression !== undefined && runs.expression !== undefined ? check.name.replace(runs.expression, written.expression) : check.name;
  const shown = (['expression', 'where'] as const).filter((k) => written[k] !== undefined && differs(written[k]!, runs[k]!))
    .map((k) => `${k === 'where' ? 'where ' : ''}${unwrapped(runs[k]!)}`);
  const description = [check.description, shown.length ? `runs on ${engine} as: ${shown.join('; ')}` : undefined].filter(Boolean).join('; ');
  return { ...check, name, ...(description ? { description } : {}) };
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
