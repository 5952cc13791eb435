/**
 * `trellis demo-data` and `trellis demo` work for any project that declares
 * sample data in trellis.config.ts, and say how to declare it when a project
 * has none: the CLI knows no sample project of its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTemp, cli, makeProject, projectEnv, tempHome } from './support/project.ts';

afterAll(cleanupTemp);

const SHOP = {
  'trellis.config.ts': "export default { sampleData: 'assets/sample.ts' };\n",
  'assets/sample.ts': `import fs from 'node:fs';
import path from 'node:path';
import { defineSampleData } from '@trellis';
export default defineSampleData({
  description: 'a sample of shop orders',
  formats: ['csv'],
  dataDir: ({ projectDir, env }) => path.resolve(projectDir, env.SHOP_DATA ?? 'data'),
  async generate({ outDir, scale }) {
    fs.mkdirSync(outDir, { recursive: true });
    const n = Math.round(10 * scale);
    fs.writeFileSync(path.join(outDir, 'orders.csv'), ['id', ...Array.from({ length: n }, (_, i) => String(i + 1))].join('\\n'));
    return { files: ['orders.csv'], rows: { orders: n } };
  },
});
`,
  'assets/index.ts': `import fs from 'node:fs';
import path from 'node:path';
import { defineSource } from '@trellis';
export const orders = defineSource({ key: 'raw.orders', files: ({ projectDir }) => [path.join(projectDir, 'data/orders.csv')],
  async materialize(ctx) {
    const ids = fs.readFileSync(path.join(ctx.projectDir, 'data/orders.csv'), 'utf8').split('\\n').slice(1);
    await ctx.writeTable([{ name: 'id', type: 'BIGINT' }], ids.map((id) => [Number(id)]));
  } });
`,
};

describe('sample data declared by the project', () => {
  it('demo generates the project sample where its sources read, then materializes it', async () => {
    const dir = makeProject(SHOP);
    const env = projectEnv({ TRELLIS_HOME: tempHome() });
    const r = await cli(['demo'], { projectDir: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('generating a sample of shop orders');
    expect(r.stdout).toMatch(/1 ran/);
    expect(fs.readFileSync(path.join(dir, 'data/orders.csv'), 'utf8').split('\n')).toHaveLength(11);
    const again = await cli(['demo'], { projectDir: dir, env });
    expect(again.stdout).toContain('using the data in');
    expect(again.stdout).toContain('nothing to do');
  });

  it('demo-data names a folder outside the current one by its absolute path, as it was given', async () => {
    const out = path.join(tempHome(), 'other');
    const r = await cli(['demo-data', '--out', out], { projectDir: makeProject(SHOP), env: projectEnv({ TRELLIS_HOME: tempHome() }) });
    expect(r.code, r.stderr).toBe(0);
    expect(path.isAbsolute(out) && path.relative(process.cwd(), out).startsWith('..')).toBe(true);
    expect(r.stdout).toContain(`to ${out} in`);
    expect(fs.existsSync(path.join(out, 'orders.csv'))).toBe(true);
  });

  it('demo-data refuses a format the project does not offer, naming those it does', async () => {
    const r = await cli(['demo-data', '--format', 'xlsx'], { projectDir: makeProject(SHOP), env: projectEnv({ TRELLIS_HOME: tempHome() }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--format must be csv, got 'xlsx'");
  });

  it('a project without sample data is told how to declare it', async () => {
    const dir = makeProject({ 'sql/m/a.sql': 'select 1 as x' });
    const r = await cli(['demo-data'], { projectDir: dir, env: projectEnv({ TRELLIS_HOME: tempHome() }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('this project declares no sample data');
    expect(r.stderr).toContain("fix: name a module in trellis.config.ts, e.g. sampleData: 'assets/sample-data.ts'");
  });
});
