/**
 * The project as a long-running server sees it, kept in step with the files.
 *
 * A request compares a cheap signature (path, size and mtime) of the SQL
 * models folder with the last one, at most once per `checkMs` (a page firing
 * a few requests at once costs one look at the disk); when it changed, the
 * SQL models are loaded again and the graph rebuilt, so an edited model shows
 * up (stale, with its new SQL) without a restart. TypeScript assets are NOT
 * reloaded: Node caches imported modules, so a reload would pair the new
 * file's code version with the old, still running code, and a run would
 * record a version it did not execute. An edit there is reported as a notice
 * (restart `trellis ui`). A reload that fails (an edit in progress) keeps the
 * last good project for display and records the problem; runs are refused
 * until the files load again.
 *
 * @example
 * const live = await LiveProject.open(projectDir, env);
 * const ws = live.current(); // reloaded if a .sql or .yml file changed
 * live.store                 // the run store, the same across reloads
 */
import fs from 'node:fs';
import path from 'node:path';
import { openWorkspace, workspaceFor, type Workspace } from '../workspace.ts';
import { AssetGraph } from '../graph.ts';
import { ProjectError } from '../errors.ts';
import { loadSqlModelsCached } from '../sql-cache.ts';
import type { Project } from '../project.ts';
import type { RunStore } from '../runstore/index.ts';

const SKIPPED_DIRS = new Set(['node_modules', 'dist']);

/** `path size mtime` of every file under `dir` that `keep` accepts, sorted. */
function signature(dir: string, keep: (file: string) => boolean, recursive = true): string {
  if (!fs.existsSync(dir)) return '';
  const lines: string[] = [];
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) {
        if (recursive && !entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) walk(full);
      } else if (keep(entry.name)) {
        const stat = fs.statSync(full, { throwIfNoEntry: false });
        if (stat) lines.push(`${full} ${stat.size} ${stat.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return lines.sort().join('\n');
}

const isSqlModelFile = (name: string) => /\.(sql|ya?ml)$/.test(name);
const isScript = (name: string) => /\.[cm]?[jt]s$/.test(name);

function sqlSignature(project: Project): string {
  return signature(path.resolve(project.dir, project.config.sqlDir), isSqlModelFile);
}

/** The asset modules' folders (only the modules themselves when one sits at the project root) and the config. */
function codeSignature(project: Project): string {
  const parts = [signature(project.dir, (n) => n === 'trellis.config.ts', false)];
  for (const module of project.config.assets) {
    const dir = path.dirname(path.resolve(project.dir, module));
    parts.push(dir === project.dir ? signature(dir, (n) => n === path.basename(module), false) : signature(dir, isScript));
  }
  return parts.join('\n');
}

/** The project with its SQL models loaded again from disk and every other definition kept as loaded. */
export function reloadSqlModels(project: Project): Project {
  const others = project.graph.definitions().filter((d) => d.kind !== 'sql');
  const sql = loadSqlModelsCached(project.dir, {
    dialect: project.dialect, externalKeys: others.map((d) => d.key), defaultSchema: project.config.defaultSchema, sqlDir: project.config.sqlDir,
  }, path.join(project.config.home, 'cache', 'sql-models.json'));
  const built = AssetGraph.build([...others, ...sql.definitions]);
  const problems = [...sql.problems, ...built.problems];
  if (problems.length || !built.graph) throw new ProjectError(problems);
  return { ...project, graph: built.graph };
}

export interface LiveProjectOptions {
  /** The server's log (default: none). */
  readonly log?: (text: string) => void;
  /** Look at the files at most this often (ms; default 500; 0: at every call). */
  readonly checkMs?: number;
}

export class LiveProject {
  #workspace: Workspace;
  #sql: string;
  readonly #code: string;
  #checkedAt: number;
  #problem: ProjectError | undefined;
  #notice: string | undefined;
  private readonly log: (text: string) => void;
  private readonly checkMs: number;

  private constructor(workspace: Workspace, private readonly env: NodeJS.ProcessEnv, options: LiveProjectOptions) {
    this.#workspace = workspace;
    this.#sql = sqlSignature(workspace.project);
    this.#code = codeSignature(workspace.project);
    this.#checkedAt = Date.now();
    this.log = options.log ?? (() => {});
    this.checkMs = options.checkMs ?? 500;
  }

  static async open(projectDir: string, env: NodeJS.ProcessEnv, options: LiveProjectOptions = {}): Promise<LiveProject> {
    return new LiveProject(await openWorkspace(projectDir, env), env, options);
  }

  /** The run store: it stays open and the same across reloads. */
  get store(): RunStore {
    return this.#workspace.store;
  }

  /** The workspace as last loaded, without looking at the files (for what reloads do not change: config, store). */
  get loaded(): Workspace {
    return this.#workspace;
  }

  /** The workspace over the newest project that loads. Call it once per request. */
  current(): Workspace {
    const now = Date.now();
    if (now - this.#checkedAt < this.checkMs) return this.#workspace;
    this.#checkedAt = now;
    const project = this.#workspace.project;
    const sql = sqlSignature(project);
    if (sql !== this.#sql) this.#reload(project, sql);
    if (!this.#notice && codeSignature(project) !== this.#code) {
      this.#notice = 'TypeScript assets or trellis.config.ts changed since `trellis ui` started: restart it to load them';
      this.log(this.#notice);
    }
    return this.#workspace;
  }

  /**
   * Loads the SQL models again. The signature is recorded only once the files
   * have been read: another failure (a file gone mid-checkout) is thrown, and
   * the next request tries again instead of keeping the old SQL for good.
   */
  #reload(project: Project, sql: string): void {
    try {
      this.#workspace = workspaceFor(reloadSqlModels(project), this.#workspace.store, this.env);
      this.#problem = undefined;
      this.log('SQL models changed on disk: reloaded');
    } catch (error) {
      if (!(error instanceof ProjectError)) throw error;
      this.#problem = error;
      this.log(`SQL models changed on disk but do not load; showing the last good version:\n${error.message}`);
    }
    this.#sql = sql;
  }

  /** Why the files on disk do not load, while they do not: runs are refused meanwhile. */
  get problem(): ProjectError | undefined {
    return this.#problem;
  }

  /** Something the user should know about the project shown (e.g. restart to load TypeScript edits). */
  get notice(): string | undefined {
    if (this.#problem) return `the project on disk does not load; showing the last good version:\n${this.#problem.message}`;
    return this.#notice;
  }

  close(): void {
    this.#workspace.close();
  }
}
