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
import { Fields, type FieldPath } from './fields.ts';
import { isValidIdentifier } from './keys.ts';
import { readAutomation, readFreshness, type AutomationCondition, type FreshnessPolicy } from './ops/policies.ts';

/** A model's configuration, from its folder's schema file, its own entry, or its `config()` header; normalised. */
export interface ModelConfig {
  readonly schema?: string;
  readonly materialized?: 'view' | 'table';
  readonly group?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly owners?: readonly string[];
  readonly description?: string;
  readonly automation?: readonly AutomationCondition[];
  readonly freshness?: FreshnessPolicy;
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
  /** Where the test is written, for problems found when it is resolved. */
  readonly line?: number;
}

export interface SchemaFile {
  readonly defaults: ModelConfig;
  readonly models: ReadonlyMap<string, ModelSchema>;
}

export const TESTS = ['not_null', 'unique', 'accepted_values', 'relationships', 'expression_is_true',
  'matches_pattern', 'value_range', 'row_count'] as const;

const CONFIG_FIELDS = ['schema', 'materialized', 'group', 'tags', 'owners', 'description', 'automation', 'freshness'] as const;
const MODEL_FIELDS = ['name', 'description', 'config', 'columns', 'tests', 'data_tests'] as const;
const COLUMN_FIELDS = ['name', 'description', 'data_type', 'tests', 'data_tests'] as const;

/** Reads a model configuration (`config:` of a schema file, or a `config()` header); problems go to `fields`. */
export function modelConfig(raw: unknown, fields: Fields, path: FieldPath): ModelConfig {
  const config = fields.record(raw, path);
  if (!config) return {};
  fields.knownKeys(config, path, CONFIG_FIELDS);
  let schema = fields.string(config.schema, [...path, 'schema']);
  if (schema !== undefined && !isValidIdentifier(schema)) {
    schema = fields.problem([...path, 'schema'], `'${schema}' is not a valid schema name`, 'use letters, digits and underscores, starting with a letter');
  }
  const defined = {
    schema,
    materialized: fields.oneOf(config.materialized, [...path, 'materialized'], ['view', 'table'] as const),
    group: fields.string(config.group, [...path, 'group']),
    tags: fields.tags(config.tags, [...path, 'tags']),
    owners: fields.names(config.owners, [...path, 'owners']),
    description: fields.string(config.description, [...path, 'description']),
    automation: readAutomation(fields, config.automation, [...path, 'automation']),
    freshness: readFreshness(fields, config.freshness, [...path, 'freshness']),
  };
  return Object.fromEntries(Object.entries(defined).filter(([, v]) => v !== undefined)) as ModelConfig;
}

function testSpecs(raw: unknown, column: string | undefined, fields: Fields, path: FieldPath): TestSpec[] {
  const list = fields.list(raw, path);
  if (!list) return [];
  return list.flatMap((entry, i): TestSpec[] => {
    const at = [...path, i];
    const line = fields.site.lineOf?.(at);
    const [name, args] = typeof entry === 'string' ? [entry, {}]
      : entry && typeof entry === 'object' && !Array.isArray(entry) && Object.keys(entry).length === 1
        ? [Object.keys(entry)[0]!, Object.values(entry)[0] ?? {}] : [undefined, {}];
    if (!name || !(TESTS as readonly string[]).includes(name)) {
      fields.problem(at, `unknown test ${JSON.stringify(name ?? entry)}${column ? ` on column ${column}` : ''}`,
        didYouMean(String(name ?? ''), TESTS) ?? `use one of ${TESTS.join(', ')}`);
      return [];
    }
    const argsRecord = fields.record(args, [...at, name]);
    if (args !== null && args !== undefined && !argsRecord) return [];
    return [{ column, name, args: argsRecord ?? {}, line }];
  });
}

/** The line of the node at `path` in a YAML document (or of its nearest parent that exists). */
function yamlLines(doc: import('yaml').Document, counter: import('yaml').LineCounter) {
  return (path: FieldPath): number | undefined => {
    for (let p = path; ; p = p.slice(0, -1)) {
      const node = (p.length ? doc.getIn(p, true) : doc.contents) as { range?: [number, number, number] } | null | undefined;
      if (node?.range) return counter.linePos(node.range[0]).line;
      if (!p.length) return undefined;
    }
  };
}

/** Parses a schema file's text; problems are appended, never thrown. */
export function parseSchemaFile(text: string, file: string, problems: Problem[]): SchemaFile {
  const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const counter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const empty: SchemaFile = { defaults: {}, models: new Map() };
  if (doc.errors.length) {
    const [error] = doc.errors;
    problems.push({ file, line: error!.linePos?.[0].line, message: `malformed YAML: ${error!.message.split('\n')[0]}`, fix: 'fix the YAML syntax' });
    return empty;
  }
  const fields = new Fields({ file, lineOf: yamlLines(doc, counter) }, problems);
  const top = fields.record(doc.toJS() ?? {}, []);
  if (!top) return empty;
  fields.knownKeys(top, [], ['version', 'config', 'models']);
  const models = new Map<string, ModelSchema>();
  (fields.list(top.models, ['models']) ?? []).forEach((entry, i) => {
    const at = ['models', i];
    const raw = fields.record(entry, at);
    if (!raw) return;
    const name = fields.string(raw.name, [...at, 'name']);
    if (!name) {
      if (raw.name === undefined) fields.problem(at, 'a model entry has no name', 'add `name: <ModelName>`');
      return;
    }
    const model = fields.forAsset(name);
    model.knownKeys(raw, at, MODEL_FIELDS);
    const testsKey = raw.data_tests === undefined ? 'tests' : 'data_tests';
    const tests = testSpecs(raw[testsKey], undefined, model, [...at, testsKey]);
    const columns: ColumnDoc[] = [];
    (model.list(raw.columns, [...at, 'columns']) ?? []).forEach((entry, j) => {
      const colAt = [...at, 'columns', j];
      const col = model.record(entry, colAt);
      const colName = col && model.string(col.name, [...colAt, 'name']);
      if (!col || !colName) {
        if (col && col.name === undefined) model.problem(colAt, 'a column entry has no name', 'add `name: <column>`');
        return;
      }
      model.knownKeys(col, colAt, COLUMN_FIELDS);
      columns.push({ name: colName, description: model.string(col.description, [...colAt, 'description']),
        type: model.string(col.data_type, [...colAt, 'data_type']) });
      const colTests = col.data_tests === undefined ? 'tests' : 'data_tests';
      tests.push(...testSpecs(col[colTests], colName, model, [...colAt, colTests]));
    });
    models.set(name, { name, description: model.string(raw.description, [...at, 'description']),
      config: modelConfig(raw.config, model, [...at, 'config']), columns, tests });
  });
  return { defaults: modelConfig(top.config, fields, ['config']), models };
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
    case 'row_count':
      return checks.rowCount({ min: args.min as number | undefined, max: args.max as number | undefined }, opts);
    default:
      return { message: `unknown test '${spec.name}'`, fix: didYouMean(spec.name, TESTS) ?? `use one of ${TESTS.join(', ')}` };
  }
}
