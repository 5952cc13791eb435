/**
 * Loads a dbt project as Trellis assets: its models (SQL assets keyed by
 * their schema), seeds (sources the warehouse loads), sources (which must be
 * assets of the Trellis project or seeds), and tests (checks). Every problem
 * is collected, each naming the file and the construct.
 *
 * @example
 * const { definitions, problems } = loadDbtProject(root, 'dbt', { dialect, externalKeys: ['google_drive.t'] });
 */
import fs from 'node:fs';
import path from 'node:path';
import { NO_RETRY, type AssetDefinition } from '../definitions.ts';
import { didYouMean, type Problem } from '../errors.ts';
import type { CheckDefinition } from '../checks.ts';
import type { Dialect } from '../warehouse/dialects.ts';
import { formatKey, isValidKey, parseKey } from '../keys.ts';
import { renderTemplate } from '../template.ts';
import { buildCheck, type TestSpec } from '../schema-file.ts';
import { sqlCodeVersion } from '../versions.ts';
import { folderConfig, readDbtProject, type FolderConfig } from './project-file.ts';
import { readProperties, type DbtModelProperties } from './properties.ts';
import { dbtGlobals, readMacros, UNSUPPORTED, type DbtMacros } from './jinja.ts';
import { dbtSeeds } from './seeds.ts';
import { genericTestCheck } from './generic-tests.ts';
import { singularTests } from './singular-tests.ts';
import type { Transpiler, Translation } from './transpile.ts';
import { notTranspiled, translateSpec, writtenAs } from './translated.ts';
import { columnTypeCheck } from './type-test.ts';

export interface DbtLoadOptions {
  /** The warehouse's dialect: the SQL that runs. */
  readonly dialect: Dialect;
  /** The dialect the models are written in, when another: their SQL is rendered in it, then translated. */
  readonly source?: Dialect;
  /** Where `source` is said (trellis.config.ts, a profiles.yml), for the error when it cannot be translated. */
  readonly said?: string;
  /** BigQuery SQL to the warehouse's; given with `source`. */
  readonly translate?: (sql: string) => Translation;
  /** Keys of the Trellis project's own assets, which dbt sources may name. */
  readonly externalKeys?: readonly string[];
  /** The warehouse's database (BigQuery: the project id), as `target.database` (and `target.project` on BigQuery). */
  readonly database?: string;
  /** The target schema: models and seeds without `+schema` go there (default `main`). */
  readonly schema?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface DbtLoadResult {
  readonly definitions: readonly AssetDefinition[];
  readonly problems: readonly Problem[];
}

interface Model {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  readonly folder: FolderConfig;
  readonly props?: DbtModelProperties;
  key: string;
}

const MATERIALIZATIONS: Readonly<Record<string, 'table' | 'view'>> = { table: 'table', view: 'view', incremental: 'table' };

function sqlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.sql')).sort();
}

/** A render error as a problem: unsupported constructs, unknown macros, template syntax. */
export function renderProblem(error: Error, file: string, asset: string | undefined, macros: DbtMacros): Problem {
  const message = error.message;
  const line = /Line (\d+)/.exec(message)?.[1];
  const at = line ? Math.max(1, Number(line) - macros.lines) : undefined;
  const construct = message.indexOf(UNSUPPORTED);
  if (construct >= 0) {
    const name = message.slice(construct + UNSUPPORTED.length).split(/\s/)[0];
    return { file, line: at, asset, message: `${name} is not supported (${UNSUPPORTED.trim().replace(/:$/, '')})`, fix: 'rewrite that part in SQL, or as a macro of this project under macros/' };
  }
  const call = /Unable to call `([\w.]+)`/.exec(message);
  if (call) return { file, line: at, asset, message: `unknown macro ${call[1]}()`, fix: `define {% macro ${call[1]}(...) %} in macros/, or fix the name` };
  return { file, line: at, asset, message: `malformed template: ${message.replace(/\[Line \d+, Column \d+\]\s*/, '')}`, fix: 'check the {{ }} and {% %} tags' };
}

/**
 * Loads the dbt project in `root/dbtDir`; `root` is the Trellis project, for
 * file names in problems. With a transpiler, models written for BigQuery are
 * translated for DuckDB from its cache; only when some SQL is not cached is
 * the transpiler loaded and the project built again.
 */
export async function loadDbtProject(root: string, dbtDir: string, options: Omit<DbtLoadOptions, 'translate'>, transpiler?: Transpiler): Promise<DbtLoadResult> {
  if (!transpiler) return buildDbtProject(root, dbtDir, options);
  let missed = false;
  const cached = buildDbtProject(root, dbtDir, { ...options,
    translate: (sql) => (transpiler.has(sql) ? transpiler.translate(sql) : ((missed = true), { sql })) });
  if (!missed) return cached;
  await transpiler.load();
  const result = buildDbtProject(root, dbtDir, { ...options, translate: (sql) => transpiler.translate(sql) });
  transpiler.save();
  return result;
}

