/**
 * BigQuery SQL of a dbt project on DuckDB: translated by @polyglot-sql/sdk
 * with our corrections (each checked by running the result on DuckDB), what
 * cannot be translated kept in the graph and failing with its reason, the
 * SQL left unchanged on BigQuery, and translations cached.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject, openDuckDb, Transpiler, type Warehouse } from '../core/index.ts';
import { cleanupTemp, cli, copyFixture, projectEnv, tempDir, tempHome } from './support/project.ts';
import { apiServer } from './support/server.ts';

afterAll(cleanupTemp);

describe('BigQuery to DuckDB translation', () => {
  let warehouse: Warehouse;
  const transpiler = Transpiler.open();
  beforeAll(async () => {
    await transpiler.load();
    warehouse = await openDuckDb(path.join(tempDir(), 'w.duckdb'));
  });
  afterAll(async () => warehouse?.close());

  const cases: readonly (readonly [string, string, unknown])[] = [
    ['REGEXP_CONTAINS is a partial match', "REGEXP_CONTAINS('xx C00001 yy', r'C\\d{5}')", true],
    ['REGEXP_REPLACE replaces every match', "REGEXP_REPLACE('1-2-3', r'\\D', '')", '123'],
    ['nested REGEXP_REPLACE', "REGEXP_REPLACE(REGEXP_REPLACE('a1b2', r'\\d', 'X'), 'X', 'Y')", 'aYbY'],
    ['INITCAP after any delimiter', "INITCAP('hello wORLD-foo bar_baz')", 'Hello World-Foo Bar_Baz'],
    ['INITCAP of NULL', 'INITCAP(CAST(NULL AS STRING))', null],
    ['DATE_DIFF argument order', "DATE_DIFF(DATE '2024-03-10', DATE '2024-03-01', DAY)", 9],
    ['IFNULL', 'IFNULL(NULL, 3)', 3],
    ['CAST AS INT64', "CAST('42' AS INT64)", 42],
    ['SAFE_CAST', "SAFE_CAST('x' AS INT64)", null],
    ['SPLIT', "ARRAY_LENGTH(SPLIT('a,b,c', ','))", 3],
    ['PARSE_DATE', "PARSE_DATE('%d/%m/%Y', '05/03/2024')", '2024-03-05'],
  ];
  it.each(cases)('%s', async (_name, expression, expected) => {
    const out = transpiler.translate(`select ${expression} as v`);
    expect(out.sql, out.refused).toBeDefined();
    const session = await warehouse.session();
    try {
      const [row] = await session.query(`SELECT CAST(v AS VARCHAR) AS v FROM (${out.sql})`);
      expect(row!.v).toBe(expected === null ? null : String(expected));
    } finally {
      await session.close();
    }
  });

  it('refuses, with the reason, what has no DuckDB form', () => {
    expect(transpiler.translate('select * from ML.PREDICT(MODEL `m`, table `t`)').refused).toBe('BigQuery ML (ML.*) has no DuckDB equivalent');
    expect(transpiler.translate('select SAFE.PARSE_DATE("%Y", x) from t').refused).toBe('SAFE.-prefixed functions have no DuckDB equivalent');
    expect(transpiler.translate('select from where').refused).toMatch(/^the transpiler cannot translate it: /);
  });
});

describe('a dbt project written for BigQuery', () => {
  it('keeps an untranslatable model in the graph, tagged with the reason, and its run fails with it', async () => {
    const dir = copyFixture('dbt-carttrend');
    fs.writeFileSync(path.join(dir, 'models/Marts/Ventes/prevision.sql'), "select * from ML.FORECAST(MODEL `carttrend.ca`, STRUCT(30 AS horizon)) where 1 = (select count(*) from {{ ref('Commandes') }})");
    const env = projectEnv({ TRELLIS_HOME: tempHome() });
    const project = await loadProject(dir, env);
    const model = project.graph.get('main.prevision');
    expect(model.deps).toEqual(['main.Commandes']);
    expect(model.tags.not_transpiled).toBe('BigQuery ML (ML.*) has no DuckDB equivalent');
    expect(model.description).toBe('Not run on duckdb: BigQuery ML (ML.*) has no DuckDB equivalent.');
    const list = await cli(['list'], { projectDir: dir, env });
    expect(list.stdout.split('\n').at(-1)).toBe('not transpiled main.prevision: BigQuery ML (ML.*) has no DuckDB equivalent');
    const run = await cli(['materialize', '--json'], { projectDir: dir, env });
    expect(run.stdout + run.stderr).toContain('main.prevision is written for BigQuery and was not transpiled: BigQuery ML (ML.*) has no DuckDB equivalent');
  });

  it('runs unchanged on BigQuery, relations qualified by the project as dbt-bigquery does: `project.<prefix><dataset>.table`', async () => {
    const dir = copyFixture('dbt-carttrend');
    fs.writeFileSync(path.join(dir, 'trellis.config.ts'), "export default { dbt: { project: '.', dialect: 'bigquery' }, warehouse: { type: 'bigquery', project: 'p', datasetPrefix: 'dev_' } };\n");
    const project = await loadProject(dir, projectEnv({ TRELLIS_HOME: tempHome() }));
    const sql = project.graph.get('main.Clients').sql!;
    expect(sql).toContain("REGEXP_CONTAINS(email, r'^[\\w\\.-]+@[\\w-]+\\.[A-Za-z.]+$')");
    expect(sql).toContain('from `p.dev_google_drive.carttrend_clients_clients`');
    // Nothing translated, nothing said about translation.
    expect(project.graph.get('main.mart_Commandes').checks.map((c) => c.description)).toEqual([undefined, 'dbt singular test tests/prix_total_positif.sql']);
    expect(project.graph.get('main.Clients').checks.map((c) => c.description ?? null)).toEqual([null, null, null, null, null]);
  });

  it('caches translations in the state directory, keyed by SQL and transpiler version', async () => {
    const dir = copyFixture('dbt-carttrend');
    const env = projectEnv({ TRELLIS_HOME: tempHome() });
    await loadProject(dir, env);
    const cache = path.join(env.TRELLIS_HOME!, 'cache', 'dbt-transpile.json');
    const entries = Object.keys(JSON.parse(fs.readFileSync(cache, 'utf8')) as object).length;
    expect(entries).toBeGreaterThan(8);
    const again = Transpiler.open(cache);
    const first = await loadProject(dir, env);
    expect(again.has(first.graph.get('main.Clients').sql!)).toBe(false); // keyed by the BigQuery text, not the result
    fs.appendFileSync(path.join(dir, 'models/Staging/Produits.sql'), '\nwhere prix > 0');
    await loadProject(dir, env);
    expect(Object.keys(JSON.parse(fs.readFileSync(cache, 'utf8')) as object).length).toBe(entries + 1);
  });

  it('names each translated test as the schema file writes it; the check list shows what runs on DuckDB where it differs', async () => {
    const dir = copyFixture('dbt-carttrend');
    const schema = path.join(dir, 'models/Staging/schema.yaml');
    fs.writeFileSync(schema, fs.readFileSync(schema, 'utf8').replace('      - name: genre\n',
      "      - name: email\n        tests:\n          - not_null:\n              config:\n                where: \"REGEXP_CONTAINS(id_client, r'^C')\"\n      - name: genre\n"));
    const env = projectEnv({ TRELLIS_HOME: tempHome() });
    const run = (await cli(['materialize', '--json'], { projectDir: dir, env })).json<{ checks: { asset: string; check: string; passed: boolean }[] }>();
    expect(run.checks.filter((c) => c.asset === 'main.Clients').map((c) => c.check)).toEqual(['expression_is_true(REGEXP_CONTAINS(id_client, r"^C\\d{5}$"))',
      'expression_is_true(age < 110)', 'unique(id_client)', 'not_null(id_client)', 'not_null(email)', 'accepted_values(genre)']);
    const api = await apiServer(dir, env);
    try {
      const { body } = await api.get<{ checks: { name: string; description: string | null; latest: { passed: boolean } | null }[] }>('/api/assets/main.Clients');
      const shown = Object.fromEntries(body.checks.map((c) => [c.name, [c.description, c.latest?.passed]]));
      expect(shown).toEqual({
        'expression_is_true(REGEXP_CONTAINS(id_client, r"^C\\d{5}$"))': ["runs on duckdb as: REGEXP_MATCHES(id_client, '^C\\d{5}$')", true],
        // The same condition up to parentheses, spacing and keyword case: nothing more is shown.
        'expression_is_true(age < 110)': [null, true],
        'accepted_values(genre)': [null, true],
        'not_null(email)': ["runs on duckdb as: where REGEXP_MATCHES(id_client, '^C')", false],
        'unique(id_client)': [null, true], 'not_null(id_client)': [null, true],
      });
      const described = async (key: string) => Object.fromEntries((await api.get<{ checks: { name: string; description: string | null }[] }>(`/api/assets/${key}`))
        .body.checks.map((c) => [c.name, c.description]));
      // A test's whole query: said to be translated when it reads otherwise (here the quoting), not shown.
      expect(await described('main.mart_Commandes')).toEqual({ 'not_null(prix_total)': null,
        prix_total_positif: 'dbt singular test tests/prix_total_positif.sql; its query translated for duckdb' });
      expect((await described('main.Commandes'))['positive(quantite)']).toBe('dbt generic test positive from macros/test_positive.sql');
    } finally {
      await api.server.close();
    }
  });
});
