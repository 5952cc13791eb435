/**
 * A dbt project written for BigQuery, run on BigQuery (the local fake of its
 * REST API, driven through the real @google-cloud/bigquery): the fixture
 * test/fixtures/dbt-carttrend plus a model using `{{ this }}`, `target.type`
 * and `is_incremental()`. Each model sends its dbt SQL unchanged (no
 * translation), seeds are load jobs, tests are BigQuery queries, and the
 * check verdicts are the DuckDB run's. What each asset sent is kept in
 * test/golden/bigquery/dbt/<asset>.sql (TRELLIS_UPDATE_GOLDEN=1 rewrites).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBigQueryFake, type BigQueryFake } from './support/bigquery-fake/server.ts';
import { fakeEnv } from './support/bigquery-carttrend.ts';
import { expectGolden, GOLDEN_DIR, jobsByAsset, sentJobs, UPDATE, type SentJob } from './support/bigquery-golden.ts';
import { cleanupTemp, cli, copyFixture, projectEnv, tempHome, type CliResult } from './support/project.ts';

interface RunJson {
  runId: number;
  status: string;
  assets: Array<{ key: string; decision: string; reason: string; rows: number | null }>;
  checks: Array<{ asset: string; check: string; passed: boolean; failingCount: number | null }>;
}

const DBT_DIR = path.join(GOLDEN_DIR, 'dbt');
/** A model of the project's own: `{{ this }}`, `target.type` and an incremental filter dbt would apply on a later run. */
const LATEST = `{{ config(materialized='incremental') }}
-- the latest order of each client; {{ this }} is read only when built incrementally
select
    id_client,
    max(date_commande) as derniere_commande,
    {% if target.type == 'bigquery' %}DATE_DIFF(DATE '2026-01-15', max(date_commande), DAY){% else %}DATE '2026-01-15' - max(date_commande){% endif %} as jours,
    '{{ target.type }}' as moteur,
    '{{ target.database }}' as projet
from {{ ref('Commandes') }}
{% if is_incremental() %}
where date_commande > (select max(derniere_commande) from {{ this }})
{% endif %}
group by id_client
`;

function project(): string {
  const dir = copyFixture('dbt-carttrend');
  fs.writeFileSync(path.join(dir, 'models/Marts/Ventes/mart_Derniere_Commande.sql'), LATEST);
  // A client of 120: the project's warn-level test `age < 110` fails on it, on both warehouses.
  fs.appendFileSync(path.join(dir, 'seeds/carttrend_clients_clients.csv'), 'C00004,Denis,Roy,120,Homme,denis@example.com,0600000000,2021-01-01,\n');
  return dir;
}

let fake: BigQueryFake;
let dir: string;
let env: NodeJS.ProcessEnv;
let plan: CliResult;
let first: CliResult;
let run: RunJson;
let duck: RunJson;
let duckDir: string;
let duckEnv: NodeJS.ProcessEnv;
let jobs: SentJob[];
let bigqueryMs = 0;
let duckMs = 0;

const trellis = (...argv: string[]) => cli(argv, { projectDir: dir, env });
const rowsOf = async (table: string) => fake.engine.raw(`SELECT * FROM ${table} ORDER BY ALL`);

beforeAll(async () => {
  fake = await startBigQueryFake();
  dir = project();
  env = fakeEnv(fake, dir);
  plan = await trellis('plan', '--json');
  let started = performance.now();
  first = await trellis('materialize', '--json');
  bigqueryMs = performance.now() - started;
  run = first.json<RunJson>();
  jobs = sentJobs(fake.requests);
  duckDir = project();
  duckEnv = projectEnv({ TRELLIS_HOME: tempHome() });
  started = performance.now();
  duck = (await cli(['materialize', '--json'], { projectDir: duckDir, env: duckEnv })).json<RunJson>();
  duckMs = performance.now() - started;
}, 180_000);

afterAll(async () => {
  await fake?.close();
  cleanupTemp();
});

const sorted = (xs: Iterable<string>) => [...xs].sort();
const own = (key: string) => jobs.filter((j) => j.subject === key);
const build = (key: string) => own(key).find((j) => /^CREATE OR REPLACE (VIEW|TABLE) `[^`]+__trellis_staged` AS /.test(j.text))?.text
  .replace(/^CREATE OR REPLACE (VIEW|TABLE) `[^`]+` AS /, '');

