/**
 * Loads a project: its config, TypeScript assets and sources, SQL models,
 * and the graph over them. Every problem is collected and reported at once
 * in one ProjectError, each naming the file, the asset and the fix.
 *
 * @example
 * const project = await loadProject(process.cwd());
 * project.graph.keys // topological order
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveConfig, validateUserConfig, type TrellisConfig, type UserConfig } from './config.ts';
import { DECLARATION, isDeclaration, NO_RETRY, type AssetDefinition, type ColumnDoc, type Declaration, type RetryPolicy, type SourceOptions } from './definitions.ts';
import type { CheckDefinition } from './checks.ts';
import { Fields } from './fields.ts';
import { ProjectError, type Problem } from './errors.ts';
import { AssetGraph } from './graph.ts';
import { isValidKey } from './keys.ts';
import { loadSqlModelsCached } from './sql-cache.ts';
import { dialectFor, type Dialect } from './warehouse/dialects.ts';
import { fileSourceLayout, fileSourceLoader } from './file-source.ts';
import { moduleCodeVersion, withModuleCache } from './versions.ts';
import { hashOf, stableJson } from './hash.ts';
import { readAutomation, readFreshness } from './ops/policies.ts';
import { loadDbtProject } from './dbt/load.ts';
import { dbtDialects, dbtTranspiler } from './dbt/dialects.ts';
import { dbtWritten } from './dbt/profile.ts';
import { loadDashboards } from './dashboards/load.ts';
import type { DashboardDefinition } from './dashboards/spec.ts';

export interface Project {
  readonly dir: string;
  readonly config: TrellisConfig;
  readonly dialect: Dialect;
  readonly graph: AssetGraph;
  /** The dashboards under `dashboards/`, validated against the graph. */
  readonly dashboards: readonly DashboardDefinition[];
}

const FRAMEWORK_DIR = path.dirname(fileURLToPath(import.meta.url)).replace(/\/dist\/core$/, '/core');

/** Imports a project module: compiled by the CLI when it can, natively otherwise (tests). */
export async function importModule(file: string, projectDir: string): Promise<Record<string, unknown>> {
  const hook = (globalThis as Record<symbol, unknown>)[Symbol.for('trellis.importModule')] as
    ((file: string, projectDir: string) => Promise<Record<string, unknown>>) | undefined;
  return hook ? hook(file, projectDir) : import(pathToFileURL(file).href);
}

async function loadUserConfig(projectDir: string, problems: Problem[]): Promise<UserConfig> {
  const file = path.join(projectDir, 'trellis.config.ts');
  if (!fs.existsSync(file)) return {};
  try {
    const raw = (await importModule(file, projectDir)).default ?? {};
    return validateUserConfig(raw, { file: 'trellis.config.ts', text: fs.readFileSync(file, 'utf8') }, problems);
  } catch (error) {
    problems.push({ file: 'trellis.config.ts', message: `cannot load: ${(error as Error).message}`, fix: 'fix the error in the config module' });
    return {};
  }
}

function collectDeclarations(value: unknown, out: Declaration[]): void {
  if (isDeclaration(value)) out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectDeclarations(v, out);
}

function retryPolicy(own: Partial<RetryPolicy> | undefined, defaults: Partial<RetryPolicy>): RetryPolicy {
  return { ...NO_RETRY, ...defaults, ...own };
}

const COMMON_OPTIONS = ['key', 'group', 'tags', 'owners', 'description', 'columns', 'checks', 'retry', 'config', 'materialize', 'automation', 'freshness'] as const;
const ASSET_OPTIONS = [...COMMON_OPTIONS, 'deps'];
const SOURCE_OPTIONS = [...COMMON_OPTIONS, 'files', 'missingFileHint', 'format', 'csv'];

