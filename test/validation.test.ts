/**
 * Project files are validated, every problem collected with its file, line
 * and fix, and the forgiving shorthands a user writes are normalised (one
 * owner, one tag): schema.yml, a model's config(), defineAsset options and
 * trellis.config.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject, ProjectError, type Project } from '../core/index.ts';
import { buildCheck } from '../core/schema-file.ts';
import type { Problem } from '../core/errors.ts';
import { cleanupTemp, makeProject, projectEnv, tempHome } from './support/project.ts';

afterAll(cleanupTemp);

const load = (files: Record<string, string>): Promise<Project> => loadProject(makeProject(files), projectEnv({ TRELLIS_HOME: tempHome() }));

async function problemsOf(files: Record<string, string>): Promise<Problem[]> {
  const error = await load(files).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProjectError);
  return [...(error as ProjectError).problems];
}

describe('shorthands a user writes', () => {
  it('reads one owner and one tag as a list and a tag, in schema.yml, config() and defineAsset', async () => {
    const project = await load({
      'sql/m/a.sql': 'select 1 as x',
      'sql/m/b.sql': "{{ config(owners='carol', tags='finance') }}\nselect 2 as x",
      'sql/m/schema.yml': 'config:\n  schema: m\nmodels:\n  - name: a\n    config:\n      owners: alice\n      tags: ml\n',
      'assets/index.ts': `import { defineAsset } from '@trellis';
export const t = defineAsset({ key: 'm.t', owners: 'bob', tags: 'nightly', deps: 'm.a',
  async materialize(ctx) { await ctx.writeTable([{ name: 'n', type: 'BIGINT' }], [[1]]); } } as never);
`,
    });
    const { graph } = project;
    expect(graph.get('m.a')).toMatchObject({ owners: ['alice'], tags: { ml: '' } });
    expect(graph.get('m.b')).toMatchObject({ owners: ['carol'], tags: { finance: '' } });
    expect(graph.get('m.t')).toMatchObject({ owners: ['bob'], tags: { nightly: '' }, deps: ['m.a'] });
  });
});

describe('every problem, with its file, line and fix', () => {
  it('schema.yml: unknown tests, a misspelt field, a bad materialization, wrong types', async () => {
    const problems = await problemsOf({
      'sql/m/a.sql': 'select 1 as x',
      'sql/m/schema.yml': [
        'config:',              // 1
        '  schema: m',          // 2
        'models:',              // 3
        '  - name: a',          // 4
        '    config:',          // 5
        '      materalized: table', // 6
        '      owners: 42',     // 7
        '    columns:',         // 8
        '      - name: x',      // 9
        '        tests:',       // 10
        '          - not_nul',  // 11
        '          - unique',   // 12
        '          - { row_count: { min: 1 } }', // 13
        '  - name: a2',         // 14
        '', ].join('\n'),
    });
    const byLine = Object.fromEntries(problems.map((p) => [p.line, p]));
    expect(problems.every((p) => p.file === 'sql/m/schema.yml')).toBe(true);
    expect(byLine[6]).toMatchObject({ message: "models[0].config: unknown field 'materalized'", fix: "did you mean 'materialized'?" });
    expect(byLine[7]).toMatchObject({ message: expect.stringContaining('owners: expected a name or a list of names, got 42') });
    expect(byLine[11]).toMatchObject({ message: expect.stringContaining('unknown test "not_nul" on column x'), fix: "did you mean 'not_null'?" });
    expect(problems.find((p) => p.message.includes("model 'a2' is documented"))).toBeDefined();
    expect(problems).toHaveLength(4);
  });

  it('a model config() with a bad value names the model file and the line of the call', async () => {
    const problems = await problemsOf({
      'sql/m/schema.yml': 'config:\n  schema: m\n',
      'sql/m/a.sql': "-- a model\n\n{{ config(materialized='tabel', tags=[1, 2]) }}\nselect 1 as x",
    });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ file: 'sql/m/a.sql', line: 3, asset: 'm.a', fix: "did you mean 'table'?" });
    expect(problems[0]!.message).toContain("config().materialized: \"tabel\" is not one of 'view', 'table'");
    expect(problems[1]).toMatchObject({ file: 'sql/m/a.sql', line: 3 });
    expect(problems[1]!.message).toContain('config().tags: expected tags');
  });

  it('defineAsset options: a misspelt option, a bad retry policy, a check that is not one', async () => {
    const problems = await problemsOf({
      'assets/index.ts': `import { defineAsset } from '@trellis';
const body = async () => {};

export const t = defineAsset({ key: 'm.t', dep: ['m.x'], retry: { maxRetries: -1, delay: 5 }, checks: ['not_null'],
  materialize: body } as never);
`,
    });
    expect(problems.every((p) => p.file === 'assets/index.ts' && p.line === 4 && p.asset === 'm.t')).toBe(true);
    const messages = problems.map((p) => `${p.message} | ${p.fix}`);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/^unknown field 'dep' \| did you mean 'deps'/),
      expect.stringMatching(/^retry: unknown field 'delay' \| did you mean 'delayMs'\?/),
      expect.stringMatching(/retry\.maxRetries: expected an integer of at least 0, got -1/),
      expect.stringMatching(/checks\[0\]: is not a check/),
    ]));
    expect(problems).toHaveLength(4);
  });

  it('trellis.config.ts: each bad field on its line, with the others still reported', async () => {
    const problems = await problemsOf({
      'trellis.config.ts': `export default {
  concurrency: 0,
  sqldir: 'models',
  warehouse: { type: 'snowflake' },
};
`,
      'sql/m/a.sql': "select * from {{ ref('nope') }}",
    });
    expect(problems.find((p) => p.message.startsWith('concurrency:'))).toMatchObject({ file: 'trellis.config.ts', line: 2,
      message: 'concurrency: expected an integer of at least 1, got 0' });
    expect(problems.find((p) => p.message === "unknown field 'sqldir'")).toMatchObject({ line: 3, fix: "did you mean 'sqlDir'?" });
    expect(problems.find((p) => p.message.startsWith('warehouse.type:'))).toMatchObject({ line: 4 });
    // The models are still loaded and checked.
    expect(problems.find((p) => p.file === 'sql/m/a.sql')?.message).toContain("ref('nope') names no asset");
  });
});

describe('buildCheck', () => {
  it('refuses an unknown test instead of falling through to a row count', () => {
    expect(buildCheck({ name: 'row_cuont', column: 'x', args: {} }, () => undefined))
      .toEqual({ message: "unknown test 'row_cuont'", fix: "did you mean 'row_count'?" });
  });
});