describe('a dbt project written for BigQuery, on BigQuery (the fake)', () => {
  it('plans and materializes every model and seed; its tests judge the data (one warning)', () => {
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.json<{ steps: { key: string; action: string }[] }>().steps.filter((s) => s.action === 'run')).toHaveLength(10);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    expect(run.assets.map((a) => `${a.key} ${a.decision}`).filter((a) => !a.endsWith(' ran'))).toEqual([]);
    expect(run.checks).toHaveLength(12);
    expect(run.checks.filter((c) => !c.passed).map((c) => `${c.asset} ${c.check} ${c.failingCount}`)).toEqual(['main.Clients expression_is_true(age < 110) 1']);
    console.log(`dbt fixture (7 models, 3 seeds, 12 tests): ${Math.round(bigqueryMs)} ms on the BigQuery fake (${jobs.length} jobs), ${Math.round(duckMs)} ms on DuckDB`);
  });

  it('sends each model its dbt SQL as written: BigQuery functions, quoting and comments; refs and sources as `project.dataset.table`', () => {
    const clients = build('main.Clients')!;
    expect(clients).toContain("REGEXP_CONTAINS(email, r'^[\\w\\.-]+@[\\w-]+\\.[A-Za-z.]+$')");
    expect(clients).toContain("REGEXP_REPLACE(numero_telephone, r'\\D', '') as telephone");
    expect(clients).toContain("END as genre, # BigQuery also reads '#' comments");
    expect(clients).toContain('from `carttrend-test.google_drive.carttrend_clients_clients`');
    const mart = build('main.mart_Commandes')!;
    expect(mart).toContain('IFNULL(cl.age, 0) as age');
    expect(mart).toContain('from `carttrend-test.main.Commandes` co\nleft join `carttrend-test.main.Produits` p using (id_produit)');
    expect(build('main.Commandes')).toContain('CAST(c.quantite AS INT64) as quantite');
  });

  it('renders target.type as bigquery, target.database as the project and {{ this }} as the model\'s table; an incremental model is rebuilt whole', async () => {
    const latest = build('main.mart_Derniere_Commande')!;
    expect(latest).toContain('-- the latest order of each client; `carttrend-test.main.mart_Derniere_Commande` is read only when built incrementally');
    expect(latest).toContain("DATE_DIFF(DATE '2026-01-15', max(date_commande), DAY) as jours,\n    'bigquery' as moteur,\n    'carttrend-test' as projet");
    expect(latest).not.toContain('where date_commande >');
    expect(own('main.mart_Derniere_Commande')[0]!.text).toMatch(/^CREATE OR REPLACE TABLE /);
    expect(await rowsOf('"main"."mart_Derniere_Commande"')).toEqual([
      { id_client: 'C00001', derniere_commande: '2024-03-01', jours: 685n, moteur: 'bigquery' },
      { id_client: 'C00002', derniere_commande: '2024-03-02', jours: 684n, moteur: 'bigquery' },
      { id_client: 'C00003', derniere_commande: '2024-03-03', jours: 683n, moteur: 'bigquery' },
    ].map((r) => ({ ...r, projet: 'carttrend-test', derniere_commande: new Date(r.derniere_commande) })));
  });

  it('loads the seeds with load jobs (CSV file uploads), never inserts', () => {
    expect(fake.requests.some((r) => r.path.endsWith('/insertAll'))).toBe(false);
    expect(jobs.some((j) => j.kind === 'query' && /^\s*INSERT\b/i.test(j.text))).toBe(false);
    for (const seed of ['carttrend_clients_clients', 'carttrend_commandes_commandes', 'carttrend_produits_produits']) {
      expect(own(`google_drive.${seed}`)[0]!.text).toBe(`-- load job: CSV upload into google_drive.${seed}__trellis_staged (WRITE_TRUNCATE, autodetect)`);
    }
  });

  it('runs generic, custom generic and singular tests as BigQuery queries on the staged table', () => {
    const texts = (key: string) => own(key).map((j) => j.text);
    expect(texts('main.Clients')).toContain('SELECT COUNTIF(NOT (REGEXP_CONTAINS(id_client, r"^C\\d{5}$"))) AS c0, COUNTIF(NOT (age < 110)) AS c1, ' +
      '(count(`id_client`) - count(DISTINCT `id_client`)) AS c2, COUNTIF(`id_client` IS NULL) AS c3, ' +
      "COUNTIF((genre is not null) AND (`genre` IS NOT NULL AND `genre` NOT IN ('Homme', 'Femme'))) AS c4 FROM `main.Clients__trellis_staged`");
    expect(texts('main.Commandes')).toContain('SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (select * from `main.Commandes__trellis_staged` where quantite <= 0) AS failing LIMIT 5');
    expect(texts('main.mart_Commandes')).toContain('SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (-- a singular test: no order line may cost nothing\n' +
      'select * from `main.mart_Commandes__trellis_staged` where prix_total <= 0) AS failing LIMIT 5');
  });

  it('gives the same check verdicts, decisions and row counts as the DuckDB run on the same data', () => {
    const verdicts = (r: RunJson) => sorted(r.checks.map((c) => `${c.asset} ${c.check} ${c.passed} ${c.failingCount}`));
    expect(verdicts(run)).toEqual(verdicts(duck));
    const rows = (r: RunJson) => Object.fromEntries(r.assets.map((a) => [a.key, [a.decision, a.rows]]));
    expect(rows(run)).toEqual(rows(duck));
  });

  it('publishes each view with the query of its staged view, unchanged', () => {
    const views = run.assets.filter((a) => own(a.key).some((j) => j.text.startsWith('CREATE OR REPLACE VIEW')));
    expect(views.map((a) => a.key)).toEqual(['main.Clients', 'main.Commandes', 'main.Produits_Favoris']);
    for (const { key } of views) expect(own(key).find((j) => j.text.startsWith(`CREATE OR REPLACE VIEW \`${key}\` AS `))?.text.replace(/^[^`]+`[^`]+` AS /, '')).toBe(build(key));
  });

  it('sends what test/golden/bigquery/dbt/<asset>.sql holds, job by job (TRELLIS_UPDATE_GOLDEN=1 rewrites them)', () => {
    // A view's publication repeats its staged query (asserted above): the golden names it instead.
    const published = jobs.map((j) => (j.subject && j.text === `CREATE OR REPLACE VIEW \`${j.subject}\` AS ${build(j.subject)}`
      ? { ...j, text: `CREATE OR REPLACE VIEW \`${j.subject}\` AS {{ the query of the staged view above }}` } : j));
    const byAsset = jobsByAsset(published);
    expect(sorted(byAsset.keys())).toEqual(sorted(run.assets.map((a) => a.key)));
    for (const [key, text] of byAsset) expectGolden(path.join(DBT_DIR, `${key}.sql`), text);
    const files = fs.readdirSync(DBT_DIR).filter((f) => f.endsWith('.sql'));
    if (!UPDATE) expect(sorted(files), 'a golden file for an asset that no longer sends anything').toEqual(sorted([...byAsset.keys()].map((k) => `${k}.sql`)));
  });
});

describe('the offline dry run of the dbt models (ZetaSQL)', () => {
  it('validates every model with its project-qualified names, the seeds\' columns read from the local DuckDB run', async () => {
    const r = await cli(['plan', '--target', 'bigquery', '--dry-run', '--json'], { projectDir: duckDir, env: { ...duckEnv, TRELLIS_BIGQUERY_PROJECT: 'carttrend-test' } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const report = r.json<{ analyzer: string; models: { key: string; status: string }[] }>();
    expect(report.analyzer).toBe('zetasql');
    expect(report.models.map((m) => `${m.key} ${m.status}`)).toEqual(['main.Clients', 'main.Commandes', 'main.Produits', 'main.Produits_Favoris',
      'main.mart_Apriori_Categories', 'main.mart_Commandes', 'main.mart_Derniere_Commande'].map((k) => `${k} ok`));
  });
});

describe('a dbt model BigQuery refuses', () => {
  let refused: RunJson;
  let broken: RunJson;
  let kept: { before: unknown[]; afterDenied: unknown[]; afterBroken: unknown[] };

  beforeAll(async () => {
    const before = await rowsOf('"main"."mart_Commandes"');
    fake.failures.push({ match: /^CREATE OR REPLACE TABLE `main\.mart_Commandes__trellis_staged`/,
      reason: 'accessDenied', message: 'Access Denied: Table carttrend-test:main.mart_Commandes: User does not have permission' });
    refused = (await trellis('materialize', '--all', '--json')).json<RunJson>();
    const afterDenied = await rowsOf('"main"."mart_Commandes"');
    fake.failures.length = 0;
    const produits = path.join(dir, 'models/Staging/Produits.sql');
    fs.writeFileSync(produits, fs.readFileSync(produits, 'utf8').replace('select id_produit, nom,', 'select id_produit, nom,,'));
    broken = (await trellis('materialize', '--json')).json<RunJson>();
    kept = { before, afterDenied, afterBroken: await rowsOf('"main"."Produits"') };
  }, 120_000);

  const step = (r: RunJson, key: string) => r.assets.find((a) => a.key === key)!;

  it('fails that asset with the job id and BigQuery\'s message, and keeps its previous table', async () => {
    expect(refused.status).toBe('failed');
    expect(step(refused, 'main.mart_Commandes')).toMatchObject({ decision: 'failed' });
    expect(step(refused, 'main.mart_Commandes').reason).toMatch(/^SQL failed: BigQuery accessDenied \(job trellis_[0-9a-f-]{36}\): Access Denied: Table carttrend-test:main\.mart_Commandes: .*\n\s+fix: grant the credentials BigQuery Data Editor/);
    expect(step(refused, 'main.mart_Derniere_Commande').decision).toBe('ran');
    expect(kept.afterDenied).toEqual(kept.before);
    expect(kept.before).toHaveLength(3);
    expect(await fake.engine.table('main', 'mart_Commandes__trellis_staged')).toBeUndefined();
  });

  it('fails a model with a syntax error with its job id (invalidQuery), skips its downstream and keeps its table', () => {
    expect(step(broken, 'main.Produits').decision).toBe('failed');
    expect(step(broken, 'main.Produits').reason).toMatch(/^SQL failed: BigQuery invalidQuery \(job trellis_[0-9a-f-]{36}\): Parser Error: syntax error at or near ","[\s\S]*fix: correct the SQL \(BigQuery standard SQL\)/);
    expect(step(broken, 'main.mart_Commandes')).toMatchObject({ decision: 'skipped', reason: 'upstream main.Produits failed' });
    expect(kept.afterBroken.map((r) => (r as { id_produit: string }).id_produit)).toEqual(['P001', 'P002']);
  });
});