/** The line of a declaration: where defineAsset was called, or else where its key is written. */
function declarationLine(decl: Declaration, key: unknown): number | undefined {
  if (decl.line !== undefined || !decl.declaredIn || typeof key !== 'string') return decl.line;
  try {
    const lines = fs.readFileSync(decl.declaredIn, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes(`'${key}'`) || l.includes(`"${key}"`));
    return at < 0 ? undefined : at + 1;
  } catch {
    return undefined;
  }
}

/** Validates a declaration's options (every problem is collected) and resolves them into a definition. */
function toDefinition(decl: Declaration, projectDir: string, config: TrellisConfig, problems: Problem[]): AssetDefinition | undefined {
  const o = decl.options as unknown as Record<string, unknown>;
  const file = decl.declaredIn ? path.relative(projectDir, decl.declaredIn) : undefined;
  const kind = decl[DECLARATION];
  const line = declarationLine(decl, o.key);
  const fields = new Fields({ file, asset: typeof o.key === 'string' ? o.key : undefined, lineOf: () => line }, problems);
  const before = problems.length;
  if (typeof o.key !== 'string' || !isValidKey(o.key)) {
    fields.problem([], `invalid asset key ${JSON.stringify(o.key)}`, "use 'schema.table', letters, digits and underscores");
  }
  if (kind === 'ts' && typeof o.materialize !== 'function') fields.problem([], 'has no materialize function', 'add `async materialize(ctx) { ... }`');
  const layout = kind === 'source' ? fileSourceLayout(o, fields) : undefined;
  if (kind === 'source' && typeof o.files !== 'function') {
    fields.problem(['files'], 'a source needs `files`', 'add `files: ({ projectDir }) => [path.join(projectDir, \'data/x.csv\')]`');
  }
  fields.knownKeys(o, [], kind === 'ts' ? ASSET_OPTIONS : SOURCE_OPTIONS);
  const deps = kind === 'ts' ? fields.names(o.deps, ['deps']) : undefined;
  for (const dep of deps ?? []) if (!isValidKey(dep)) fields.problem(['deps'], `'${dep}' is not an asset key`, "write 'schema.table'");
  const group = fields.string(o.group, ['group']);
  const tags = fields.tags(o.tags, ['tags']);
  const owners = fields.names(o.owners, ['owners']);
  const description = fields.string(o.description, ['description']);
  const columns = columnDocs(fields, o.columns);
  const checks = (fields.list(o.checks, ['checks']) ?? []).filter((c, i): c is CheckDefinition => {
    const ok = typeof c === 'object' && c !== null && 'type' in c && 'name' in c;
    if (!ok) fields.problem(['checks', i], `is not a check, got ${JSON.stringify(c)}`, 'use the builders: notNull(\'id\'), unique(\'id\'), customCheck(...)');
    return ok;
  });
  const retry = fields.retry(o.retry, ['retry']);
  const automation = readAutomation(fields, o.automation);
  const freshness = readFreshness(fields, o.freshness);
  const own = fields.record(o.config, ['config']) ?? {};
  if (kind === 'source') fields.string(o.missingFileHint, ['missingFileHint']);
  if (problems.length > before) return undefined;
  const key = o.key as string;
  const source = decl.options as SourceOptions;
  const materialize = layout ? fileSourceLoader(source.files, layout) : o.materialize as NonNullable<AssetDefinition['materialize']>;
  const shape = { kind, config: own, checks: checks.map((c) => [c.name, c.severity]), ...(layout ? { layout } : {}) };
  const codeVersion = decl.declaredIn
    ? moduleCodeVersion(decl.declaredIn, shape, FRAMEWORK_DIR)
    : hashOf(stableJson(shape), (layout ? source.files : materialize).toString());
  return {
    key, kind,
    deps: deps ?? [],
    group: group ?? (kind === 'source' ? 'sources' : 'default'),
    tags: tags ?? {}, owners: owners ?? [], description: (description ?? '').trim(),
    columns, checks,
    retry: retryPolicy(retry, config.retry), materialization: 'table', file, codeVersion,
    ...(automation ? { automation } : {}), ...(freshness ? { freshness } : {}),
    files: kind === 'source' ? source.files : undefined,
    missingFileHint: kind === 'source' ? source.missingFileHint : undefined,
    materialize,
  };
}

