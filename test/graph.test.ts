/**
 * Loading and validating projects: every broken fixture under
 * test/fixtures/broken-* reports each of its problems, with file, asset and
 * fix, in one ProjectError; the graph's order is deterministic.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { AssetGraph, NO_RETRY, ProjectError, loadProject, type AssetDefinition, type Problem } from '../core/index.ts';
import { cleanupTemp, cli, fixturePath, projectEnv, tempHome } from './support/project.ts';

afterAll(cleanupTemp);

async function problemsOf(fixture: string): Promise<readonly Problem[]> {
  const error = await loadProject(fixturePath(fixture), projectEnv({ TRELLIS_HOME: tempHome() })).then(
    () => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProjectError);
  return (error as ProjectError).problems;
}

describe('broken projects', () => {
  it('collects every reference problem of a project in one error', async () => {
    const problems = await problemsOf('broken-refs');
    expect(problems).toHaveLength(5);
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ file: 'sql/marts/revenue.sql', asset: 'marts.revenue',
        message: "ref('stg_ordres') names no asset", fix: "did you mean 'stg_orders'?" }),
      expect.objectContaining({ file: 'sql/marts/by_region.sql', asset: 'marts.by_region',
        message: "source('raw', 'regions') names no asset" }),
      expect.objectContaining({ file: 'sql/marts/schema.yml',
        message: "model 'revenue_by_custmer' is documented but has no file revenue_by_custmer.sql" }),
      expect.objectContaining({ file: 'sql/marts/schema.yml',
        message: expect.stringContaining('unknown test "not_nul" on column customer_id'), fix: "did you mean 'not_null'?" }),
      expect.objectContaining({ file: 'assets/index.ts', asset: 'analytics.report',
        message: 'depends on unknown asset marts.revenu', fix: "did you mean 'marts.revenue'?" }),
    ]));
  });

  it('prints the whole list in the error message, each with where and how to fix', async () => {
    const error = await loadProject(fixturePath('broken-refs'), projectEnv({ TRELLIS_HOME: tempHome() })).catch((e: Error) => e);
    const message = (error as Error).message;
    expect(message).toMatch(/^the project has 5 problems:/);
    expect(message).toContain("sql/marts/revenue.sql, asset marts.revenue: ref('stg_ordres') names no asset\n    fix: did you mean 'stg_orders'?");
    expect(message).toContain("assets/index.ts, asset analytics.report: depends on unknown asset marts.revenu\n    fix: did you mean 'marts.revenue'?");
  });

  it('prints a cycle as a path, and only the keys on it', async () => {
    const problems = await problemsOf('broken-cycle');
    expect(problems).toEqual([expect.objectContaining({ file: 'sql/a.sql', asset: 'main.a',
      message: 'dependency cycle: main.a -> main.b -> main.a' })]);
  });

  it('refuses a key claimed by both a SQL model and a TypeScript asset', async () => {
    const problems = await problemsOf('broken-duplicate');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain('duplicate asset key analytics.scores');
    expect([problems[0]!.file, problems[0]!.message].join(' ')).toContain('sql/analytics/scores.sql');
    expect([problems[0]!.file, problems[0]!.message].join(' ')).toContain('assets/index.ts');
  });

  it('names the file and line of a malformed template header, without cascading errors', async () => {
    const problems = await problemsOf('broken-template');
    // orders_copy.sql refs the broken model: that is not a second problem.
    expect(problems).toEqual([expect.objectContaining({ file: 'sql/orders.sql', line: 3, asset: 'main.orders',
      message: expect.stringMatching(/^malformed template: .*Line 3/) })]);
  });

  it('exits with 2 and the problems on stderr from the CLI', async () => {
    const r = await cli(['list'], { projectDir: fixturePath('broken-refs'), env: projectEnv({ TRELLIS_HOME: tempHome() }) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('the project has 5 problems');
    expect(r.stderr).toContain("ref('stg_ordres') names no asset");
    expect(r.stderr).toContain("did you mean 'stg_orders'?");
  });
});

describe('topological order', () => {
  it('orders the basic fixture by level, keys sorted within a level', async () => {
    const project = await loadProject(fixturePath('basic'), projectEnv({ TRELLIS_HOME: tempHome() }));
    expect(project.graph.levels).toEqual([
      ['raw.customers', 'raw.orders'],
      ['staging.stg_customers', 'staging.stg_orders'],
      ['marts.revenue_by_customer'],
      ['analytics.customer_scores'],
    ]);
    expect(project.graph.keys).toEqual(project.graph.levels.flat());
    expect(project.graph.upstream('marts.revenue_by_customer')).toEqual(['staging.stg_customers', 'staging.stg_orders']);
    expect(project.graph.downstream('raw.orders')).toEqual(['staging.stg_orders']);
  });

  it('does not depend on declaration order', () => {
    const def = (key: string, deps: string[] = []): AssetDefinition => ({
      key, kind: 'sql', deps, group: 'g', tags: {}, owners: [], description: '', columns: [], checks: [],
      retry: NO_RETRY, materialization: 'view', codeVersion: 'v',
    });
    const defs = [def('m.z'), def('m.y', ['m.z']), def('m.b'), def('m.a', ['m.b', 'm.z']), def('m.c', ['m.a'])];
    const forward = AssetGraph.build(defs).graph!;
    const backward = AssetGraph.build([...defs].reverse()).graph!;
    expect(forward.levels).toEqual([['m.b', 'm.z'], ['m.a', 'm.y'], ['m.c']]);
    expect(backward.levels).toEqual(forward.levels);
    expect(backward.keys).toEqual(['m.b', 'm.z', 'm.a', 'm.y', 'm.c']);
  });

  it('reports every cycle of a graph, each as a path', () => {
    const def = (key: string, deps: string[]): AssetDefinition => ({
      key, kind: 'sql', deps, group: 'g', tags: {}, owners: [], description: '', columns: [], checks: [],
      retry: NO_RETRY, materialization: 'view', codeVersion: 'v',
    });
    const { graph, problems } = AssetGraph.build([
      def('s.a', ['s.c']), def('s.b', ['s.a']), def('s.c', ['s.b']), def('t.x', ['t.y']), def('t.y', ['t.x']), def('u.ok', []),
    ]);
    expect(graph).toBeUndefined();
    expect(problems.map((p) => p.message).sort()).toEqual([
      'dependency cycle: s.a -> s.b -> s.c -> s.a',
      'dependency cycle: t.x -> t.y -> t.x',
    ]);
  });

  it('reports each repeated key once per extra definition, naming the first, and checks the rest against the first', () => {
    const def = (key: string, deps: string[], file: string): AssetDefinition => ({
      key, kind: 'sql', deps, group: 'g', tags: {}, owners: [], description: '', columns: [], checks: [],
      retry: NO_RETRY, materialization: 'view', codeVersion: 'v', file,
    });
    const { graph, problems } = AssetGraph.build([
      def('m.x', [], 'sql/x.sql'), def('m.y', ['m.x', 'm.gone'], 'sql/y.sql'), def('m.x', ['m.y'], 'assets/x.ts'), def('m.x', [], 'assets/again.ts'),
    ]);
    expect(graph).toBeUndefined();
    // The later m.x (which would close a cycle through m.y) is dropped, not checked.
    expect(problems).toEqual([
      expect.objectContaining({ file: 'assets/x.ts', asset: 'm.x', message: 'duplicate asset key m.x (also defined in sql/x.sql)' }),
      expect.objectContaining({ file: 'assets/again.ts', asset: 'm.x', message: 'duplicate asset key m.x (also defined in sql/x.sql)' }),
      expect.objectContaining({ file: 'sql/y.sql', asset: 'm.y', message: 'depends on unknown asset m.gone' }),
    ]);
  });
});
