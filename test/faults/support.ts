/**
 * What the fault-injection suites share: a small project (a table, a table
 * built from it, and an independent one), the real CLI as a child process
 * with fault points switched on through TRELLIS_FAULTS, and reads of what
 * survived (the warehouse's tables, leftover staged tables, the run store's
 * runs and an integrity check).
 *
 * @example
 * const p = await builtProject();            // materialized once: version v1
 * p.edit('v2');                              // f.a and f.b are now stale
 * const killed = await p.run(['materialize'], { TRELLIS_FAULTS: 'build.staged=kill' });
 * killed.signal // 'SIGKILL'
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect } from 'vitest';
import { makeProject, projectEnv, spawnCli, tempHome, writeFiles, type SpawnedCli } from '../support/project.ts';

export const FILES = {
  'trellis.config.ts': 'export default { concurrency: 1, retry: { maxRetries: 0 } };\n',
  'sql/f/a.sql': "{{ config(materialized='table') }}\nselect 'v1' as version, range as n from range(3)\n",
  'sql/f/b.sql': "{{ config(materialized='table') }}\nselect version, count(*) as n from {{ ref('a') }} group by version\n",
  'sql/f/c.sql': "{{ config(materialized='table') }}\nselect 42 as answer\n",
  'sql/f/schema.yml': 'config:\n  schema: f\n',
};

export type Exited = Awaited<SpawnedCli['exited']>;

export interface FaultProject {
  readonly dir: string;
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  /** Rewrites f.a to produce `version`. */
  edit(version: string): void;
  /** Starts the CLI as a child process with extra environment. */
  start(argv: readonly string[], extra?: Readonly<Record<string, string>>): SpawnedCli;
  /** Runs the CLI as a child process to its end. */
  run(argv: readonly string[], extra?: Readonly<Record<string, string>>): Promise<Exited>;
  /** `materialize --json` to its end, expecting success; returns its JSON. */
  materialize(argv?: readonly string[]): Promise<{ runId: number; status: string; assets: Array<{ key: string; decision: string; reason: string }> }>;
  /** Rows of a warehouse query (no child may be running), read with DuckDB itself: opening it through Trellis would tidy what we look for. */
  query(sql: string): Promise<Array<Record<string, unknown>>>;
  /** The runs, newest first, with their step statuses. */
  runs(): Array<{ id: number; status: string; steps: Record<string, string> }>;
}

const children: SpawnedCli[] = [];

/** Kills the children a test left running. Call from `afterEach`. */
export function killChildren(): void {
  for (const s of children.splice(0)) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
}

/** `warehouse`: the DuckDB file's absolute path, when it is not under the state directory. */
export function faultProject(files: Readonly<Record<string, string>> = FILES, home = tempHome(), warehouse?: string): FaultProject {
  const dir = makeProject(warehouse ? { ...files, 'trellis.config.ts': `export default { concurrency: 1, retry: { maxRetries: 0 }, warehouse: { type: 'duckdb', path: ${JSON.stringify(warehouse)} } };\n` } : files);
  const env = projectEnv({ TRELLIS_HOME: home });
  const start = (argv: readonly string[], extra: Readonly<Record<string, string>> = {}) => {
    const s = spawnCli(argv, { projectDir: dir, env: { ...env, ...extra } });
    children.push(s);
    return s;
  };
  const project: FaultProject = {
    dir, home, env,
    edit: (version) => writeFiles(dir, { 'sql/f/a.sql': `{{ config(materialized='table') }}\nselect '${version}' as version, range as n from range(3)\n` }),
    start,
    run: (argv, extra) => start(argv, extra).exited,
    async materialize(argv = []) {
      const r = await start(['materialize', '--json', ...argv]).exited;
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    },
    query: (sql) => rawQuery(warehouse ?? path.join(home, 'warehouse.duckdb'), sql),
    runs() {
      const db = new Database(path.join(home, 'runs.sqlite'), { readonly: true });
      try {
        const runs = db.prepare('SELECT id, status FROM runs ORDER BY id DESC').all() as Array<{ id: number; status: string }>;
        const steps = db.prepare('SELECT asset_key AS key, status FROM steps WHERE run_id = ?');
        return runs.map((r) => ({ ...r, steps: Object.fromEntries((steps.all(r.id) as Array<{ key: string; status: string }>).map((s) => [s.key, s.status])) }));
      } finally {
        db.close();
      }
    },
  };
  return project;
}

export async function rawQuery(file: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const instance = await DuckDBInstance.create(file);
  try {
    const connection = await instance.connect();
    try {
      return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>;
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** A project materialized once (f.a at v1), then edited to v2: f.a and f.b are stale, f.c fresh. */
export async function staleProject(): Promise<FaultProject> {
  const p = faultProject();
  const first = await p.materialize();
  expect(first.status).toBe('success');
  p.edit('v2');
  return p;
}

/** The published versions of f.a and f.b. */
export async function versions(p: FaultProject): Promise<{ a: unknown; b: unknown }> {
  const [a] = await p.query('SELECT min(version) AS v, count(*) AS n FROM f.a');
  const [b] = await p.query('SELECT version AS v FROM f.b');
  return { a: a?.v, b: b?.v };
}

/** Tables left under a staging name. */
export async function stagedLeftovers(p: FaultProject): Promise<unknown[]> {
  return (await p.query("SELECT table_schema || '.' || table_name AS name FROM information_schema.tables WHERE table_name LIKE '%__trellis_staged'")).map((r) => r.name);
}

/** SQLite's own verdict on the run store file. */
export function storeIntegrity(home: string): string {
  const db = new Database(path.join(home, 'runs.sqlite'), { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** Waits for a `pause:DIR` fault point to be reached. */
export async function reached(dir: string, point: string, s: SpawnedCli, timeoutMs = 30_000): Promise<void> {
  const file = path.join(dir, `${point}.reached`);
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (s.child.exitCode !== null) throw new Error(`the process exited before ${point}: ${(await s.exited).stderr}`);
    if (Date.now() > deadline) throw new Error(`${point} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function release(dir: string, point: string): void {
  fs.writeFileSync(path.join(dir, `${point}.release`), '');
}
