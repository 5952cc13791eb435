/**
 * Reads a dbt project's `dbt_project.yml`: its name, the folders of models,
 * seeds, tests and macros, `vars`, and the folder configs under `models:` and
 * `seeds:` (`+materialized`, `+schema`, `+tags`, `+enabled`). Problems are
 * collected, never thrown.
 *
 * @example
 * const project = readDbtProject('/repo/dbt', problems);
 * project?.modelPaths // ['models']
 * folderConfig(project.models, project.name, ['Marts', 'Ventes']) // { materialized: 'table' }
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Problem } from '../errors.ts';

export interface DbtProject {
  /** Absolute folder of the dbt project. */
  readonly dir: string;
  readonly name: string;
  readonly modelPaths: readonly string[];
  readonly seedPaths: readonly string[];
  readonly testPaths: readonly string[];
  readonly macroPaths: readonly string[];
  readonly vars: Readonly<Record<string, unknown>>;
  /** The `models:` tree: folder names, `+key` configs. */
  readonly models: Readonly<Record<string, unknown>>;
  readonly seeds: Readonly<Record<string, unknown>>;
}

/** A folder's resolved dbt config (the `+` keys, inherited from parent folders). */
export interface FolderConfig {
  readonly materialized?: string;
  readonly schema?: string;
  readonly tags?: readonly string[];
  readonly enabled?: boolean;
}

export const PROJECT_FILE = 'dbt_project.yml';

/** Parses YAML text; a syntax error becomes a problem naming the file and line. */
export function parseYaml(text: string, file: string, problems: Problem[]): unknown {
  const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const counter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { prettyErrors: false, lineCounter: counter });
  if (doc.errors.length) {
    const [error] = doc.errors;
    problems.push({ file, line: error!.linePos?.[0].line ?? counter.linePos(error!.pos[0]).line, message: `malformed YAML: ${error!.message.split('\n')[0]}`, fix: 'fix the YAML syntax' });
    return undefined;
  }
  return doc.toJS();
}

function paths(raw: unknown, fallback: string): string[] {
  return Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [fallback];
}

function record(raw: unknown): Record<string, unknown> {
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? raw as Record<string, unknown> : {};
}

/** Reads `dir/dbt_project.yml`; undefined (with a problem) when it cannot be read. */
export function readDbtProject(dir: string, problems: Problem[], relDir = '.'): DbtProject | undefined {
  const file = path.join(dir, PROJECT_FILE);
  const shown = path.join(relDir, PROJECT_FILE);
  if (!fs.existsSync(file)) {
    problems.push({ file: shown, message: 'no dbt_project.yml in the dbt project folder', fix: "point `dbt: { project: 'path' }` in trellis.config.ts at the folder holding dbt_project.yml" });
    return undefined;
  }
  const raw = parseYaml(fs.readFileSync(file, 'utf8'), shown, problems);
  if (raw === undefined) return undefined;
  const top = record(raw);
  if (typeof top.name !== 'string' || !top.name) {
    problems.push({ file: shown, message: 'the project has no `name`', fix: "add `name: 'my_project'`" });
    return undefined;
  }
  return {
    dir, name: top.name,
    modelPaths: paths(top['model-paths'] ?? top['source-paths'], 'models'),
    seedPaths: paths(top['seed-paths'] ?? top['data-paths'], 'seeds'),
    testPaths: paths(top['test-paths'], 'tests'),
    macroPaths: paths(top['macro-paths'], 'macros'),
    vars: record(top.vars),
    models: record(top.models),
    seeds: record(top.seeds),
  };
}

function plusKeys(node: Record<string, unknown>, into: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(node)) {
    if (!key.startsWith('+')) continue;
    const name = key.slice(1);
    // As in dbt, tags add up along the folders; other keys are replaced by the deeper folder's.
    if (name === 'tags') into.tags = [...(into.tags as string[] ?? []), ...(Array.isArray(value) ? value.map(String) : [String(value)])];
    else into[name] = value;
  }
}

/** The config of the folder `segments` (relative to the model path) under a `models:`/`seeds:` tree. */
export function folderConfig(tree: Readonly<Record<string, unknown>>, projectName: string, segments: readonly string[]): FolderConfig {
  const out: Record<string, unknown> = {};
  plusKeys(record(tree), out);
  let node = record(tree[projectName]);
  plusKeys(node, out);
  for (const segment of segments) {
    node = record(node[segment]);
    plusKeys(node, out);
  }
  return {
    materialized: typeof out.materialized === 'string' ? out.materialized : undefined,
    schema: typeof out.schema === 'string' ? out.schema : undefined,
    tags: out.tags as string[] | undefined,
    enabled: typeof out.enabled === 'boolean' ? out.enabled : undefined,
  };
}
