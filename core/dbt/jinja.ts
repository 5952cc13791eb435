/**
 * The names a dbt model's Jinja sees besides ref/source/config: `var()`,
 * `env_var()`, `target`, `is_incremental()`, `{{ this }}`, the project's
 * macros, and stand-ins for what we do not support (`adapter`, `run_query`,
 * package macros) that stop rendering with a message naming the construct.
 *
 * @example
 * const names = dbtGlobals({ vars: { start: '2024-01-01' }, env: process.env, target, self: '"main"."x"', packageRefs });
 * renderTemplate(text, file, { dialect, resolveRef, resolveSource, globals: names });
 */
import fs from 'node:fs';
import path from 'node:path';

export interface DbtTarget {
  readonly name: string;
  readonly schema: string;
  readonly type: string;
  readonly database: string;
  /** dbt-bigquery's names for `database` and `schema`. */
  readonly project?: string;
  readonly dataset?: string;
}

export interface DbtGlobalsInput {
  readonly vars: Readonly<Record<string, unknown>>;
  readonly env: NodeJS.ProcessEnv;
  readonly target: DbtTarget;
  /** The model's own relation, quoted: `{{ this }}`. */
  readonly self: string;
  /** dbt source name -> schema. */
  readonly sourceSchemas: ReadonlyMap<string, string>;
  /** `ref('package', 'model')` calls are recorded here. */
  readonly packageRefs: string[];
}

/** Marks an error thrown by a stand-in: the loader reports the construct it names. */
export const UNSUPPORTED = 'unsupported dbt construct: ';

const STAND_INS = ['adapter', 'run_query', 'statement', 'load_result', 'graph', 'exceptions', 'dbt_utils', 'dbt_expectations', 'dbt', 'execute_macro'];

function unsupported(name: string): unknown {
  const fail = (member?: string) => { throw new Error(`${UNSUPPORTED}${member ? `${name}.${member}` : name}`); };
  return new Proxy(() => fail(), {
    get: (_t, member) => (typeof member === 'string' && member !== 'then' ? () => fail(member) : undefined),
    apply: () => fail(),
  });
}

/** The globals for one model: call with the template's built-ins (ref, source) to wrap them. */
export function dbtGlobals(input: DbtGlobalsInput) {
  return (builtins: Readonly<Record<string, unknown>>): Record<string, unknown> => {
    const ref = builtins.ref as (name: string) => string;
    const source = builtins.source as (schema: string, table: string) => string;
    const names: Record<string, unknown> = {
      ref(first: string, second?: string) {
        if (second === undefined) return ref(first);
        input.packageRefs.push(`ref('${first}', '${second}')`);
        return second;
      },
      source: (name: string, table: string) => source(input.sourceSchemas.get(name) ?? name, table),
      var(name: string, fallback?: unknown) {
        if (name in input.vars) return input.vars[name];
        if (fallback !== undefined) return fallback;
        throw new Error(`var('${name}') is not defined in dbt_project.yml \`vars:\` and has no default`);
      },
      env_var(name: string, fallback?: unknown) {
        const value = input.env[name] ?? fallback;
        if (value === undefined) throw new Error(`env_var('${name}') is not set and has no default`);
        return value;
      },
      target: input.target,
      this: input.self,
      // Incremental models are rebuilt whole (dbt's --full-refresh): the same rows, never a partial result.
      is_incremental: () => false,
      return: (value: unknown) => value,
    };
    for (const name of STAND_INS) names[name] = unsupported(name);
    return names;
  };
}

export interface DbtMacros {
  /** `{% macro %}` definitions, put before each model's text. */
  readonly prelude: string;
  /** Lines the prelude adds, to give a model's errors its own line numbers. */
  readonly lines: number;
  /** Custom generic tests: `{% test name(model, column_name) %}body{% endtest %}`. */
  readonly tests: ReadonlyMap<string, GenericTest>;
}

export interface GenericTest {
  readonly name: string;
  readonly params: readonly string[];
  readonly body: string;
  readonly file: string;
}

const TEST_BLOCK = /{%-?\s*test\s+(\w+)\s*\(([^)]*)\)\s*-?%}([\s\S]*?){%-?\s*endtest\s*-?%}/g;

function sqlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.sql')).sort().map((f) => path.join(dir, f));
}

/** Reads the macros of `macroPaths`; generic test blocks are taken out of the prelude. */
export function readMacros(dbtDir: string, macroPaths: readonly string[], shownFrom: string): DbtMacros {
  const parts: string[] = [];
  const tests = new Map<string, GenericTest>();
  for (const macroPath of macroPaths) {
    for (const file of sqlFiles(path.join(dbtDir, macroPath))) {
      const text = fs.readFileSync(file, 'utf8').replace(TEST_BLOCK, (_all, name: string, params: string, body: string) => {
        tests.set(name, { name, params: params.split(',').map((p) => p.trim().split('=')[0]!.trim()).filter(Boolean), body, file: path.relative(shownFrom, file) });
        return '';
      });
      parts.push(text);
    }
  }
  // The prelude renders to whitespace only, which the rendered SQL is trimmed of.
  const prelude = parts.join('\n');
  const text = prelude ? `${prelude}\n` : '';
  return { prelude: text, lines: text.split('\n').length - 1, tests };
}
