/**
 * Trellis as an installed package: a real `npm pack` of this checkout, a
 * project made by `trellis init --from <tarball>`, `npm install` of it (npm's
 * cache first, the registry for what it lacks), then the installed CLI:
 * `materialize`, `list --json`, the project's own test, `trellis ui` serving
 * the web app shipped in the package, and `trellis init` run from the
 * installed copy pointing the next project at the same tarball.
 *
 * Slow on purpose, so in a file of its own: the install compiles
 * better-sqlite3 from source (no prebuilt binary is reachable here), about
 * 70-100 s on two cores, of the 2 minutes this file takes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemp, REPO, tempDir, tempHome } from './support/project.ts';
import { childEnv, npmInstall, projectCli, run, startProjectUi, TRELLIS_BIN } from './support/scaffold.ts';

afterAll(cleanupTemp);

let work: string;
let tarball: string;
let dir: string;
let installed: string;
let home: string;

/** Every file of a folder with its modification time, to see that a command rewrote none. */
function mtimes(folder: string): Map<string, number> {
  const files = fs.readdirSync(folder, { recursive: true, encoding: 'utf8' });
  return new Map(files.map((f) => [f, fs.statSync(path.join(folder, f)).mtimeMs]));
}

beforeAll(async () => {
  work = tempDir('trellis-install-');
  const packed = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: REPO });
  expect(packed.code, packed.stderr).toBe(0);
  tarball = path.join(work, JSON.parse(packed.stdout)[0].filename);
  dir = path.join(work, 'demo');
  const made = await run(process.execPath, [TRELLIS_BIN, 'init', 'demo', '--from', path.basename(tarball)], { cwd: work });
  expect(made.code, made.stderr).toBe(0);
  await npmInstall(dir);
  installed = path.join(dir, 'node_modules/trellis');
  home = tempHome();
}, 480_000);

describe('a project installed from the packed tarball', () => {
  it('depends on the tarball and gets a copy of the package with its compiled framework, web app and template', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies.trellis).toBe(`file:../${path.basename(tarball)}`);
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    for (const file of ['bin/trellis.js', 'dist/core/index.js', 'dist/core/cli/main.js', 'core/index.ts', 'ui/dist/index.html', 'templates/project/data/orders.csv']) {
      expect(fs.existsSync(path.join(installed, file)), file).toBe(true);
    }
    // What only developing Trellis needs stays out of the package.
    for (const absent of ['test', 'bench', 'assets', 'sql', 'ui/src', 'dist/assets']) expect(fs.existsSync(path.join(installed, absent)), absent).toBe(false);
    expect(fs.realpathSync(path.join(dir, 'node_modules/.bin/trellis'))).toBe(path.join(installed, 'bin/trellis.js'));
  });

  it('materializes with the installed CLI, lists its assets fresh, and rewrites nothing in the package', async () => {
    const before = mtimes(installed);
    const result = await projectCli(dir, ['materialize', '--json'], home);
    expect(result.code, result.stderr).toBe(0);
    const run1 = JSON.parse(result.stdout);
    expect(run1.status).toBe('success');
    expect(run1.assets.map((a: { key: string; decision: string }) => `${a.key} ${a.decision}`))
      .toEqual(['raw.orders ran', 'marts.daily_revenue ran', 'analytics.revenue_trend ran']);
    expect(run1.checks.filter((c: { passed: boolean }) => !c.passed)).toEqual([]);
    const listed = await projectCli(dir, ['list', '--json'], home);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).map((a: { key: string; status: string }) => `${a.key} ${a.status}`))
      .toEqual(['raw.orders fresh', 'marts.daily_revenue fresh', 'analytics.revenue_trend fresh']);
    // npm does not keep the packed files' times: an installed copy must not take them as edits and recompile itself.
    expect(mtimes(installed)).toEqual(before);
  });

  it("passes the project's own test, which imports the framework as 'trellis'", async () => {
    const r = await run('npm', ['test'], { cwd: dir, env: childEnv() });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/^# pass 2$/m);
  });

  it('serves the web app shipped in the package with `trellis ui`', async () => {
    const { url, child } = await startProjectUi(dir, tempHome());
    try {
      const page = await fetch(url);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<title>Trellis</title>');
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      expect((await fetch(new URL(script!, url))).status).toBe(200);
      const graph = await (await fetch(new URL('/api/assets', url))).json() as { assets: Array<{ key: string }> };
      expect(graph.assets.map((a) => a.key).sort()).toEqual(['analytics.revenue_trend', 'marts.daily_revenue', 'raw.orders']);
    } finally {
      const closed = new Promise((resolve) => child.once('close', resolve));
      child.kill('SIGINT');
      await closed;
    }
  });

  it('scaffolds the next project with `npx trellis init`, depending on the same tarball', async () => {
    const r = await run('npx', ['--no-install', 'trellis', 'init', '../second'], { cwd: dir, env: childEnv() });
    expect(r.code, r.stderr).toBe(0);
    const second = JSON.parse(fs.readFileSync(path.join(work, 'second/package.json'), 'utf8'));
    expect(second.dependencies.trellis).toBe(`file:../${path.basename(tarball)}`);
  });
});
