/**
 * A dbt project's property files (any `.yml` under its model paths): model
 * descriptions, columns and tests, and `sources:` (database, schema,
 * tables). dbt's package-prefixed tests (`dbt_utils.expression_is_true`) map
 * to our own when we have them; other package tests are reported.
 *
 * @example
 * const props = readProperties(project, 'models', problems);
 * props.models.get('Clients')?.tests // [{ column: 'id_client', name: 'unique', args: {} }]
 * props.sources // [{ name: 'google_drive', schema: 'google_drive', tables: ['t'] }]
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Problem } from '../errors.ts';
import type { ColumnDoc } from '../definitions.ts';
import type { TestSpec } from '../schema-file.ts';
import { parseYaml } from './project-file.ts';

export interface DbtModelProperties {
  readonly name: string;
  readonly file: string;
  readonly description?: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly columns: readonly ColumnDoc[];
  readonly tests: readonly TestSpec[];
}

export interface DbtSource {
  readonly name: string;
  readonly schema: string;
  readonly database?: string;
  readonly file: string;
  readonly tables: readonly { readonly name: string; readonly identifier: string; readonly description?: string }[];
}

export interface DbtProperties {
  readonly models: ReadonlyMap<string, DbtModelProperties>;
  readonly sources: readonly DbtSource[];
}

/** Tests of packages that are ours too: same name, same meaning. */
const PACKAGE_TESTS: Readonly<Record<string, string>> = {
  'dbt_utils.expression_is_true': 'expression_is_true',
  'dbt_utils.accepted_range': 'value_range',
  'dbt_expectations.expect_column_values_to_match_regex': 'matches_pattern',
  'dbt_expectations.expect_column_values_to_be_of_type': 'column_type',
};

function record(raw: unknown): Record<string, unknown> | undefined {
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? raw as Record<string, unknown> : undefined;
}

function listYaml(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
}

/** One entry of a `tests:` list: `unique`, `{ accepted_values: { values: [...] } }`, or `{ name: x, test_name: y }`. */
function testSpec(entry: unknown, column: string | undefined, file: string, problems: Problem[], asset: string): TestSpec | undefined {
  const one = record(entry);
  const [rawName, rawArgs] = typeof entry === 'string' ? [entry, {}]
    : one && Object.keys(one).length === 1 ? [Object.keys(one)[0]!, Object.values(one)[0] ?? {}] : [undefined, {}];
  if (!rawName) {
    problems.push({ file, asset, message: `a test is not a name or { name: arguments }: ${JSON.stringify(entry)}`, fix: 'write `- unique` or `- accepted_values: { values: [a, b] }`' });
    return undefined;
  }
  let name = PACKAGE_TESTS[rawName] ?? rawName;
  const args = { ...record(rawArgs) } as Record<string, unknown>;
  // dbt 1.10 puts a test's arguments under `arguments:`.
  if (record(args.arguments)) Object.assign(args, args.arguments), delete args.arguments;
  if (name === 'value_range') args.min ??= args.min_value, args.max ??= args.max_value;
  if (name === 'matches_pattern') args.pattern ??= args.regex;
  if (name.includes('.')) {
    problems.push({ file, asset, message: `test '${rawName}' comes from package '${name.split('.')[0]}': packages are not supported yet`,
      fix: `write it as a generic test in macros/ ({% test ${name.split('.').pop()}(model, column_name) %}) or a singular test in tests/` });
    return undefined;
  }
  return { column, name, args };
}

function tests(raw: unknown, column: string | undefined, file: string, problems: Problem[], asset: string): TestSpec[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry) => testSpec(entry, column, file, problems, asset) ?? []);
}

function readModels(list: unknown, file: string, problems: Problem[], into: Map<string, DbtModelProperties>): void {
  for (const entry of Array.isArray(list) ? list : []) {
    const model = record(entry);
    if (!model || typeof model.name !== 'string') {
      problems.push({ file, message: 'a model entry has no name', fix: 'add `name: <model>`' });
      continue;
    }
    const name = model.name;
    const columns: ColumnDoc[] = [];
    const specs = tests(model.data_tests ?? model.tests, undefined, file, problems, name);
    for (const c of Array.isArray(model.columns) ? model.columns : []) {
      const col = record(c);
      if (!col || typeof col.name !== 'string') continue;
      columns.push({ name: col.name, description: typeof col.description === 'string' ? col.description : undefined,
        type: typeof col.data_type === 'string' ? col.data_type : undefined });
      specs.push(...tests(col.data_tests ?? col.tests, col.name, file, problems, name));
    }
    into.set(name, { name, file, description: typeof model.description === 'string' ? model.description : undefined,
      config: record(model.config) ?? {}, columns, tests: specs });
  }
}

function readSources(list: unknown, file: string, problems: Problem[], into: DbtSource[]): void {
  for (const entry of Array.isArray(list) ? list : []) {
    const source = record(entry);
    if (!source || typeof source.name !== 'string') {
      problems.push({ file, message: 'a source entry has no name', fix: 'add `name: <source>`' });
      continue;
    }
    const tables = (Array.isArray(source.tables) ? source.tables : []).flatMap((t) => {
      const table = record(t);
      if (!table || typeof table.name !== 'string') return [];
      return [{ name: table.name, identifier: typeof table.identifier === 'string' ? table.identifier : table.name,
        description: typeof table.description === 'string' ? table.description : undefined }];
    });
    into.push({ name: source.name, schema: typeof source.schema === 'string' ? source.schema : source.name,
      database: typeof source.database === 'string' ? source.database : undefined, file, tables });
  }
}

/** Reads every property file under `modelPath` (relative to the dbt project; files shown relative to `shownFrom`). */
export function readProperties(dbtDir: string, modelPaths: readonly string[], shownFrom: string, problems: Problem[]): DbtProperties {
  const models = new Map<string, DbtModelProperties>();
  const sources: DbtSource[] = [];
  for (const modelPath of modelPaths) {
    for (const absolute of listYaml(path.join(dbtDir, modelPath))) {
      const file = path.relative(shownFrom, absolute);
      const top = record(parseYaml(fs.readFileSync(absolute, 'utf8'), file, problems));
      if (!top) continue;
      readModels(top.models, file, problems, models);
      readSources(top.sources, file, problems, sources);
    }
  }
  return { models, sources };
}
