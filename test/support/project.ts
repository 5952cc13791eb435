/**
 * Temporary projects for tests: written from inline files or copied from a
 * fixture, always outside the repository, with their own state directory.
 * The CLI is driven in-process through `main()` with a capturing Output;
 * `spawnCli` starts a real `node bin/trellis.js` only where a second process
 * is the point (locks, kill -9, Ctrl+C).
 *
 * @example
 * const dir = makeProject({ 'sql/x.sql': 'select 1 as id' });
 * const r = await cli(['list', '--json'], { projectDir: dir, env: { TRELLIS_HOME: tempHome() } });
 * r.code // 0
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main, openDuckDb, type Row } from '../../core/index.ts';

export const REPO = path.resolve(fileURLToPath(import.meta.url), '../../..');
export const CORE_INDEX = path.join(REPO, 'core/index.ts');
const FIXTURES = path.join(REPO, 'test/fixtures');
/** How fixtures import the framework (they sit four levels below the repository). */
const FIXTURE_IMPORT = '../../../../core/index.ts';

const temporary: string[] = [];
/**
 * Project modules are ESM: without `"type": "module"` next to them, tsx loads
 * them as CommonJS and Node 20 refuses the require(esm) cycle with the framework.
 */
const PACKAGE_JSON = '{ "type": "module", "private": true }\n';

/** A new empty directory under the system temp dir, removed by `cleanupTemp`. */
export function tempDir(prefix = 'trellis-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** A fresh state directory, for TRELLIS_HOME. */
export function tempHome(): string {
  return tempDir('trellis-home-');
}

/** Removes every directory this module created. Call from `afterAll`. */
export function cleanupTemp(): void {
  for (const dir of temporary.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes (or overwrites) files under `dir`; `@trellis` becomes the framework's absolute import path. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text.replaceAll('@trellis', CORE_INDEX));
  }
}

/** A temp project made of `files` (paths relative to the project). */
export function makeProject(files: Readonly<Record<string, string>>, opts: { prefix?: string } = {}): string {
  const dir = tempDir(opts.prefix ?? 'trellis-project-');
  writeFiles(dir, { 'package.json': PACKAGE_JSON, ...files });
  return dir;
}

/** Copies `test/fixtures/<name>` (without its state) to a temp dir, pointing its framework imports at this checkout. */
export function copyFixture(name: string): string {
  const source = path.join(FIXTURES, name);
  if (!fs.existsSync(source)) throw new Error(`no fixture ${name} in ${FIXTURES}`);
  const dir = tempDir(`trellis-${name}-`);
  fs.cpSync(source, dir, { recursive: true, filter: (f) => !f.split(path.sep).includes('.trellis') });
  for (const file of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
    const full = path.join(dir, file);
    const text = fs.readFileSync(full, 'utf8');
    if (text.includes(FIXTURE_IMPORT)) fs.writeFileSync(full, text.replaceAll(FIXTURE_IMPORT, CORE_INDEX));
  }
  if (!fs.existsSync(path.join(dir, 'package.json'))) fs.writeFileSync(path.join(dir, 'package.json'), PACKAGE_JSON);
  return dir;
}

/** The path of a checked-in fixture (for read-only use, e.g. broken projects). */
export function fixturePath(name: string): string {
  return path.join(FIXTURES, name);
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON. */
  json<T = any>(): T;
}

/** Runs `trellis argv` in this process, capturing its output. */
export async function cli(argv: readonly string[], options: { projectDir: string; env: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const output = { out: (t: string) => out.push(t), err: (t: string) => err.push(t), errRaw: (t: string) => err.push(t), color: false, tty: false };
  const code = await main(argv, { projectDir: options.projectDir, env: options.env, output, signal: options.signal ?? new AbortController().signal });
  const stdout = out.join('\n');
  return { code, stdout, stderr: err.join('\n'), json: () => JSON.parse(stdout) };
}

/** The environment for a project: this process's, with TRELLIS_HOME (and whatever else) set. */
export function projectEnv(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.TRELLIS_PROJECT;
  delete env.TRELLIS_CONCURRENCY;
  return env;
}

export interface SpawnedCli {
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) and the output. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts `node bin/trellis.js argv --project dir` as a separate process. */
export function spawnCli(argv: readonly string[], options: { projectDir: string; env: NodeJS.ProcessEnv }): SpawnedCli {
  const child = spawn(process.execPath, [path.join(REPO, 'bin/trellis.js'), ...argv, '--project', options.projectDir],
    { env: { ...options.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exited };
}

/** Waits until `file` exists (or `child` exits, or `timeoutMs` passes: then throws, with the child's output). */
export async function waitForFile(file: string, spawned?: SpawnedCli, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let done = false;
  void spawned?.exited.then(() => { done = true; });
  while (!fs.existsSync(file)) {
    if (done) {
      const r = await spawned!.exited;
      throw new Error(`the process exited (${r.code ?? r.signal}) before ${file} appeared:\n${r.stdout}\n${r.stderr}`);
    }
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Runs `sql` on the warehouse of a state directory (no command may be running on it in this process). */
export async function queryWarehouse(home: string, sql: string): Promise<Row[]> {
  const warehouse = await openDuckDb(path.join(home, 'warehouse.duckdb'));
  try {
    const session = await warehouse.session();
    try {
      return await session.query(sql);
    } finally {
      await session.close();
    }
  } finally {
    await warehouse.close();
  }
}

/**
 * The real Carttrend project on freshly generated sample data (scale 0.1,
 * seed 42) in a new state directory, after `materialize --json --select S`.
 */
export async function materializeCarttrend(select: string): Promise<{ home: string; data: string; result: CliResult }> {
  const data = path.join(tempDir('trellis-carttrend-data-'), 'raw');
  // Loaded here, not at the top: the generator brings exceljs, which most test files never need.
  const { generateDemoData } = await import('../../assets/carttrend/demo-data/index.ts');
  await generateDemoData({ outDir: data, scale: 0.1, seed: 42 });
  const home = tempHome();
  const result = await cli(['materialize', '--json', '--select', select],
    { projectDir: REPO, env: projectEnv({ TRELLIS_HOME: home, CARTTREND_DATA_DIR: data }) });
  return { home, data, result };
}
