/**
 * Projects made by `trellis init`, installed with the real npm and driven
 * through their own `node_modules/.bin/trellis`, as a user does.
 *
 * @example
 * const dir = path.join(tempDir(), 'demo');
 * await run(process.execPath, [TRELLIS_BIN, 'init', dir]);
 * await npmInstall(dir);
 * const r = await projectCli(dir, ['list', '--json'], tempHome());
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO } from './project.ts';

/** This checkout's CLI. */
export const TRELLIS_BIN = path.join(REPO, 'bin/trellis.js');

export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a child: this one's, without what vitest or a parent Trellis set. */
export function childEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  for (const name of ['TRELLIS_PROJECT', 'TRELLIS_CONCURRENCY', 'NODE_ENV', 'VITEST', 'VITEST_WORKER_ID', 'VITEST_POOL_ID']) delete env[name];
  if (!extra.TRELLIS_HOME) delete env.TRELLIS_HOME;
  return env;
}

/** Runs a program to its end; never throws on a non-zero exit (the code is in the result). */
export function run(file: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { cwd: options.cwd, env: options.env ?? childEnv(), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      if (code === null) reject(error);
      else resolve({ code, stdout, stderr });
    });
  });
}

/**
 * `npm install` in `dir`, from npm's cache where it can (the registry only
 * for what the cache lacks); fails with npm's output.
 */
export async function npmInstall(dir: string, ...args: string[]): Promise<void> {
  const r = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...args], { cwd: dir });
  if (r.code !== 0) throw new Error(`npm install in ${dir} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
}

/** `trellis args` through the project's own node_modules/.bin/trellis, its state in `home`. */
export function projectCli(dir: string, args: readonly string[], home: string): Promise<Ran> {
  return run(path.join(dir, 'node_modules/.bin/trellis'), args, { cwd: dir, env: childEnv({ TRELLIS_HOME: home }) });
}

/** Starts `trellis ui --port 0` in the project; resolves with its URL once it listens. */
export function startProjectUi(dir: string, home: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(path.join(dir, 'node_modules/.bin/trellis'), ['ui', '--port', '0'],
    { cwd: dir, env: childEnv({ TRELLIS_HOME: home }), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(output)?.[0];
      if (url) resolve({ url, child });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('close', (code) => reject(new Error(`trellis ui exited (${code}) before listening:\n${output}`)));
  });
}
