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
import { resolveConfig, type TrellisConfig, type UserConfig } from './config.ts';
import { DECLARATION, isDeclaration, NO_RETRY, type AssetDefinition, type Declaration, type RetryPolicy, type SourceOptions, type TsAssetOptions } from './definitions.ts';
import { ProjectError, type Problem } from './errors.ts';
import { AssetGraph } from './graph.ts';
import { isValidKey } from './keys.ts';
import { loadSqlModelsCached } from './sql-cache.ts';
import { dialects, type Dialect } from './dialect/index.ts';
import { moduleCodeVersion, withModuleCache } from './versions.ts';
import { hashOf, stableJson } from './hash.ts';

export interface Project {
  readonly dir: string;
  readonly config: TrellisConfig;
  readonly dialect: Dialect;
  readonly graph: AssetGraph;
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
    return ((await importModule(file, projectDir)).default ?? {}) as UserConfig;
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

function toDefinition(decl: Declaration, projectDir: string, config: TrellisConfig, problems: Problem[]): AssetDefinition | undefined {
  const o = decl.options;
  const file = decl.declaredIn ? path.relative(projectDir, decl.declaredIn) : undefined;
  if (typeof o.key !== 'string' || !isValidKey(o.key)) {
    problems.push({ file, asset: String(o.key), message: `invalid asset key ${JSON.stringify(o.key)}`, fix: "use 'schema.table', letters, digits and underscores" });
    return undefined;
  }
  if (typeof o.materialize !== 'function') {
    problems.push({ file, asset: o.key, message: 'has no materialize function', fix: 'add `async materialize(ctx) { ... }`' });
    return undefined;
  }
  const kind = decl[DECLARATION];
  const shape = { kind, config: o.config ?? {}, checks: (o.checks ?? []).map((c) => [c.name, c.severity]) };
  const codeVersion = decl.declaredIn
    ? moduleCodeVersion(decl.declaredIn, shape, FRAMEWORK_DIR)
    : hashOf(stableJson(shape), o.materialize.toString());
  return {
    key: o.key, kind,
    deps: kind === 'ts' ? [...((o as TsAssetOptions).deps ?? [])] : [],
    group: o.group ?? (kind === 'source' ? 'sources' : 'default'),
    tags: { ...o.tags }, owners: [...(o.owners ?? [])], description: (o.description ?? '').trim(),
    columns: [...(o.columns ?? [])], checks: [...(o.checks ?? [])],
    retry: retryPolicy(o.retry, config.retry), materialization: 'table', file, codeVersion,
    files: kind === 'source' ? (o as SourceOptions).files : undefined,
    missingFileHint: kind === 'source' ? (o as SourceOptions).missingFileHint : undefined,
    materialize: o.materialize,
  };
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
  const dialect = dialects.duckdb;
  const sql = loadSqlModelsCached(dir, { dialect, externalKeys: definitions.map((d) => d.key), defaultSchema: config.defaultSchema, sqlDir: config.sqlDir },
    path.join(config.home, 'cache', 'sql-models.json'));
  problems.push(...sql.problems);
  const built = AssetGraph.build([...definitions, ...sql.definitions]);
  problems.push(...built.problems);
  if (problems.length || !built.graph) throw new ProjectError(problems);
  return { dir, config, dialect, graph: built.graph };
}
