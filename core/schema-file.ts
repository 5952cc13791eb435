/**
 * dbt-style schema files (`schema.yml` beside SQL models): folder defaults
 * under `config`, then per-model description, config, columns and tests.
 * Tests become check definitions from `core/checks.ts`.
 *
 * @example
 * models:
 *   - name: Clients
 *     columns:
 *       - name: id_client
 *         tests: [not_null, unique, { matches_pattern: { pattern: '^C[0-9]{5}$' } }]
 */
import { createRequire } from 'node:module';
import type { Problem } from './errors.ts';
import { didYouMean } from './errors.ts';
import * as checks from './checks.ts';
import type { CheckDefinition, CheckOptions, Severity } from './checks.ts';
import type { ColumnDoc } from './definitions.ts';

export interface ModelConfig {
  readonly schema?: string;
  readonly materialized?: 'view' | 'table';
  readonly group?: string;
  readonly tags?: readonly string[] | Readonly<Record<string, string>>;
  readonly owners?: readonly string[];
  readonly description?: string;
}

export interface ModelSchema {
  readonly name: string;
  readonly description?: string;
  readonly config: ModelConfig;
  readonly columns: readonly ColumnDoc[];
  /** Test specs, resolved to checks once refs can be resolved. */
  readonly tests: readonly TestSpec[];
}

export interface TestSpec {
  readonly column?: string;
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
}

export interface SchemaFile {
  readonly defaults: ModelConfig;
  readonly models: ReadonlyMap<string, ModelSchema>;
}

const TESTS = ['not_null', 'unique', 'accepted_values', 'relationships', 'expression_is_true',
  'matches_pattern', 'value_range', 'row_count'] as const;

function testSpecs(raw: unknown, column: string | undefined, file: string, problems: Problem[]): TestSpec[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push({ file, message: `tests${column ? ` of column ${column}` : ''} must be a list`, fix: 'write `tests:` followed by `- not_null` lines' });
    return [];
  }
  return raw.flatMap((entry): TestSpec[] => {
    const [name, args] = typeof entry === 'string' ? [entry, {}]
      : entry && typeof entry === 'object' && Object.keys(entry).length === 1
        ? [Object.keys(entry)[0]!, (Object.values(entry)[0] ?? {}) as Record<string, unknown>] : [undefined, {}];
    if (!name || !(TESTS as readonly string[]).includes(name)) {
      problems.push({ file, message: `unknown test ${JSON.stringify(name ?? entry)}${column ? ` on column ${column}` : ''}`,
        fix: didYouMean(String(name ?? ''), TESTS) ?? `use one of ${TESTS.join(', ')}` });
      return [];
    }
    return [{ column, name, args }];
  });
}

/** Parses a schema file's text; problems are appended, never thrown. */
export function parseSchemaFile(text: string, file: string, problems: Problem[]): SchemaFile {
  let doc: Record<string, unknown>;
  try {
    const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
    doc = (yaml.parse(text) ?? {}) as Record<string, unknown>;
  } catch (error) {
    problems.push({ file, message: `malformed YAML: ${(error as Error).message.split('\n')[0]}`, fix: 'fix the YAML syntax' });
    return { defaults: {}, models: new Map() };
  }
  const models = new Map<string, ModelSchema>();
  for (const raw of (doc.models ?? []) as Array<Record<string, unknown>>) {
    const name = String(raw?.name ?? '');
    if (!name) {
      problems.push({ file, message: 'a model entry has no name', fix: 'add `name: <ModelName>`' });
      continue;
    }
    const columns: ColumnDoc[] = [];
    const tests = testSpecs(raw.tests ?? raw.data_tests, undefined, file, problems);
    for (const col of (raw.columns ?? []) as Array<Record<string, unknown>>) {
      const colName = String(col.name);
      columns.push({ name: colName, description: col.description as string | undefined, type: col.data_type as string | undefined });
      tests.push(...testSpecs(col.tests ?? col.data_tests, colName, file, problems));
    }
    models.set(name, {
      name, description: raw.description as string | undefined,
      config: (raw.config ?? {}) as ModelConfig, columns, tests,
    });
  }
  return { defaults: (doc.config ?? {}) as ModelConfig, models };
}

/** Turns a test spec into a check; `resolveRef` resolves `ref('X')` in `relationships.to` to an asset key. */
export function buildCheck(spec: TestSpec, resolveRef: (expr: string) => string | undefined): CheckDefinition | Problem {
  const { config, ...args } = spec.args as Record<string, unknown> & { config?: { severity?: string; where?: string } };
  const severity = (config?.severity ?? args.severity ?? 'error') as string;
  if (severity !== 'error' && severity !== 'warn') {
    return { message: `test ${spec.name} has severity '${severity}'`, fix: "use severity 'error' or 'warn'" };
  }
  const opts: CheckOptions = { severity: severity as Severity, where: config?.where };
  const column = spec.column;
  const needColumn = (): Problem => ({ message: `test ${spec.name} needs a column`, fix: `move it under a column's tests` });
  switch (spec.name) {
    case 'not_null': return column ? checks.notNull(column, opts) : needColumn();
    case 'unique': return column ? checks.unique(column, opts) : needColumn();
    case 'accepted_values':
      if (!column) return needColumn();
      if (!Array.isArray(args.values)) return { message: `accepted_values on ${column} has no values list`, fix: 'add `values: [a, b]`' };
      return checks.acceptedValues(column, args.values as (string | number)[], opts);
    case 'relationships': {
      if (!column) return needColumn();
      const to = resolveRef(String(args.to ?? ''));
      if (!to) return { message: `relationships on ${column}: cannot resolve to: ${String(args.to)}`, fix: "write to: \"ref('Model')\" naming an existing model" };
      return checks.relationships(column, to, String(args.field ?? column), opts);
    }
    case 'expression_is_true':
      if (typeof args.expression !== 'string') return { message: 'expression_is_true needs `expression:`', fix: 'add expression: "a >= b"' };
      return checks.expressionIsTrue(column ? `${column} ${args.expression}` : args.expression, opts);
    case 'matches_pattern':
      if (!column) return needColumn();
      if (typeof args.pattern !== 'string') return { message: `matches_pattern on ${column} needs \`pattern:\``, fix: "add pattern: '^C[0-9]{5}$'" };
      return checks.matchesPattern(column, args.pattern, opts);
    case 'value_range':
      if (!column) return needColumn();
      return checks.valueRange(column, { min: args.min as number | undefined, max: args.max as number | undefined }, opts);
    default:
      return checks.rowCount({ min: args.min as number | undefined, max: args.max as number | undefined }, opts);
  }
}
