/**
 * Renders SQL models written with Jinja syntax (nunjucks), as dbt users write
 * them: `{{ ref('Clients') }}`, `{{ source('google_drive', 't') }}`,
 * `{{ config(materialized='table') }}`, `{{ logical_date() }}` and the
 * dialect's macros. Rendering records refs and config instead of failing, so
 * that the loader can report every problem at once.
 *
 * @example
 * const r = renderTemplate("select * from {{ ref('Clients') }}", 'sql/x.sql', { dialect, resolveRef });
 * r.sql // select * from "carttrend_clean"."Clients"
 */
import { createRequire } from 'node:module';
import type { Environment } from 'nunjucks';
import type { Dialect } from './warehouse/dialects.ts';

/** Stands for the run's logical date in rendered SQL; replaced at execution (see `bindLogicalDate`). */
export const LOGICAL_DATE_TOKEN = '__trellis_logical_date__';

export interface TemplateResolver {
  readonly dialect: Dialect;
  /** The quoted relation for `ref(name)`, or undefined when no asset has that name. */
  resolveRef(name: string): string | undefined;
  /** The quoted relation for `source(schema, table)`, or undefined. */
  resolveSource(schema: string, table: string): string | undefined;
  /** More names for the template (a dbt project's `var`, `target`, macros), given the built-in ones to wrap. */
  globals?(builtins: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>>;
}

export interface RenderResult {
  readonly sql: string;
  readonly refs: readonly string[];
  readonly sources: readonly (readonly [string, string])[];
  readonly unresolved: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
}

let environment: Environment | undefined;

/** nunjucks is loaded on first render: unchanged projects are served from the model cache without it. */
function templates(): Environment {
  const nunjucks = createRequire(import.meta.url)('nunjucks') as typeof import('nunjucks');
  return (environment ??= new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true }));
}

/** Renders `text`; throws an Error carrying the template's line on syntax errors. */
export function renderTemplate(text: string, file: string, resolver: TemplateResolver): RenderResult {
  const refs: string[] = [];
  const sources: Array<readonly [string, string]> = [];
  const unresolved: string[] = [];
  const config: Record<string, unknown> = {};
  const { dialect } = resolver;
  const context: Record<string, unknown> = {
    dialect: dialect.name,
    ref(name: string) {
      refs.push(name);
      const relation = resolver.resolveRef(name);
      if (relation === undefined) unresolved.push(`ref('${name}')`);
      return relation ?? dialect.quoteIdent(name);
    },
    source(schema: string, table: string) {
      sources.push([schema, table]);
      const relation = resolver.resolveSource(schema, table);
      if (relation === undefined) unresolved.push(`source('${schema}', '${table}')`);
      return relation ?? dialect.relation(schema, table);
    },
    config(...args: unknown[]) {
      for (const arg of args) {
        if (arg && typeof arg === 'object') {
          for (const [k, v] of Object.entries(arg)) if (k !== '__keywords') config[k] = v;
        }
      }
      return '';
    },
    logical_date: () => dialect.dateLiteral(LOGICAL_DATE_TOKEN),
  };
  for (const [name, macro] of Object.entries(dialect.macros)) {
    context[name] = (...args: unknown[]) => macro(...args.map(String));
  }
  if (resolver.globals) Object.assign(context, resolver.globals({ ...context }));
  let sql: string;
  try {
    sql = templates().renderString(text, context);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(message.replace(/^\(unknown path\)\s*/, '').replace(/\s+/g, ' ').trim(), { cause: error });
  }
  return { sql: sql.trim(), refs, sources, unresolved, config };
}

/** Replaces the logical-date token by the run's date (`YYYY-MM-DD`). */
export function bindLogicalDate(sql: string, logicalDate: string): string {
  return sql.replaceAll(LOGICAL_DATE_TOKEN, logicalDate);
}