function columnDocs(fields: Fields, raw: unknown): ColumnDoc[] {
  return (fields.list(raw, ['columns']) ?? []).flatMap((entry, i): ColumnDoc[] => {
    const col = fields.record(entry, ['columns', i]);
    const name = col && fields.string(col.name, ['columns', i, 'name']);
    if (!col) return [];
    if (!name) return fields.problem(['columns', i], 'a column has no name', "write { name: 'id', description: '...' }") ?? [];
    fields.knownKeys(col, ['columns', i], ['name', 'description', 'type']);
    return [{ name, description: fields.string(col.description, ['columns', i, 'description']), type: fields.string(col.type, ['columns', i, 'type']) }];
  });
}

/** Loads and validates trellis.config.ts alone, for commands that need no assets (`trellis demo-data`). */
export async function loadConfig(projectDir: string, env: NodeJS.ProcessEnv = process.env): Promise<TrellisConfig> {
  const dir = path.resolve(projectDir);
  const problems: Problem[] = [];
  const user = await loadUserConfig(dir, problems);
  if (problems.length) throw new ProjectError(problems);
  return resolveConfig(dir, user, env);
}

/** Loads and validates the project in `projectDir`; throws ProjectError listing every problem. */
export async function loadProject(projectDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Project> {
  const dir = path.resolve(projectDir);
  const problems: Problem[] = [];
  const config = resolveConfig(dir, await loadUserConfig(dir, problems), env);
  const declarations: Declaration[] = [];
  for (const module of config.assets) {
    const file = path.resolve(dir, module);
    if (!fs.existsSync(file)) {
      problems.push({ file: module, message: 'asset module not found', fix: 'fix `assets` in trellis.config.ts' });
      continue;
    }
    try {
      for (const value of Object.values(await importModule(file, dir))) collectDeclarations(value, declarations);
    } catch (error) {
      const message = (error as Error).message;
      // tsx reads `.ts` as CommonJS unless the project's package.json says otherwise.
      const notEsm = /require\(\) ES Module|Cannot use import statement outside a module|exports is not defined/.test(message);
      problems.push({ file: path.relative(dir, file), message: `cannot load: ${message.split('\n')[0]}`,
        fix: notEsm ? 'add a package.json with "type": "module" to the project folder' : 'fix the error in this module' });
    }
  }
  const definitions: AssetDefinition[] = [];
  withModuleCache(path.join(config.home, 'cache', 'modules.json'), () => {
    for (const decl of new Set(declarations)) {
      const def = toDefinition(decl, dir, config, problems);
      if (def) definitions.push(def);
    }
  });
  const dialect = dialectFor(config.warehouse);
  const sql = loadSqlModelsCached(dir, { dialect, externalKeys: definitions.map((d) => d.key), defaultSchema: config.defaultSchema, sqlDir: config.sqlDir },
    path.join(config.home, 'cache', 'sql-models.json'));
  problems.push(...sql.problems);
  const written = config.dbt && dbtWritten(config, dir, env);
  const dbt = config.dbt && written ? await loadDbtProject(dir, config.dbt.project, { dialect, env, schema: config.dbt.schema ?? config.defaultSchema,
    externalKeys: [...definitions, ...sql.definitions].map((d) => d.key), ...dbtDialects(config, written) }, dbtTranspiler(config, written)) : { definitions: [], problems: [] };
  problems.push(...dbt.problems);
  const built = AssetGraph.build([...definitions, ...sql.definitions, ...dbt.definitions]);
  problems.push(...built.problems);
  const dashboards = built.graph ? await loadDashboards(dir, built.graph, problems) : [];
  if (problems.length || !built.graph) throw new ProjectError(problems);
  return { dir, config, dialect, graph: built.graph, dashboards };
}
