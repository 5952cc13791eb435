/**
 * A project's own generic tests (`{% test name(model, column_name) %}` in
 * macros/) as SQL checks: the test's query returns the failing rows. It is
 * rendered once when the project loads (so its errors are project errors)
 * with a stand-in for the model, replaced by the staged relation when run.
 *
 * @example
 * // macros/positive.sql: {% test positive(model, column_name) %} select * from {{ model }} where {{ column_name }} <= 0 {% endtest %}
 * genericTestCheck(tests.get('positive'), { column: 'budget', name: 'positive', args: {} }, { macros, dialect })
 */
import type { Problem } from '../errors.ts';
import type { SqlCheck } from '../checks.ts';
import type { TestSpec } from '../schema-file.ts';
import type { Dialect } from '../warehouse/dialects.ts';
import { renderTemplate } from '../template.ts';
import type { DbtMacros, GenericTest } from './jinja.ts';
import type { Translation } from './transpile.ts';
import { differs } from './translated.ts';

const MODEL_TOKEN = '__trellis_dbt_model__';

/** The check for one use of a generic test, or a problem naming the test's file. */
export function genericTestCheck(test: GenericTest, spec: TestSpec, context: { readonly macros: DbtMacros; readonly dialect: Dialect; readonly translate?: (sql: string) => Translation }): SqlCheck | Problem {
  const { config, ...args } = spec.args as Record<string, unknown> & { config?: { severity?: string; where?: string } };
  const severity = config?.severity ?? 'error';
  if (severity !== 'error' && severity !== 'warn') return { message: `test ${spec.name} has severity '${severity}'`, fix: "use severity 'error' or 'warn'" };
  let sql: string;
  try {
    sql = renderTemplate(context.macros.prelude + test.body, test.file, {
      dialect: context.dialect, resolveRef: () => undefined, resolveSource: () => undefined,
      globals: () => ({ model: MODEL_TOKEN, column_name: spec.column, ...args }),
    }).sql;
  } catch (error) {
    return { message: `generic test ${spec.name} (${test.file}) cannot render: ${(error as Error).message}`, fix: `fix the {% test ${spec.name} %} block or its arguments` };
  }
  const translated = context.translate?.(sql) ?? { sql };
  if (translated.sql === undefined) return { message: `generic test ${spec.name} (${test.file}) is not transpiled: ${translated.refused}`, fix: 'rewrite its SQL so that it runs on both warehouses' };
  const rewritten = differs(sql, translated.sql);
  sql = translated.sql;
  const where = config?.where;
  return {
    type: 'sql', name: spec.column ? `${spec.name}(${spec.column})` : spec.name, severity,
    description: `dbt generic test ${spec.name} from ${test.file}${rewritten ? '; its query translated' : ''}`,
    failingRows: (relation) => sql.replaceAll(MODEL_TOKEN, where ? `(SELECT * FROM ${relation} WHERE ${where})` : relation),
  };
}
