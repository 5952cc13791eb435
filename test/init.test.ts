/**
 * `trellis init DIR`: the project it writes, bad input (a non-empty folder,
 * a name npm refuses, a --from that does not exist), and the project at work:
 * installed with npm from this checkout (a `file:` link, as `npm install
 * <path>` makes), it materializes, lists its assets fresh, its own test
 * passes, and an edit of its CSV makes exactly its lineage stale.
 * (test/install.test.ts does the same from a packed tarball.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemp, cli, projectEnv, REPO, tempDir, tempHome } from './support/project.ts';
import { npmInstall, projectCli, run } from './support/scaffold.ts';

afterAll(cleanupTemp);

const init = (...args: string[]) => cli(['init', ...args], { projectDir: REPO, env: projectEnv({}) });
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

const FILES = [
  '.gitignore', 'README.md', 'assets/index.ts', 'assets/orders.ts', 'assets/revenue-trend.ts', 'data/orders.csv',
  'package.json', 'sql/marts/daily_revenue.sql', 'sql/marts/schema.yml', 'test/pipeline.test.ts', 'trellis.config.ts', 'tsconfig.json',
];

describe('trellis init writes a project', () => {
  let dir: string;
  let printed: string;

  beforeAll(async () => {
    dir = path.join(tempDir('trellis-init-'), 'shop-demo');
    const r = await init(dir);
    expect(r.code, r.stderr).toBe(0);
    printed = r.stdout;
  });

  it('with a source, a SQL model and its schema file, a TypeScript asset, a test and a .gitignore', () => {
    const written = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
    expect(written).toEqual(FILES);
    expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')).toMatch(/^node_modules\/$[\s\S]*^\.trellis\/$/m);
    expect(fs.readFileSync(path.join(dir, 'sql/marts/daily_revenue.sql'), 'utf8')).toContain("{{ source('raw', 'orders') }}");
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toMatch(/^# shop-demo$/m);
  });

  it('whose package.json is named after the folder and depends on the Trellis it was run from', () => {
    const pkg = readJson(path.join(dir, 'package.json'));
    expect(pkg).toMatchObject({ name: 'shop-demo', type: 'module', private: true, scripts: { test: expect.stringContaining('test/pipeline.test.ts') } });
    expect(pkg.dependencies.trellis).toMatch(/^file:/);
    expect(path.resolve(dir, pkg.dependencies.trellis.slice('file:'.length))).toBe(REPO);
    // tsx runs the project's TypeScript tests: the version Trellis itself runs on.
    expect(pkg.devDependencies.tsx).toBe(readJson(path.join(REPO, 'package.json')).dependencies.tsx);
  });

  it('and prints what it wrote and the next steps', () => {
    expect(printed).toContain(`created shop-demo in ${dir}`);
    for (const file of FILES) expect(printed).toContain(`  ${file}`);
    const steps = printed.slice(printed.indexOf('next steps:'));
    expect(steps.split('\n').map((l) => l.trim()).slice(1, 4)).toEqual([`cd ${dir}`, 'npm install', 'npx trellis materialize']);
  });

  it('into an existing empty folder, and with --name', async () => {
    const empty = tempDir('trellis-init-empty-');
    const r = await init(empty, '--name', 'sales-pipeline');
    expect(r.code, r.stderr).toBe(0);
    expect(readJson(path.join(empty, 'package.json')).name).toBe('sales-pipeline');
  });
});

describe('trellis init refuses bad input with exit code 2, writing nothing', () => {
  it('a folder that is not empty, naming what is in it', async () => {
    const dir = tempDir('trellis-init-full-');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    fs.mkdirSync(path.join(dir, 'src'));
    const r = await init(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${dir} is not empty (it has notes.txt, src); trellis init writes only into a new or empty folder`);
    expect(r.stderr).toContain('fix: choose a new folder name, e.g. `trellis init my-project`, or empty this one');
    expect(fs.readdirSync(dir).sort()).toEqual(['notes.txt', 'src']);
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('a folder name npm cannot take as a package name, suggesting one it can', async () => {
    const parent = tempDir('trellis-init-name-');
    const r = await init(path.join(parent, 'My Shop'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'My Shop' cannot be the project's package name: it has capital letters");
    expect(r.stderr).toContain('fix: name the folder, or pass --name, with lowercase letters, digits and dashes, e.g. my-shop');
    expect(fs.readdirSync(parent)).toEqual([]);
    const renamed = await init(path.join(parent, 'My Shop'), '--name', 'my-shop');
    expect(renamed.code, renamed.stderr).toBe(0);
  });

  it.each([
    ['.hidden', "it starts with '.'"],
    ['has space', 'it has characters npm does not allow'],
    ['trellis', 'a project named trellis cannot depend on the trellis package'],
  ])('the name %j', async (name, reason) => {
    const parent = tempDir('trellis-init-name-');
    const r = await init(path.join(parent, 'x'), '--name', name);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`'${name}' cannot be the project's package name: ${reason}`);
    expect(fs.existsSync(path.join(parent, 'x'))).toBe(false);
  });

  it('a --from path that does not exist, and a missing or extra folder', async () => {
    const parent = tempDir('trellis-init-from-');
    const from = await init(path.join(parent, 'demo'), '--from', './no-such-trellis.tgz');
    expect(from.code).toBe(2);
    expect(from.stderr).toContain('--from ./no-such-trellis.tgz: no such file or folder');
    expect(fs.existsSync(path.join(parent, 'demo'))).toBe(false);
    const none = await init();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('init needs the folder of the new project');
    const two = await init('a', 'b');
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('init takes one folder, got 2: a b');
  });
});

describe('the new project, installed from this checkout', () => {
  let dir: string;
  let home: string;

  beforeAll(async () => {
    dir = path.join(tempDir('trellis-init-run-'), 'demo');
    const r = await init(dir);
    expect(r.code, r.stderr).toBe(0);
    await npmInstall(dir);
    home = tempHome();
  }, 120_000);

  it('links Trellis, materializes every asset with its checks passing, then lists them fresh', async () => {
    expect(fs.realpathSync(path.join(dir, 'node_modules/trellis'))).toBe(fs.realpathSync(REPO));
    const first = await projectCli(dir, ['materialize', '--json'], home);
    expect(first.code, first.stderr).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(result.status).toBe('success');
    expect(result.assets.map((a: { key: string; decision: string; rows: number }) => [a.key, a.decision, a.rows])).toEqual([
      ['raw.orders', 'ran', 38], ['marts.daily_revenue', 'ran', 13], ['analytics.revenue_trend', 'ran', 13],
    ]);
    expect(result.checks.length).toBe(11);
    expect(result.checks.filter((c: { passed: boolean }) => !c.passed)).toEqual([]);
    const listed = await projectCli(dir, ['list', '--json'], home);
    expect(JSON.parse(listed.stdout).map((a: { key: string; kind: string; status: string }) => [a.key, a.kind, a.status])).toEqual([
      ['raw.orders', 'source', 'fresh'], ['marts.daily_revenue', 'sql', 'fresh'], ['analytics.revenue_trend', 'ts', 'fresh'],
    ]);
  });

  it('passes its own test (npm test)', async () => {
    const r = await run('npm', ['test'], { cwd: dir });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/^# pass 2$/m);
    expect(r.stdout).toMatch(/^# fail 0$/m);
  });

  it('sees an edit of its CSV: the source and its lineage are stale, and a refund lowers the revenue', async () => {
    const csv = path.join(dir, 'data/orders.csv');
    fs.writeFileSync(csv, fs.readFileSync(csv, 'utf8').replace('1001,dana,2026-03-01,111.64,paid', '1001,dana,2026-03-01,111.64,refunded'));
    const listed = JSON.parse((await projectCli(dir, ['list', '--json'], home)).stdout) as Array<{ key: string; status: string; causes: string[] }>;
    expect(listed.map((a) => a.status)).toEqual(['stale', 'stale', 'stale']);
    expect(listed[0]!.causes.join(' ')).toContain('orders.csv');
    const again = await projectCli(dir, ['materialize', '--json'], home);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).assets.map((a: { decision: string }) => a.decision)).toEqual(['ran', 'ran', 'ran']);
  });
});
