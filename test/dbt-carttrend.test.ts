/**
 * The seed authors' own dbt project, carttrenddata/Carttrend-dbt, from a
 * local checkout named by TRELLIS_DBT_CARTTREND (it is not copied into this
 * repository; test/dbt-project.test.ts runs a fixture built like it). It is
 * loaded as written (BigQuery SQL, dbt_utils and dbt_expectations tests),
 * transpiled for DuckDB, and run over the Carttrend sample workbooks loaded
 * by our google_drive sources; its tests run as our checks.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../core/index.ts';
import { cleanupTemp, cli, makeProject, projectEnv, REPO, tempHome } from './support/project.ts';

afterAll(cleanupTemp);

const checkout = process.env.TRELLIS_DBT_CARTTREND;
const present = !!checkout && fs.existsSync(`${checkout}/dbt_project.yml`);
if (!present) {
  console.warn('dbt-carttrend.test.ts skipped: set TRELLIS_DBT_CARTTREND to a checkout of github.com/carttrenddata/Carttrend-dbt to run it');
}

function project(): string {
  return makeProject({
    'sources.ts': `export { carttrendSources } from '${REPO}/assets/carttrend/sources.ts';\n`,
    'trellis.config.ts': `export default { assets: ['sources.ts'], sampleData: '${REPO}/assets/carttrend/sample-data.ts',
  dbt: { project: ${JSON.stringify(checkout)}, dialect: 'bigquery' } };\n`,
  });
}

describe.skipIf(!present)('Carttrend-dbt (TRELLIS_DBT_CARTTREND checkout)', () => {
  it('loads its 24 models over our 10 sources; only the unfinished mart_produits_favoris is not transpiled', async () => {
    const project_ = await loadProject(project(), projectEnv({ TRELLIS_HOME: tempHome() }));
    const defs = project_.graph.keys.map((k) => project_.graph.get(k));
    expect(defs.filter((d) => d.kind === 'source').length).toBe(10);
    expect(defs.filter((d) => d.key.startsWith('main.')).length).toBe(24);
    expect(defs.filter((d) => d.tags.not_transpiled !== undefined).map((d) => [d.key, d.tags.not_transpiled?.split(':')[0]]))
      .toEqual([['main.mart_produits_favoris', 'the transpiler cannot translate it']]);
    expect(project_.graph.get('main.mart_Commandes').deps)
      .toEqual(['main.Clients', 'main.Commandes', 'main.Details_commandes', 'main.Produits', 'main.Produits_Favoris', 'main.Promotions']);
    expect(project_.graph.get('main.Commandes').checks.map((c) => c.name)).toContain('expect_column_values_to_be_of_type(date_commande, date)');
  });

  it('runs on DuckDB over the sample workbooks; its tests judge the data', async () => {
    const dir = project();
    const env = projectEnv({ TRELLIS_HOME: tempHome() });
    expect((await cli(['demo-data'], { projectDir: dir, env })).code).toBe(0);
    const run = await cli(['materialize', '--json'], { projectDir: dir, env });
    const result = run.json<{ assets: { key: string; decision: string; reason?: string }[]; checks: { asset: string; check: string; passed: boolean }[] }>();
    const decision = Object.fromEntries(result.assets.map((a) => [a.key, a.decision]));
    for (const key of ['main.Canaux', 'main.Clients', 'main.Posts', 'main.Entrepots']) expect(decision[key], key).toBe('ran');
    // Every failure is the project's own test judging the sample data, or a raw column the workbooks deliver as text.
    for (const failed of result.assets.filter((a) => a.decision === 'failed')) {
      expect(failed.reason, failed.key).toMatch(/^blocked by check |Cannot compare values of type VARCHAR/);
    }
    expect(result.checks.find((c) => c.check === 'expect_column_values_to_be_of_type(date_commande, date)')?.passed).toBe(true);
    // Its Clients id test is written `test:` (not `tests:`), which dbt ignores too.
    expect(result.checks.filter((c) => c.asset === 'main.Clients').map((c) => [c.check, c.passed]))
      .toEqual([['expression_is_true(REGEXP_CONTAINS(id_client, r"^C\\d{5}$"))', true], ['expression_is_true(age < 110)', false]]);
  }, 120_000);
});
