/**
 * Loads SQL models from `sql/**\/*.sql` with their folder's `schema.yml`.
 * Each file is one asset `<schema>.<FileName>`; upstreams come from its
 * `ref()` and `source()` calls. Every problem is collected, never thrown.
 *
 * @example
 * const { definitions, problems } = loadSqlModels('/repo', { dialect: duckdb, externalKeys: ['google_drive.t'] });
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AssetDefinition, ColumnDoc } from './definitions.ts';
import { NO_RETRY } from './definitions.ts';
import type { Problem } from './errors.ts';
import { didYouMean } from './errors.ts';
import type { Dialect } from './warehouse/dialects.ts';
import { renderTemplate } from './template.ts';
import { parseSchemaFile, buildCheck, modelConfig, type ModelConfig, type ModelSchema, type SchemaFile, type TestSpec } from './schema-file.ts';
import { Fields } from './fields.ts';
import { sqlCodeVersion } from './versions.ts';
import { formatKey, isValidKey, parseKey } from './keys.ts';
import type { CheckDefinition } from './checks.ts';

export interface SqlLoadOptions {
  readonly dialect: Dialect;
  /** Keys of the other assets (TypeScript assets, sources) that models may reference. */
  readonly externalKeys?: readonly string[];
  /** Schema of models whose folder and header name none. */
  readonly defaultSchema?: string;
  /** Folder of the models, relative to the project (default `sql`). */
  readonly sqlDir?: string;
}

export interface SqlLoadResult {
  readonly definitions: readonly AssetDefinition[];
  readonly problems: readonly Problem[];
  /** Each model's tests with their resolved `relationships` target, to rebuild its checks from a cache. */
  readonly tests: ReadonlyMap<string, readonly ResolvedTest[]>;
}

export interface ResolvedTest {
  readonly spec: TestSpec;
  readonly to?: string;
}

interface ModelFile {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  readonly folder: SchemaFile;
  readonly schema?: ModelSchema;
}

function listSqlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => path.join(dir, f));
}

function readSchemaFiles(folder: string, projectDir: string, problems: Problem[]): SchemaFile {
  const merged = { defaults: {} as ModelConfig, models: new Map<string, ModelSchema>() };
  for (const name of ['schema.yml', 'schema.yaml']) {
    const file = path.join(folder, name);
    if (!fs.existsSync(file)) continue;
    const parsed = parseSchemaFile(fs.readFileSync(file, 'utf8'), path.relative(projectDir, file), problems);
    merged.defaults = { ...merged.defaults, ...parsed.defaults };
    for (const [k, v] of parsed.models) merged.models.set(k, v);
  }
  return merged;
}

