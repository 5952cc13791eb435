/**
 * What a dbt project may hold that we do not run is a project error naming
 * the file, the asset and the construct, collected with every other problem:
 * package refs and package tests, unknown macros, malformed YAML, adapter
 * calls, unsupported materializations, sources no asset loads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject, ProjectError, type Problem } from '../core/index.ts';
import { cleanupTemp, cli, copyFixture, projectEnv, tempHome } from './support/project.ts';

afterAll(cleanupTemp);

/** The fixture with `files` written over it; its load's problems. */
async function problemsOf(files: Readonly<Record<string, string>>, env: Readonly<Record<string, string>> = {}): Promise<Problem[]> {
  const dir = copyFixture('dbt-carttrend');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  try {
    await loadProject(dir, projectEnv({ TRELLIS_HOME: tempHome(), ...env }));
  } catch (error) {
    if (error instanceof ProjectError) return [...error.problems];
    throw error;
  }
  throw new Error('the project loaded without problems');
}

describe('dbt constructs we do not run', () => {
  it('reports every problem at once, each naming its file and construct', async () => {
    const problems = await problemsOf({
      'models/Marts/Ventes/from_package.sql': "select * from {{ ref('dbt_utils', 'date_spine') }}",
      'models/Marts/Ventes/unknown_macro.sql': 'select {{ cents_to_euros(prix) }} from x',
      'models/Marts/Ventes/adapter.sql': "{% set cols = adapter.get_columns_in_relation(ref('Clients')) %}\nselect 1",
      'models/Marts/Ventes/ephemeral.sql': "{{ config(materialized='ephemeral') }}\nselect 1 as x",
      'models/Marts/Ventes/broken.sql': 'select {{ 1 + }}',
      'models/Marts/Ventes/typo.sql': "select * from {{ ref('Commande') }}",
    });
    const shown = problems.map((p) => [p.file, p.asset, p.message, p.fix]);
    expect(shown).toEqual(expect.arrayContaining([
      ['models/Marts/Ventes/from_package.sql', 'main.from_package', "ref('dbt_utils', 'date_spine'): packages are not supported yet", 'copy the model into this project and ref it by name'],
      ['models/Marts/Ventes/unknown_macro.sql', 'main.unknown_macro', 'unknown macro cents_to_euros()', 'define {% macro cents_to_euros(...) %} in macros/, or fix the name'],
      ['models/Marts/Ventes/adapter.sql', 'main.adapter', 'adapter.get_columns_in_relation is not supported (unsupported dbt construct)', expect.any(String)],
      ['models/Marts/Ventes/ephemeral.sql', 'main.ephemeral', "materialized='ephemeral' is not supported", "use 'view', 'table' or 'incremental'"],
      ['models/Marts/Ventes/typo.sql', 'main.typo', "ref('Commande') names no model, seed or source", "did you mean 'Commandes'?"],
    ]));
    expect(problems.find((p) => p.file === 'models/Marts/Ventes/broken.sql')?.message).toMatch(/^malformed template/);
    expect(problems.length).toBe(6);
  });

  it('names the YAML file and line of malformed properties, and package tests', async () => {
    const problems = await problemsOf({
      'models/Marts/Ventes/schema.yaml': 'version: 2\nmodels:\n  - name: mart_Commandes\n    columns: [\n',
      'models/Staging/more.yml': 'version: 2\nmodels:\n  - name: Produits\n    tests:\n      - dbt_expectations.expect_table_row_count_to_be_between:\n          min_value: 1\n',
    });
    expect(problems.map((p) => [p.file, p.line !== undefined, p.message.split(':')[0]])).toEqual([
      ['models/Marts/Ventes/schema.yaml', true, 'malformed YAML'],
      ['models/Staging/more.yml', false, "test 'dbt_expectations.expect_table_row_count_to_be_between' comes from package 'dbt_expectations'"],
    ]);
  });

  it('says which source no asset loads, and how to fix it', async () => {
    const problems = await problemsOf({ 'models/sources.yaml': 'version: 2\nsources:\n  - name: google_drive\n    tables:\n      - name: carttrend_clients_clients\n      - name: carttrend_posts_posts\n' });
    expect(problems).toEqual([expect.objectContaining({ file: 'models/sources.yaml', asset: 'google_drive.carttrend_posts_posts',
      message: 'source google_drive.carttrend_posts_posts is not an asset of this project' })]);
  });
});

