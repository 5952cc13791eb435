/**
 * Code versions: cosmetic edits (whitespace, comments) keep them, anything
 * that can change behaviour (a literal, a local module imported) changes them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject, normalizeScript, normalizeSql, sqlCodeVersion } from '../core/index.ts';
import { moduleCodeVersion } from '../core/versions.ts';
import { cleanupTemp, makeProject, projectEnv, spawnCli, tempHome, writeFiles } from './support/project.ts';

afterAll(cleanupTemp);

describe('normalizeSql', () => {
  it('drops comments and collapses whitespace', () => {
    expect(normalizeSql('-- header\nselect  a,\n\tb -- trailing\nfrom /* block\ncomment */ t\n')).toBe('select a, b from t');
  });

  it('keeps string literals and quoted identifiers exactly', () => {
    expect(normalizeSql("select 'a  b' as \"x  y\"")).toBe("select 'a  b' as \"x  y\"");
    expect(normalizeSql("select 'a  b'")).not.toBe(normalizeSql("select 'a b'"));
    expect(normalizeSql("select '-- not a comment', '/* nor this */'")).toBe("select '-- not a comment', '/* nor this */'");
    expect(normalizeSql("where name = 'it''s  --here'  and x=1")).toBe("where name = 'it''s  --here' and x=1");
  });

  it('keeps case: it is code', () => {
    expect(normalizeSql('select A from t')).not.toBe(normalizeSql('select a from t'));
  });

  it('gives the same SQL code version to cosmetic variants only', () => {
    const base = sqlCodeVersion("select id, 'x' as tag from t where a > 1", { materialized: 'view' });
    expect(sqlCodeVersion("-- doc\nselect id,\n  'x' as tag   /* why */\nfrom t\nwhere a > 1\n", { materialized: 'view' })).toBe(base);
    expect(sqlCodeVersion("select id, 'x ' as tag from t where a > 1", { materialized: 'view' })).not.toBe(base);
    expect(sqlCodeVersion("select id, 'x' as tag from t where a > 1", { materialized: 'table' })).not.toBe(base);
  });
});

describe('normalizeScript', () => {
  it('drops comments and formatting, keeping the space between words', () => {
    expect(normalizeScript('// note\nconst  x = 1; /* block */\nexport   function f ( a ) {\n  return a  +  x;\n}\n'))
      .toBe('const x=1;export function f(a){return a+x;}');
  });

  it('keeps string and template literals intact', () => {
    expect(normalizeScript("const s = 'a  b'; const t = `x  ${y}`;")).toBe("const s='a  b';const t=`x  ${y}`;");
    expect(normalizeScript("const s = 'a  b'")).not.toBe(normalizeScript("const s = 'a b'"));
    expect(normalizeScript("const url = 'http://example.com'; // real comment")).toBe("const url='http://example.com';");
    expect(normalizeScript("const s = 'it\\'s // still a string';")).toBe("const s='it\\'s // still a string';");
  });

  it('tells different code apart', () => {
    expect(normalizeScript('return a + b')).not.toBe(normalizeScript('return a - b'));
    expect(normalizeScript('const ab = 1')).not.toBe(normalizeScript('const a b = 1'));
  });
});

