// The SQL model cache must give exactly what a fresh load gives, and miss on any edit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSqlModelsCached } from '../core/sql-cache.ts';
import { moduleStamp, stampDirectory } from '../core/hash.ts';
import { pathToFileURL } from 'node:url';
import { loadSqlModels } from '../core/sql-models.ts';
import { dialects, type AssetDefinition } from '../core/index.ts';
import { carttrendSources } from '../assets/carttrend/sources.ts';

const root = path.resolve(import.meta.dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-sql-cache-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const options = { dialect: dialects.duckdb, externalKeys: carttrendSources.map((s) => s.options.key), defaultSchema: 'main' };

/** Everything a definition carries, with checks rendered to their SQL so functions compare. */
function comparable(defs: readonly AssetDefinition[]) {
  return defs.map(({ checks, ...rest }) => ({
    ...rest,
    checks: checks.map((c) => ({ name: c.name, severity: c.severity, sql: c.type === 'sql' ? c.failingRows('"s"."t"', dialects.duckdb) : null })),
  }));
}

describe('the SQL model cache', () => {
  it('serves the Carttrend models exactly as a fresh load does', () => {
    const cacheFile = path.join(work, 'carttrend.json');
    const fresh = loadSqlModels(root, options);
    const first = loadSqlModelsCached(root, options, cacheFile);
    expect(fs.existsSync(cacheFile)).toBe(true);
    const second = loadSqlModelsCached(root, options, cacheFile);
    expect(comparable(first.definitions)).toEqual(comparable(fresh.definitions));
    expect(comparable(second.definitions)).toEqual(comparable(fresh.definitions));
    expect(second.definitions.flatMap((d) => d.checks).length).toBeGreaterThan(100);
  });

  it('misses when a model, a schema file or the known assets change', () => {
    const project = path.join(work, 'project');
    fs.mkdirSync(path.join(project, 'sql/m'), { recursive: true });
    fs.writeFileSync(path.join(project, 'sql/m/a.sql'), 'select 1 as x');
    fs.writeFileSync(path.join(project, 'sql/m/schema.yml'), 'models:\n  - name: a\n    columns:\n      - name: x\n        tests: [not_null]\n');
    const cacheFile = path.join(work, 'project.json');
    const opts = { dialect: dialects.duckdb, defaultSchema: 'main' };
    expect(loadSqlModelsCached(project, opts, cacheFile).definitions[0]!.sql).toBe('select 1 as x');
    fs.writeFileSync(path.join(project, 'sql/m/a.sql'), 'select 2 as x');
    expect(loadSqlModelsCached(project, opts, cacheFile).definitions[0]!.sql).toBe('select 2 as x');
    fs.writeFileSync(path.join(project, 'sql/m/schema.yml'), 'models:\n  - name: a\n    columns:\n      - name: x\n        tests: [unique]\n');
    expect(loadSqlModelsCached(project, opts, cacheFile).definitions[0]!.checks.map((c) => c.name)).toEqual(['unique(x)']);
    fs.writeFileSync(path.join(project, 'sql/m/a.sql'), "select * from {{ ref('b') }}");
    expect(loadSqlModelsCached(project, opts, cacheFile).problems).toHaveLength(1);
    expect(loadSqlModelsCached(project, { ...opts, externalKeys: ['main.b'] }, cacheFile).definitions[0]!.deps).toEqual(['main.b']);
  });
});

describe('moduleStamp (what keys the caches to the framework code that filled them)', () => {
  it('changes when a named module changes, with the extension of the build it runs from', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-stamp-'));
    fs.mkdirSync(path.join(dir, 'dialect'));
    fs.writeFileSync(path.join(dir, 'template.ts'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(dir, 'dialect', 'duckdb.js'), 'export const b = 1;\n');
    const fromSource = () => moduleStamp(pathToFileURL(path.join(dir, 'sql-cache.ts')).href, ['template']);
    const compiled = () => moduleStamp(pathToFileURL(path.join(dir, 'sql-cache.js')).href, ['dialect/duckdb']);
    const [source, built] = [fromSource(), compiled()];
    expect(source).not.toContain('missing');
    expect(built).not.toContain('missing');
    fs.writeFileSync(path.join(dir, 'template.ts'), 'export const a = 22;\n');
    fs.writeFileSync(path.join(dir, 'dialect', 'duckdb.js'), 'export const b = 22;\n');
    expect(fromSource()).not.toBe(source);
    expect(compiled()).not.toBe(built);
    expect(moduleStamp(pathToFileURL(path.join(dir, 'x.ts')).href, ['gone'])).toBe('missing');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('stampDirectory (the SQL cache is keyed by every framework module)', () => {
  it('changes when any module changes, however deep, and only for modules', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-framework-'));
    fs.mkdirSync(path.join(dir, 'execution/deeper'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'checks.ts'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(dir, 'execution/deeper/build.js'), 'export const b = 1;\n');
    const before = stampDirectory(dir);
    fs.writeFileSync(path.join(dir, 'notes.md'), 'not code');
    expect(stampDirectory(dir)).toBe(before);
    fs.writeFileSync(path.join(dir, 'execution/deeper/build.js'), 'export const b = 22;\n');
    const edited = stampDirectory(dir);
    expect(edited).not.toBe(before);
    fs.writeFileSync(path.join(dir, 'execution/new-module.ts'), '');
    expect(stampDirectory(dir)).not.toBe(edited);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