const ENGINES: Readonly<Record<string, string>> = { duckdb: 'DuckDB', bigquery: 'BigQuery' };

/** The problem of a project written for a warehouse other than this one, with no translation between them. */
function untranslated(root: string, dir: string, options: DbtLoadOptions): Problem {
  const [source, target] = [options.source!, options.dialect];
  const [from, to] = [ENGINES[source.name] ?? source.name, ENGINES[target.name] ?? target.name];
  return { file: path.relative(root, path.join(dir, 'dbt_project.yml')),
    message: `the dbt project is written for ${from} (${options.said ?? `dbt.dialect '${source.name}'`}) and the warehouse is ${to}: ${from} SQL is not translated to ${to}`,
    fix: `run it on ${from} (warehouse: { type: '${source.name}' } in trellis.config.ts, or TRELLIS_WAREHOUSE=${source.name}), or port its models to ${to} SQL and set dbt: { dialect: '${target.name}' }` };
}

function typeCheck(spec: TestSpec): CheckDefinition | Problem {
  const { column_type: type, config } = spec.args as { column_type?: unknown; config?: { severity?: string } };
  if (!spec.column || typeof type !== 'string') return { message: 'expect_column_values_to_be_of_type needs a column and `column_type:`', fix: 'put it under a column with column_type: date' };
  return columnTypeCheck(spec.column, type, { severity: config?.severity === 'warn' ? 'warn' : 'error' });
}

