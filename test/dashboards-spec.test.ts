/**
 * Dashboard specs: loaded with the project, a bad one (unknown asset, unknown
 * column, bad chart type, undeclared filter) is a project error naming the
 * file and the fix; chart queries become parameterised SQL that a real
 * DuckDB runs read-only, with filter values bound, never pasted.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { chartSql, dialects, loadProject, openDuckDb, ProjectError, readFilters, type ChartSpec, type DashboardSpec } from '../core/index.ts';
import type { ApiGraph } from '../core/server/api-types.ts';
import { cleanupTemp, cli, makeProject, projectEnv, tempHome } from './support/project.ts';
import { apiServer } from './support/server.ts';

afterAll(cleanupTemp);

const assets = `import { defineAsset } from '@trellis';
export const sales = defineAsset({ key: 'shop.sales', columns: [{ name: 'day' }, { name: 'category' }, { name: 'amount' }],
  async materialize(ctx) { await ctx.writeTable([{ name: 'day', type: 'DATE' }, { name: 'category', type: 'VARCHAR' }, { name: 'amount', type: 'DOUBLE' }], []); } });\n`;

function dashboard(chart: string, filters = "[{ id: 'cat', label: 'Category', type: 'select' }]"): string {
  return `import { defineDashboard } from '@trellis';
export default defineDashboard({ id: 'shop', title: 'Shop', filters: ${filters}, charts: [${chart}] });\n`;
}

async function problemsOf(chart: string): Promise<string[]> {
  const dir = makeProject({ 'assets/index.ts': assets, 'dashboards/shop.ts': dashboard(chart) });
  try {
    await loadProject(dir, projectEnv({ TRELLIS_HOME: tempHome() }));
  } catch (error) {
    expect(error).toBeInstanceOf(ProjectError);
    return (error as ProjectError).problems.map((p) => `${p.file}: ${p.message} | fix: ${p.fix}`);
  }
  return [];
}

const good = "{ id: 'by-cat', title: 'By category', type: 'bar', query: { from: 'shop.sales', dimensions: ['category'], measures: [{ as: 'total', fn: 'sum', column: 'amount' }], filters: { cat: 'category' } }, encode: { x: 'category', y: ['total'] } }";

describe('dashboard specs in the project', () => {
  it('a good spec loads as a dashboard downstream of the assets it reads', async () => {
    const dir = makeProject({ 'assets/index.ts': assets, 'dashboards/shop.ts': dashboard(good) });
    const project = await loadProject(dir, projectEnv({ TRELLIS_HOME: tempHome() }));
    expect(project.dashboards.map((d) => [d.spec.id, d.file, d.deps])).toEqual([['shop', 'dashboards/shop.ts', ['shop.sales']]]);
  });

  it('an unknown asset names the file, the chart and the nearest key', async () => {
    const problems = await problemsOf(good.replace("from: 'shop.sales'", "from: 'shop.sale'"));
    expect(problems).toEqual([expect.stringMatching(/^dashboards\/shop\.ts: dashboard 'shop', chart 'by-cat': reads unknown asset 'shop\.sale' \| fix: did you mean 'shop\.sales'\?/)]);
  });

  it('an unknown column lists the columns the asset has', async () => {
    const problems = await problemsOf(good.replace("column: 'amount'", "column: 'amout'"));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("measure 'total' names unknown column 'amout' of shop.sales");
    expect(problems[0]).toContain("did you mean 'amount'?");
    expect(problems[0]).toContain('use one of its columns: day, category, amount');
  });

  it('a bad chart type lists the types; an undeclared filter says to declare it', async () => {
    const problems = await problemsOf(good.replace("type: 'bar'", "type: 'bars'").replace('{ cat:', '{ kat:'));
    expect(problems.join('\n')).toContain("unknown chart type 'bars' | fix: did you mean 'bar'?");
    expect(problems.join('\n')).toContain("maps filter 'kat', which the dashboard does not declare");
  });

  it('an encoding that names no output of the query is refused', async () => {
    const problems = await problemsOf(good.replace("y: ['total']", "y: ['totl']"));
    expect(problems).toEqual([expect.stringContaining("encodes or orders by 'totl', which the query does not output | fix: did you mean 'total'?")]);
  });
});

describe('chart queries', () => {
  const spec: DashboardSpec = {
    id: 'shop', title: 'Shop',
    filters: [{ id: 'cat', label: 'Category', type: 'select' }, { id: 'period', label: 'Period', type: 'range' }, { id: 'month', label: 'Month', type: 'month' }],
    charts: [],
  };
  const chart: ChartSpec = {
    id: 'c', title: 'C', type: 'bar', encode: { x: 'm', y: ['total'] },
    query: { from: 'shop.sales', dimensions: [{ column: 'day', part: 'month', as: 'm' }], measures: [{ as: 'total', fn: 'sum', column: 'amount' }],
      filters: { cat: 'category', period: 'day', month: 'day' } },
  };

  it('filter values are bound as parameters, even text that looks like SQL', () => {
    const values = readFilters(spec, { cat: "x' OR 1=1 --", period: '2024-01-01..', month: '3' });
    const { sql, params } = chartSql(chart, values, dialects.duckdb);
    expect(sql).not.toContain('OR 1=1');
    expect(params).toEqual(["x' OR 1=1 --", '2024-01-01', 3]);
    expect(sql).toContain('GROUP BY 1');
  });

  it('malformed filter values are refused, naming the filter and what it takes', () => {
    expect(() => readFilters(spec, { month: '13' })).toThrow("filter 'month' takes a month number from 1 to 12, got '13'");
    expect(() => readFilters(spec, { period: 'yesterday' })).toThrow("filter 'period' takes 'from..to'");
    expect(() => readFilters(spec, { colour: 'red' })).toThrow("dashboard 'shop' has no filter 'colour' (its filters: cat, period, month)");
  });

  it('a real DuckDB runs the query read-only and the filters change the result', async () => {
    const warehouse = await openDuckDb(`${tempHome()}/w.duckdb`);
    try {
      const s = await warehouse.session();
      await s.run(`CREATE SCHEMA shop; CREATE TABLE shop.sales AS SELECT * FROM (VALUES
        (DATE '2024-01-05', 'Mode', 10.0), (DATE '2024-01-20', 'Livres', 5.0), (DATE '2024-03-02', 'Mode', 7.5)) t(day, category, amount)`);
      await s.close();
      const all = chartSql(chart, {}, dialects.duckdb);
      expect(await warehouse.readQuery(all.sql, all.params)).toEqual([{ m: '2024-01-01', total: 15 }, { m: '2024-03-01', total: 7.5 }]);
      const mode = chartSql(chart, readFilters(spec, { cat: 'Mode', month: '1' }), dialects.duckdb);
      expect(await warehouse.readQuery(mode.sql, mode.params)).toEqual([{ m: '2024-01-01', total: 10 }]);
      await expect(warehouse.readQuery('DELETE FROM shop.sales')).rejects.toThrow(/read-only|read only/i);
    } finally {
      await warehouse.close();
    }
  });
});

describe('dashboards in the lineage', () => {
  it('a dashboard is a node downstream of the assets it reads, selectable by kind:dashboard', async () => {
    const { selectWithDashboards } = await import('../core/index.ts');
    const two = `${assets}export const other = defineAsset({ key: 'shop.other', async materialize(ctx) { await ctx.writeTable([{ name: 'n', type: 'BIGINT' }], []); } });\n`;
    const dir = makeProject({ 'assets/index.ts': two, 'dashboards/shop.ts': dashboard(good) });
    const project = await loadProject(dir, projectEnv({ TRELLIS_HOME: tempHome() }));
    const statuses = new Map([['shop.sales', { status: 'missing', causes: [] }]]) as never;
    const select = (text: string) => [...selectWithDashboards(text, project.graph, project.dashboards, () => statuses)].sort();
    expect(select('kind:dashboard')).toEqual(['dashboard:shop']);
    expect(select('key:shop.sales+')).toEqual(['dashboard:shop', 'shop.sales']);
    expect(select('+key:dashboard:shop')).toEqual(['dashboard:shop', 'shop.sales']);
    expect(select('key:shop.other+')).toEqual(['shop.other']);
    // A dashboard is as fresh as its inputs.
    expect(select('kind:dashboard and missing()')).toEqual(['dashboard:shop']);
  });

  it('the CLI lists dashboards and selects through them: +dashboard:<id> plans what it reads, a dashboard alone runs nothing', async () => {
    const two = `${assets}export const other = defineAsset({ key: 'shop.other', async materialize(ctx) { await ctx.writeTable([{ name: 'n', type: 'BIGINT' }], []); } });\n`;
    const dir = makeProject({ 'assets/index.ts': two, 'dashboards/shop.ts': dashboard(good) });
    const run = { projectDir: dir, env: projectEnv({ TRELLIS_HOME: tempHome() }) };
    const listed = await cli(['dashboards'], run);
    expect(listed.stdout).toMatch(/dashboard:shop\s+Shop\s+dashboards\/shop\.ts\s+missing\s+reads shop\.sales, which is missing/);
    expect((await cli(['dashboards', '--select', 'key:shop.sales+', '--json'], run)).json())
      .toEqual([{ key: 'dashboard:shop', title: 'Shop', file: 'dashboards/shop.ts', inputs: ['shop.sales'], status: 'missing' }]);
    expect((await cli(['dashboards', '--select', 'key:shop.other+'], run)).stdout).toBe('no dashboard matches the selection');
    // `list` keeps to assets, and says when the selection reaches dashboards too.
    const assetsOnly = await cli(['list', '--select', 'key:shop.sales+'], run);
    expect(assetsOnly.stdout).toContain('1 assets: 1 missing');
    expect(assetsOnly.stdout).toContain("1 dashboard match too: trellis dashboards --select 'key:shop.sales+'");
    expect((await cli(['list', '--json'], run)).json().map((a: { key: string }) => a.key)).toEqual(['shop.other', 'shop.sales']);
    // A selection that names no dashboard keeps the asset graph's meaning: a read asset is still a sink.
    expect((await cli(['list', '--select', 'sinks(*)', '--json'], run)).json().map((a: { key: string }) => a.key)).toEqual(['shop.other', 'shop.sales']);
    expect((await cli(['list', '--select', 'sinks(*) and not kind:dashboard', '--json'], run)).json().map((a: { key: string }) => a.key)).toEqual(['shop.other']);
    const plan = (await cli(['plan', '--select', '+dashboard:shop', '--json'], run)).json();
    expect(plan.steps.filter((s: { action: string }) => s.action === 'run').map((s: { key: string }) => s.key)).toEqual(['shop.sales']);
    const alone = await cli(['materialize', '--select', 'dashboard:shop'], run);
    expect(alone.code).toBe(0);
    expect(alone.stdout + alone.stderr).toContain("'dashboard:shop' selects only dashboards, which are not materialized; '+(dashboard:shop)' builds the assets they read");
    const typo = await cli(['dashboards', '--select', 'dashboard:shp'], run);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("no dashboard 'shp'; did you mean 'dashboard:shop'?");
    expect((await cli(['materialize', '--select', '+dashboard:shop'], run)).code).toBe(0);
    expect((await cli(['dashboards'], run)).stdout).toMatch(/dashboard:shop\s+Shop\s+dashboards\/shop\.ts\s+fresh\s+its input is fresh/);
  });

  it('GET /api/assets carries the dashboards and their edges; a selection filters them with the assets', async () => {
    const dir = makeProject({ 'assets/index.ts': assets, 'dashboards/shop.ts': dashboard(good) });
    const api = await apiServer(dir, projectEnv({ TRELLIS_HOME: tempHome() }));
    try {
      const all = (await api.get<ApiGraph>('/api/assets')).body;
      expect(all.dashboards).toEqual([{ key: 'dashboard:shop', id: 'shop', title: 'Shop', file: 'dashboards/shop.ts', status: 'missing', inputs: ['shop.sales'], level: 1 }]);
      expect(all.edges).toContainEqual(['shop.sales', 'dashboard:shop']);
      const only = (await api.get<ApiGraph>('/api/assets?select=kind:dashboard')).body;
      expect([only.assets.length, only.dashboards.map((d) => d.key), only.edges]).toEqual([0, ['dashboard:shop'], []]);
      const upstream = (await api.get<ApiGraph>(`/api/assets?select=${encodeURIComponent('+dashboard:shop')}`)).body;
      expect([upstream.assets.map((a) => a.key), upstream.edges]).toEqual([['shop.sales'], [['shop.sales', 'dashboard:shop']]]);
    } finally {
      await api.server.close();
    }
  });
});