describe('a dbt project written for DuckDB, on BigQuery', () => {
  const duckdbProject = { 'trellis.config.ts': "export default { dbt: { project: '.', dialect: 'duckdb' } };\n" };
  const onBigQuery = { TRELLIS_WAREHOUSE: 'bigquery', TRELLIS_BIGQUERY_PROJECT: 'p' };

  it('is refused with one project error naming dbt_project.yml and the fix (its SQL is not translated)', async () => {
    expect(await problemsOf(duckdbProject, onBigQuery)).toEqual([{ file: 'dbt_project.yml',
      message: "the dbt project is written for DuckDB (dbt.dialect 'duckdb' in trellis.config.ts) and the warehouse is BigQuery: DuckDB SQL is not translated to BigQuery",
      fix: "run it on DuckDB (warehouse: { type: 'duckdb' } in trellis.config.ts, or TRELLIS_WAREHOUSE=duckdb), or port its models to BigQuery SQL and set dbt: { dialect: 'bigquery' }" }]);
  });

  it('says so in `trellis list`, which exits non-zero; on DuckDB the same project loads', async () => {
    const dir = copyFixture('dbt-carttrend');
    fs.writeFileSync(path.join(dir, 'trellis.config.ts'), duckdbProject['trellis.config.ts']);
    const refused = await cli(['list'], { projectDir: dir, env: projectEnv({ TRELLIS_HOME: tempHome(), ...onBigQuery }) });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("dbt_project.yml: the dbt project is written for DuckDB (dbt.dialect 'duckdb' in trellis.config.ts) and the warehouse is BigQuery");
    expect(refused.stderr).toContain('fix: run it on DuckDB');
    // On DuckDB, the warehouse it says it is written for, it loads with its SQL untouched.
    const onDuckDb = await loadProject(dir, projectEnv({ TRELLIS_HOME: tempHome() }));
    expect(onDuckDb.graph.get('main.Clients').sql).toContain("REGEXP_CONTAINS(email, r'");
  });

  it('without dbt.dialect, takes the dialect from the profile dbt would use (profiles.yml beside dbt_project.yml)', async () => {
    const profile = (type: string) => `default:\n  target: dev\n  outputs:\n    dev:\n      type: ${type}\n      path: shop.duckdb\n`;
    const noDialect = { 'trellis.config.ts': "export default { dbt: { project: '.' } };\n" };
    const problems = await problemsOf({ ...noDialect, 'profiles.yml': profile('duckdb') }, { ...onBigQuery, DBT_PROFILES_DIR: '' });
    expect(problems.map((p) => [p.file, p.message])).toEqual([['dbt_project.yml', 'the dbt project is written for DuckDB ' +
      '(profiles.yml: profile default, target dev, type duckdb) and the warehouse is BigQuery: DuckDB SQL is not translated to BigQuery']]);
    // A BigQuery profile on DuckDB: translated, as with dbt.dialect 'bigquery'.
    const dir = copyFixture('dbt-carttrend');
    fs.writeFileSync(path.join(dir, 'trellis.config.ts'), noDialect['trellis.config.ts']);
    fs.writeFileSync(path.join(dir, 'profiles.yml'), profile('bigquery'));
    const project = await loadProject(dir, projectEnv({ TRELLIS_HOME: tempHome(), DBT_PROFILES_DIR: '' }));
    expect(project.graph.get('main.Clients').sql).toContain("REGEXP_REPLACE(numero_telephone, '\\D', '', 'g')");
  });
});