/** Where a model's `config()` call is written, for problems in its arguments. */
function configLine(text: string): number | undefined {
  const at = text.search(/\bconfig\s*\(/);
  return at < 0 ? undefined : text.slice(0, at).split('\n').length;
}

/** Loads every SQL model of `projectDir/sql`. */
export function loadSqlModels(projectDir: string, options: SqlLoadOptions): SqlLoadResult {
  const problems: Problem[] = [];
  const sqlDir = path.join(projectDir, options.sqlDir ?? 'sql');
  const folders = new Map<string, SchemaFile>();
  const files: ModelFile[] = [];
  for (const file of listSqlFiles(sqlDir)) {
    const folder = path.dirname(file);
    if (!folders.has(folder)) folders.set(folder, readSchemaFiles(folder, projectDir, problems));
    const schemaFile = folders.get(folder)!;
    const name = path.basename(file, '.sql');
    files.push({ name, file: path.relative(projectDir, file), text: fs.readFileSync(file, 'utf8'), folder: schemaFile, schema: schemaFile.models.get(name) });
  }
  // Entries of schema files that name no SQL file are almost always typos.
  for (const [folder, schemaFile] of folders) {
    const names = files.filter((f) => path.dirname(path.join(projectDir, f.file)) === folder).map((f) => f.name);
    for (const model of schemaFile.models.keys()) {
      if (!names.includes(model)) {
        problems.push({ file: path.relative(projectDir, path.join(folder, 'schema.yml')),
          message: `model '${model}' is documented but has no file ${model}.sql`, fix: didYouMean(model, names) ?? `create ${model}.sql or remove the entry` });
      }
    }
  }

  const { dialect } = options;
  const external = new Set(options.externalKeys ?? []);
  const keyOf = (m: ModelFile, header: ModelConfig = {}): string =>
    formatKey({ schema: header.schema ?? m.schema?.config.schema ?? m.folder.defaults.schema ?? options.defaultSchema ?? 'main', name: m.name });
  // First pass: every model's key, so that refs resolve in any order. The header's
  // `config(schema=...)` may move a model, so peek at it with a throwaway render.
  const byName = new Map<string, string[]>();
  const addName = (name: string, key: string) => byName.set(name, [...(byName.get(name) ?? []), key]);
  const keys = new Map<ModelFile, string>();
  for (const m of files) {
    let header: ModelConfig = {};
    try {
      const peek = renderTemplate(m.text, m.file, { dialect, resolveRef: () => '', resolveSource: () => '' }).config;
      header = modelConfig(peek, new Fields({}, []), []);
    } catch { /* reported in the second pass */ }
    const key = keyOf(m, header);
    keys.set(m, key);
    addName(m.name, key);
  }
  for (const key of external) addName(parseKey(key).name, key);
  const allKeys = new Set([...keys.values(), ...external]);

  const resolveKey = (name: string): string | undefined => {
    if (name.includes('.')) return allKeys.has(name) ? name : undefined;
    const matches = byName.get(name);
    return matches?.length === 1 ? matches[0]! : undefined;
  };
  const resolveRef = (name: string): string | undefined => {
    const key = resolveKey(name);
    return key === undefined ? undefined : quoteKey(key);
  };
  const quoteKey = (key: string) => { const r = parseKey(key); return dialect.relation(r.schema, r.name); };

  const definitions: AssetDefinition[] = [];
  const tests = new Map<string, ResolvedTest[]>();
  const seen = new Map<string, string>();
  /** Models reported as broken: refs to them are not reported again as unknown assets. */
  const unloaded = new Set<string>();
  for (const m of files) {
    const key = keys.get(m)!;
    if (!isValidKey(key)) {
      problems.push({ file: m.file, asset: key, message: `model name '${m.name}' is not a valid identifier`, fix: 'rename the file to letters, digits and underscores' });
      continue;
    }
    if (seen.has(key)) {
      problems.push({ file: m.file, asset: key, message: `duplicate asset key ${key} (also defined in ${seen.get(key)})`, fix: 'rename one of the files or move it to another schema' });
      continue;
    }
    seen.set(key, m.file);
    let rendered;
    try {
      rendered = renderTemplate(m.text, m.file, {
        dialect,
        resolveRef,
        resolveSource: (schema, table) => (allKeys.has(`${schema}.${table}`) ? dialect.relation(schema, table) : undefined),
      });
    } catch (error) {
      const line = /Line (\d+)/.exec((error as Error).message)?.[1];
      problems.push({ file: m.file, line: line ? Number(line) : undefined, asset: key,
        message: `malformed template: ${(error as Error).message}`, fix: "check the {{ }} and {% %} tags, e.g. {{ ref('Model') }}" });
      unloaded.add(key);
      continue;
    }
    for (const ref of rendered.unresolved) {
      const name = /'([^']*)'(?:, '([^']*)')?/.exec(ref)!;
      const wanted = name[2] ? `${name[1]}.${name[2]}` : name[1]!;
      const ambiguous = byName.get(wanted) ?? [];
      problems.push({ file: m.file, asset: key,
        message: ambiguous.length > 1 ? `${ref} is ambiguous: ${ambiguous.join(', ')}` : `${ref} names no asset`,
        fix: ambiguous.length > 1 ? `write the full key, e.g. ref('${ambiguous[0]}')`
          : didYouMean(wanted, name[2] ? allKeys : [...byName.keys()]) ?? 'define that asset or fix the name' });
    }
    const deps = new Set<string>();
    for (const ref of rendered.refs) {
      const matches = ref.includes('.') ? [ref] : byName.get(ref) ?? [];
      if (matches.length === 1 && allKeys.has(matches[0]!)) deps.add(matches[0]!);
    }
    for (const [schema, name] of rendered.sources) {
      const source = formatKey({ schema, name });
      if (allKeys.has(source)) deps.add(source);
    }
    const line = configLine(m.text);
    const header = modelConfig(rendered.config, new Fields({ file: m.file, asset: key, lineOf: () => line }, problems), ['config()']);
    const config: ModelConfig = { ...m.folder.defaults, ...m.schema?.config, ...header };
    // As in dbt, a model's tags add to its folder's instead of replacing them.
    const tags = { ...m.folder.defaults.tags, ...m.schema?.config.tags, ...header.tags };
    const materialized = config.materialized ?? 'view';
    const checks: CheckDefinition[] = [];
    const resolved: ResolvedTest[] = [];
    for (const spec of m.schema?.tests ?? []) {
      let to: string | undefined;
      const check = buildCheck(spec, (expr) => {
        const ref = /^\s*ref\(\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(expr);
        return (to = ref ? resolveKey(ref[1]!) : undefined);
      });
      resolved.push({ spec, to });
      if ('type' in check) checks.push(check);
      else problems.push({ ...check, file: m.file.replace(/[^/]+\.sql$/, 'schema.yml'), line: spec.line, asset: key });
    }
    tests.set(key, resolved);
    const columns: ColumnDoc[] = [...(m.schema?.columns ?? [])];
    definitions.push({
      key, kind: 'sql', deps: [...deps].sort(),
      group: config.group ?? path.basename(path.dirname(m.file)),
      tags, owners: [...(config.owners ?? [])],
      description: (config.description ?? m.schema?.description ?? '').trim(),
      columns, checks, retry: NO_RETRY, materialization: materialized,
      file: m.file, sql: rendered.sql,
      ...(config.automation ? { automation: config.automation } : {}), ...(config.freshness ? { freshness: config.freshness } : {}),
      codeVersion: sqlCodeVersion(rendered.sql, { materialized }),
    });
  }
  if (!unloaded.size) return { definitions, problems, tests };
  return { definitions: definitions.map((d) => ({ ...d, deps: d.deps.filter((dep) => !unloaded.has(dep)) })), problems, tests };
}
