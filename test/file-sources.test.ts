/**
 * Sources the warehouse reads itself: `defineSource({ format })` loads CSV,
 * JSON and Parquet with DuckDB's own readers, observes the files for changes,
 * feeds SQL models, and a bad declaration is a project error with the fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject, openDuckDb, ProjectError } from '../core/index.ts';
import { cleanupTemp, cli, makeProject, projectEnv, tempHome } from './support/project.ts';

afterAll(cleanupTemp);

const sources = `import path from 'node:path';
import { defineSource } from '@trellis';
export const rates = defineSource({ key: 'raw.rates', format: 'csv', csv: { delimiter: ';' },
  files: ({ projectDir }) => [path.join(projectDir, 'data/rates.csv')] });
export const events = defineSource({ key: 'raw.events', format: 'json',
  files: ({ projectDir }) => [path.join(projectDir, 'data/events-1.json'), path.join(projectDir, 'data/events-2.json')] });
`;

function project(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = makeProject({
    'assets/index.ts': sources,
    'data/rates.csv': 'currency;rate;day\nEUR;1.0;2024-01-01\nUSD;"1,08";2024-01-01\nGBP;0.86;2024-01-02\n',
    'data/events-1.json': '{"id": 1, "kind": "click"}\n{"id": 2, "kind": "view"}\n',
    'data/events-2.json': '{"id": 3, "kind": "click"}\n',
    'sql/marts/clicks.sql': "{{ config(schema='marts') }}\nselect count(*) as clicks from {{ ref('raw.events') }} where kind = 'click'",
  });
  return { dir, env: projectEnv({ TRELLIS_HOME: tempHome() }) };
}

describe('sources read by the warehouse', () => {
  it('loads CSV and multi-file JSON with the types the reader infers, and models read them', async () => {
    const { dir, env } = project();
    const run = await cli(['materialize', '--json'], { projectDir: dir, env });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { assets: { key: string; decision: string; rows: number | null }[] };
    expect(result.assets.map((a) => [a.key, a.decision, a.rows])).toEqual([
      ['raw.events', 'ran', 3], ['raw.rates', 'ran', 3], ['marts.clicks', 'ran', null],
    ]);
    const warehouse = await openDuckDb(path.join(env.TRELLIS_HOME!, 'warehouse.duckdb'));
    const session = await warehouse.session();
    try {
      expect(await session.query('SELECT clicks FROM marts.clicks')).toEqual([{ clicks: 2 }]);
      expect((await warehouse.columns({ schema: 'raw', name: 'rates' })).map((c) => `${c.name} ${c.type}`))
        .toEqual(['currency VARCHAR', 'rate VARCHAR', 'day DATE']);
      expect(await session.query("SELECT currency, rate FROM raw.rates WHERE currency = 'USD'")).toEqual([{ currency: 'USD', rate: '1,08' }]);
    } finally {
      await session.close();
      await warehouse.close();
    }
  });

  it('reloads a source when its file changes, and only then', async () => {
    const { dir, env } = project();
    expect((await cli(['materialize'], { projectDir: dir, env })).code).toBe(0);
    const noop = JSON.parse((await cli(['materialize', '--json'], { projectDir: dir, env })).stdout) as { assets: { decision: string }[] };
    expect(noop.assets.every((a) => a.decision === 'skipped')).toBe(true);
    fs.appendFileSync(path.join(dir, 'data/events-2.json'), '{"id": 4, "kind": "click"}\n');
    const after = JSON.parse((await cli(['materialize', '--json'], { projectDir: dir, env })).stdout) as { assets: { key: string; decision: string; rows: number | null }[] };
    expect(after.assets.filter((a) => a.decision === 'ran').map((a) => [a.key, a.rows])).toEqual([['raw.events', 4], ['marts.clicks', null]]);
  });

  it('fails the source, naming the file, when a file is malformed, and keeps the last table', async () => {
    const { dir, env } = project();
    expect((await cli(['materialize'], { projectDir: dir, env })).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'data/events-1.json'), '{"id": 1, "kind": ');
    const run = await cli(['materialize', '--json'], { projectDir: dir, env });
    expect(run.code).toBe(1);
    const failed = (JSON.parse(run.stdout) as { assets: { key: string; decision: string; reason: string }[] }).assets.find((a) => a.key === 'raw.events')!;
    expect(failed.decision).toBe('failed');
    expect(failed.reason).toMatch(/events-1\.json/);
    const warehouse = await openDuckDb(path.join(env.TRELLIS_HOME!, 'warehouse.duckdb'));
    const session = await warehouse.session();
    try {
      expect(await session.query('SELECT count(*) AS n FROM raw.events')).toEqual([{ n: 3 }]);
    } finally {
      await session.close();
      await warehouse.close();
    }
  });

  it('reports a bad declaration with the file, the asset and the fix', async () => {
    const dir = makeProject({
      'assets/index.ts': `import { defineSource } from '@trellis';
export const a = defineSource({ key: 'raw.a', format: 'xlsx', files: () => ['a.xlsx'] } as never);
export const b = defineSource({ key: 'raw.b', files: () => ['b.csv'] } as never);
export const c = defineSource({ key: 'raw.c', format: 'json', csv: { delimiter: ';;' }, files: () => ['c.json'] } as never);
export const d = defineSource({ key: 'raw.d', format: 'csv', files: () => ['d.csv'], async materialize() {} } as never);
`,
    });
    const error = await loadProject(dir, projectEnv({ TRELLIS_HOME: tempHome() })).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectError);
    const problems = (error as ProjectError).problems.map((p) => ({ asset: p.asset, file: p.file, message: p.message, fix: p.fix }));
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ asset: 'raw.a', file: 'assets/index.ts', message: "format: \"xlsx\" is not one of 'csv', 'parquet', 'json'" }),
      expect.objectContaining({ asset: 'raw.b', message: 'a source has neither `format` nor a materialize function',
        fix: expect.stringMatching(/format: 'csv'/) }),
      expect.objectContaining({ asset: 'raw.c', message: "csv: only applies to format 'csv', not 'json'" }),
      expect.objectContaining({ asset: 'raw.c', message: 'csv.delimiter: must be one character, got ";;"' }),
      expect.objectContaining({ asset: 'raw.d', message: 'format: a source has both `format` and a materialize function' }),
    ]));
  });
});
