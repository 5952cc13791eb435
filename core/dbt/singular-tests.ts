/**
 * dbt singular tests: each `.sql` under the test paths is a query returning
 * failing rows. It becomes a check of the first model it refs (run against
 * that model's staged relation); the other models it reads are references.
 *
 * @example
 * // tests/no_future_orders.sql: select * from {{ ref('Commandes') }} where date_commande > current_date
 * singularTests(project, { ... }).get('main.Commandes') // [SqlCheck no_future_orders]
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Problem } from '../errors.ts';
import type { SqlCheck } from '../checks.ts';
import type { Dialect } from '../warehouse/dialects.ts';
import { parseKey } from '../keys.ts';
import type { RenderResult } from '../template.ts';
import type { DbtMacros } from './jinja.ts';
import type { Translation } from './transpile.ts';
import type { DbtProject } from './project-file.ts';
import { renderProblem } from './load.ts';
import { differs } from './translated.ts';

export interface SingularTestContext {
  readonly root: string;
  readonly macros: DbtMacros;
  readonly dialect: Dialect;
  /** Model and seed name -> asset key. */
  readonly byName: ReadonlyMap<string, string>;
  readonly problems: Problem[];
  readonly translate?: (sql: string) => Translation;
  render(text: string, file: string): RenderResult;
}

/** The checks of the singular tests, by the asset key they attach to. */
export function singularTests(project: DbtProject, context: SingularTestContext): Map<string, SqlCheck[]> {
  const out = new Map<string, SqlCheck[]>();
  for (const testPath of project.testPaths) {
    const dir = path.join(project.dir, testPath);
    if (!fs.existsSync(dir)) continue;
    for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.sql')).sort()) {
      const file = path.relative(context.root, path.join(dir, rel));
      let rendered: RenderResult;
      try {
        rendered = context.render(fs.readFileSync(path.join(dir, rel), 'utf8'), file);
      } catch (error) {
        context.problems.push(renderProblem(error as Error, file, undefined, context.macros));
        continue;
      }
      for (const ref of rendered.unresolved) context.problems.push({ file, message: `${ref} names no model or seed`, fix: 'fix the name' });
      const keys = rendered.refs.map((r) => context.byName.get(r)).filter((k): k is string => k !== undefined);
      if (!keys.length) {
        context.problems.push({ file, message: 'a singular test that refs no model has nothing to attach to', fix: "select from {{ ref('model') }}" });
        continue;
      }
      const translated = context.translate?.(rendered.sql) ?? { sql: rendered.sql };
      if (translated.sql === undefined) {
        context.problems.push({ file, message: `not transpiled: ${translated.refused}`, fix: 'rewrite the test so that it runs on both warehouses' });
        continue;
      }
      const sql = translated.sql;
      const [key, ...others] = keys as [string, ...string[]];
      const own = parseKey(key);
      const published = context.dialect.relation(own.schema, own.name);
      const config = rendered.config as { severity?: string };
      out.set(key, [...(out.get(key) ?? []), {
        type: 'sql', name: path.basename(rel, '.sql'), severity: config.severity === 'warn' ? 'warn' : 'error',
        description: `dbt singular test ${file}${differs(rendered.sql, sql) ? `; its query translated for ${context.dialect.name}` : ''}`, references: [...new Set(others)].filter((k) => k !== key),
        failingRows: (relation) => sql.replaceAll(published, relation),
      }]);
    }
  }
  return out;
}