describe('moduleCodeVersion', () => {
  const framework = path.resolve('core');
  const files = {
    'assets/asset.ts': "import { rate } from './helper.ts';\nimport { unit } from './lib/units.js';\nexport const value = () => rate * unit;\n",
    'assets/helper.ts': '// The rate.\nexport const rate = 0.2;\n',
    'assets/lib/units.ts': 'export const unit = 100;\n',
    'assets/unrelated.ts': 'export const other = 1;\n',
  };

  it('changes when an imported local module changes, transitively, but not on a comment edit', () => {
    const dir = makeProject(files);
    const entry = path.join(dir, 'assets/asset.ts');
    const version = () => moduleCodeVersion(entry, { kind: 'ts' }, framework);
    const original = version();
    expect(version()).toBe(original);

    writeFiles(dir, { 'assets/helper.ts': '/**\n * The rate, documented.\n */\nexport const rate   =   0.2; // twenty percent\n' });
    expect(version()).toBe(original);

    writeFiles(dir, { 'assets/unrelated.ts': 'export const other = 2;\n' });
    expect(version()).toBe(original);

    writeFiles(dir, { 'assets/helper.ts': 'export const rate = 0.25;\n' });
    const changedHelper = version();
    expect(changedHelper).not.toBe(original);

    // A module imported through its compiled name (`./lib/units.js`) counts too.
    writeFiles(dir, { 'assets/lib/units.ts': 'export const unit = 1000;\n' });
    expect(version()).not.toBe(changedHelper);
  });

  it('includes the asset config', () => {
    const dir = makeProject(files);
    const entry = path.join(dir, 'assets/asset.ts');
    expect(moduleCodeVersion(entry, { config: { horizon: 30 } }, framework))
      .not.toBe(moduleCodeVersion(entry, { config: { horizon: 60 } }, framework));
  });

  it('ignores the framework itself', () => {
    const dir = makeProject({ 'assets/asset.ts': "import './fw/core.ts';\nexport const x = 1;\n", 'assets/fw/core.ts': 'export const v = 1;\n' });
    const entry = path.join(dir, 'assets/asset.ts');
    const fw = path.join(dir, 'assets/fw');
    const before = moduleCodeVersion(entry, {}, fw);
    fs.writeFileSync(path.join(fw, 'core.ts'), 'export const v = 2;\n');
    expect(moduleCodeVersion(entry, {}, fw)).toBe(before);
  });

  it('is what a loaded TypeScript asset carries as its code version', async () => {
    const dir = makeProject({
      'assets/index.ts': "import { defineAsset } from '@trellis';\nimport { rows } from './rows.ts';\n" +
        "export const a = defineAsset({ key: 'x.a', async materialize(ctx) { await ctx.writeTable([{ name: 'n', type: 'BIGINT' }], rows); } });\n",
      'assets/rows.ts': 'export const rows = [[1], [2]];\n',
    });
    const env = projectEnv({ TRELLIS_HOME: tempHome() });
    const codeVersion = async () => (await loadProject(dir, env)).graph.get('x.a').codeVersion;
    const original = await codeVersion();
    writeFiles(dir, { 'assets/rows.ts': '// Two rows.\nexport const rows = [\n  [1],\n  [2]\n];\n' });
    expect(await codeVersion()).toBe(original);
    writeFiles(dir, { 'assets/rows.ts': 'export const rows = [[1], [2], [3]];\n' });
    expect(await codeVersion()).not.toBe(original);
  });
});

describe('the module cache kept between processes', () => {
  it('sees an imported module edited between two commands, and not a comment edit', async () => {
    const dir = makeProject({
      'assets/index.ts': "import { defineAsset } from '@trellis';\nimport { rate } from './helper.ts';\n" +
        "export const priced = defineAsset({ key: 'm.priced', async materialize(ctx) {\n" +
        "  await ctx.writeTable([{ name: 'rate', type: 'DOUBLE' }], [[rate]]);\n} });\n",
      'assets/helper.ts': 'export const rate = 0.2;\n',
    });
    const env = projectEnv({ TRELLIS_HOME: tempHome() });
    const status = async () => {
      const r = await spawnCli(['list', '--json'], { projectDir: dir, env }).exited;
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as Array<{ status: string; causes: string[] }>)[0]!;
    };
    const built = await spawnCli(['materialize'], { projectDir: dir, env }).exited;
    expect(built.code, built.stderr).toBe(0);
    expect(fs.existsSync(path.join(env.TRELLIS_HOME!, 'cache', 'modules.json'))).toBe(true);
    expect((await status()).status).toBe('fresh');

    writeFiles(dir, { 'assets/helper.ts': '// The rate, documented.\nexport const rate = 0.2;\n' });
    expect((await status()).status).toBe('fresh');
    writeFiles(dir, { 'assets/helper.ts': 'export const rate = 0.25;\n' });
    const edited = await status();
    expect(edited.status).toBe('stale');
    expect(edited.causes.join('\n')).toMatch(/code/);
  });
});