/** Loads the dbt project in one pass; `options.translate` must answer at once. */
export function buildDbtProject(root: string, dbtDir: string, options: DbtLoadOptions): DbtLoadResult {
  const problems: Problem[] = [];
  const dir = path.resolve(root, dbtDir);
  const project = readDbtProject(dir, problems, path.relative(root, dir) || '.');
  if (!project) return { definitions: [], problems };
  if (options.source && !options.translate) return { definitions: [], problems: [untranslated(root, dir, options)] };
  const dialect = options.source ?? options.dialect;
  const schema = options.schema ?? 'main';
  const database = options.database ?? '';
  const target = { name: 'trellis', schema, type: dialect.name, database, ...(dialect.name === 'bigquery' ? { project: database, dataset: schema } : {}) };
  const props = readProperties(dir, project.modelPaths, root, problems);
  const macros = readMacros(dir, project.macroPaths, root);
  const seeds = dbtSeeds(project, { schema, shownFrom: root });
  const external = new Set([...(options.externalKeys ?? []), ...seeds.map((s) => s.key)]);
  const sourceSchemas = new Map(props.sources.map((s) => [s.name, s.schema]));
  for (const source of props.sources) {
    for (const table of source.tables) {
      const key = formatKey({ schema: source.schema, name: table.identifier });
      if (!external.has(key)) {
        problems.push({ file: source.file, asset: key, message: `source ${source.name}.${table.name} is not an asset of this project`,
          fix: didYouMean(key, [...external]) ?? `declare ${key} with defineSource() in assets/, or add seeds/${table.identifier}.csv` });
      }
    }
  }

  const models: Model[] = [];
  for (const modelPath of project.modelPaths) {
    for (const rel of sqlFiles(path.join(dir, modelPath))) {
      const folder = folderConfig(project.models, project.name, path.dirname(rel).split(path.sep).filter((s) => s !== '.'));
      const name = path.basename(rel, '.sql');
      const file = path.relative(root, path.join(dir, modelPath, rel));
      models.push({ name, file, folder, props: props.models.get(name), key: '', text: fs.readFileSync(path.join(dir, modelPath, rel), 'utf8') });
    }
  }
  const byName = new Map<string, string>();
  const relation = (key: string) => { const r = parseKey(key); return dialect.relation(r.schema, r.name); };
  const render = (m: Model, resolve: boolean, packageRefs: string[] = []) => renderTemplate(macros.prelude + m.text, m.file, {
    dialect,
    resolveRef: (name) => (resolve ? (byName.has(name) ? relation(byName.get(name)!) : undefined) : ''),
    resolveSource: (s, t) => (resolve ? (external.has(`${s}.${t}`) ? dialect.relation(s, t) : undefined) : ''),
    globals: dbtGlobals({ vars: project.vars, env: options.env ?? process.env, target, self: m.key ? relation(m.key) : '', sourceSchemas, packageRefs }),
  });
  // First pass: keys, which a model's config(schema=...) may set.
  for (const m of models) {
    let header: Record<string, unknown> = {};
    try { header = render(m, false).config; } catch { /* reported below */ }
    const own = typeof header.schema === 'string' ? header.schema : typeof m.props?.config.schema === 'string' ? m.props.config.schema : undefined;
    m.key = formatKey({ schema: own ?? m.folder.schema ?? schema, name: m.name });
    if (byName.has(m.name)) problems.push({ file: m.file, asset: m.key, message: `two models are named ${m.name}`, fix: 'rename one: dbt model names are unique in a project' });
    byName.set(m.name, m.key);
  }
  for (const seed of seeds) byName.set(parseKey(seed.key).name, seed.key);

  const definitions: AssetDefinition[] = [...seeds];
  for (const m of models) {
    if (!isValidKey(m.key)) {
      problems.push({ file: m.file, asset: m.key, message: `model name '${m.name}' is not a valid asset key`, fix: 'rename the file to letters, digits and underscores' });
      continue;
    }
    const packageRefs: string[] = [];
    let rendered;
    try {
      rendered = render(m, true, packageRefs);
    } catch (error) {
      problems.push(renderProblem(error as Error, m.file, m.key, macros));
      continue;
    }
    for (const ref of packageRefs) problems.push({ file: m.file, asset: m.key, message: `${ref}: packages are not supported yet`, fix: 'copy the model into this project and ref it by name' });
    for (const ref of rendered.unresolved) problems.push({ file: m.file, asset: m.key, message: `${ref} names no model, seed or source`, fix: didYouMean(/'([^']*)'/.exec(ref)?.[1] ?? '', [...byName.keys()]) ?? 'fix the name' });
    const config = { ...m.props?.config, ...rendered.config } as Record<string, unknown>;
    if (config.enabled === false || (config.enabled === undefined && m.folder.enabled === false)) continue;
    const kind = String(config.materialized ?? m.folder.materialized ?? 'view');
    const materialization = MATERIALIZATIONS[kind];
    if (!materialization) {
      problems.push({ file: m.file, asset: m.key, message: `materialized='${kind}' is not supported`, fix: "use 'view', 'table' or 'incremental'" });
      continue;
    }
    const deps = new Set<string>();
    for (const ref of rendered.refs) if (byName.has(ref)) deps.add(byName.get(ref)!);
    for (const [schema, name] of rendered.sources) {
      const source = formatKey({ schema, name });
      if (external.has(source)) deps.add(source);
    }
    const checks: CheckDefinition[] = [];
    for (const raw of m.props?.tests ?? []) {
      const spec = options.translate ? translateSpec(raw, options.translate) : raw;
      const generic = macros.tests.get(spec.name);
      const check = generic ? genericTestCheck(generic, spec, { macros, dialect, translate: options.translate })
        : spec.name === 'column_type' ? typeCheck(spec)
        : buildCheck(spec, (expr) => { const r = /ref\(\s*['"]([^'"]+)['"]\s*\)/.exec(expr); return r ? byName.get(r[1]!) : undefined; });
      if ('type' in check) checks.push(spec === raw ? check : writtenAs(check, raw, spec, options.dialect.name));
      else problems.push({ ...check, file: m.props!.file, asset: m.key });
    }
    const tags = [...(m.folder.tags ?? []), ...(Array.isArray(config.tags) ? config.tags.map(String) : typeof config.tags === 'string' ? [config.tags] : [])];
    const translated = options.translate?.(rendered.sql) ?? { sql: rendered.sql };
    definitions.push({
      ...(translated.sql === undefined ? notTranspiled(translated.refused) : {}),
      key: m.key, kind: translated.sql === undefined ? 'ts' : 'sql', deps: [...deps].sort(), group: path.basename(path.dirname(m.file)),
      tags: Object.fromEntries([...tags.map((t) => [t, '']), ...(kind === 'incremental' ? [['dbt_incremental', 'full rebuild']] : []),
        ...(translated.refused ? [['not_transpiled', translated.refused]] : [])]),
      owners: [], description: [translated.refused && `Not run on ${options.dialect.name}: ${translated.refused}.`, m.props?.description?.trim()].filter(Boolean).join(' '), columns: m.props?.columns ?? [], checks, retry: NO_RETRY,
      materialization, file: m.file, sql: translated.sql, codeVersion: sqlCodeVersion(translated.sql ?? rendered.sql, { materialization }),
    });
  }
  const attached = singularTests(project, { root, macros, dialect: options.dialect, byName, problems, translate: options.translate, render: (text, file) => renderTemplate(macros.prelude + text, file, {
    dialect, resolveRef: (name) => (byName.has(name) ? relation(byName.get(name)!) : undefined), resolveSource: (s, t) => dialect.relation(s, t),
    globals: dbtGlobals({ vars: project.vars, env: options.env ?? process.env, target, self: '', sourceSchemas, packageRefs: [] }) }) });
  return { definitions: definitions.map((d) => (attached.has(d.key) ? { ...d, checks: [...d.checks, ...attached.get(d.key)!] } : d)), problems };
}
