/**
 * The real Carttrend project end to end, as ACCEPTANCE.md's walkthroughs
 * 1-3 describe them, plus a source file that disappears: the repository is
 * the project, the data is generated at scale 0.1 into a temp dir
 * (CARTTREND_DATA_DIR) and the state lives in a fresh TRELLIS_HOME. Driven
 * in-process through `main()`.
 *
 * One full materialization is shared; tests that change files or state work
 * on copies of the data folder and of TRELLIS_HOME (data versions are content
 * hashes, so a copy is as fresh as its original).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCounts, dirtCount, generateDemoData, type DemoData } from '../assets/carttrend/demo-data/index.ts';
import { openDuckDb } from '../core/index.ts';
import { cleanupTemp, cli, projectEnv, REPO, tempDir, tempHome, type CliResult } from './support/project.ts';

const SCALE = 0.1;

const SOURCES = [
  'google_drive.carttrend_campaigns_campagnes', 'google_drive.carttrend_clients_clients',
  'google_drive.carttrend_commandes_commandes', 'google_drive.carttrend_details_commandes_details_commandes_',
  'google_drive.carttrend_entrepots_entrepots', 'google_drive.carttrend_entrepots_machines_machines_entrepots',
  'google_drive.carttrend_posts_posts', 'google_drive.carttrend_produits_produits',
  'google_drive.carttrend_promotions_promotions', 'google_drive.carttrend_satisfaction_satisfaction',
];
const clean = (...names: string[]): string[] => names.map((n) => `carttrend_clean.${n}`);
const STAGING = clean('Campagnes', 'Canaux', 'Clients', 'Commandes', 'Details_commandes', 'Entrepots',
  'Entrepots_Machines', 'Posts', 'Produits', 'Produits_Favoris', 'Promotions', 'Satisfaction');
const MARTS = clean('mart_Apriori_Combinaisons_Produits', 'mart_Commandes', 'mart_Commentaires',
  'mart_Engagement_Campagnes', 'mart_Metriques_Entrepots', 'mart_Metriques_Machines', 'mart_Notes_Clients',
  'mart_Prevision_Series_Temporelles_CA', 'mart_Produits_Favoris', 'mart_Regression_Fonctionnement_Machines',
  'mart_Support');
const MODELS = ['carttrend_transform.Clients_Geo', 'carttrend_transform.ml_cause_panne_machine',
  'carttrend_transform.ml_categories_achetees_ensemble', 'carttrend_transform.ml_predictions_ca',
  'carttrend_transform.ml_regles_association'];
const ALL = [...SOURCES, ...STAGING, ...MARTS, ...MODELS];

/**
 * Everything that reads the posts workbook, from the SQL: Canaux and Posts
 * read the raw posts, Campagnes and Posts ref Canaux, the engagement mart
 * refs Campagnes, Canaux and Posts; nothing else refs any of them.
 */
const POSTS_LINEAGE = ['google_drive.carttrend_posts_posts',
  ...clean('Canaux', 'Campagnes', 'Posts', 'mart_Engagement_Campagnes')];

interface ListedAsset { key: string; kind: string; group: string; tags: Record<string, string>; status: string; causes: string[] }
interface RunJson {
  runId: number | null;
  status: string;
  assets: Array<{ key: string; decision: string; reason: string; rows: number | null }>;
  checks: Array<{ asset: string; check: string; severity: 'error' | 'warn'; passed: boolean; failingCount: number | null; message: string | null }>;
}

interface State { readonly home: string; readonly data: string }

function trellis(state: State, ...argv: string[]): Promise<CliResult> {
  return cli(argv, { projectDir: REPO, env: projectEnv({ TRELLIS_HOME: state.home, CARTTREND_DATA_DIR: state.data }) });
}

async function listed(state: State, select?: string): Promise<ListedAsset[]> {
  const r = await trellis(state, 'list', '--json', ...(select ? ['--select', select] : []));
  expect(r.code, r.stderr).toBe(0);
  return r.json<ListedAsset[]>();
}

const sorted = (keys: Iterable<string>): string[] => [...keys].sort();
const keysOf = (assets: ReadonlyArray<{ key: string }>): string[] => sorted(assets.map((a) => a.key));

/** A copy of the shared, fully materialized state (TRELLIS_HOME and data folder) to change at will. */
function copyState(from: State): State {
  const copy = { home: tempHome(), data: path.join(tempDir('trellis-carttrend-data-'), 'raw') };
  fs.cpSync(from.home, copy.home, { recursive: true });
  fs.cpSync(from.data, copy.data, { recursive: true });
  return copy;
}

let shared: State;
let demo: DemoData;
let first: CliResult;
let firstRun: RunJson;
let afterFirst: ListedAsset[];
let second: CliResult;
/**
 * Model outputs whose validation gate refused them on this small sample: at
 * scale 0.1 some machine types' uptime models do no better than the mean (at
 * scale 1 they all do). Whatever the verdict, it must be visible and blocking.
 */
let refused: string[];

beforeAll(async () => {
  shared = { home: tempHome(), data: path.join(tempDir('trellis-carttrend-data-'), 'raw') };
  demo = await generateDemoData({ outDir: shared.data, scale: SCALE, seed: 42 });
  first = await trellis(shared, 'materialize', '--json');
  firstRun = first.json<RunJson>();
  refused = keysOf(firstRun.assets.filter((a) => a.decision === 'failed'));
  afterFirst = await listed(shared);
  second = await trellis(shared, 'materialize', '--json');
});

afterAll(cleanupTemp);

describe('walkthrough 1: materialize everything from the sample data', () => {
  it('runs every asset; only a model output may be refused, by its validation gate', () => {
    expect(firstRun.runId).toEqual(expect.any(Number));
    expect(keysOf(firstRun.assets)).toEqual(sorted(ALL));
    expect(firstRun.assets.filter((a) => a.decision !== 'ran' && !MODELS.includes(a.key))).toEqual([]);
    for (const key of refused) {
      expect(MODELS).toContain(key);
      expect(firstRun.assets.find((a) => a.key === key)!.reason).toMatch(/^blocked by check .*\d/);
    }
    // A refused output skips only its own downstream (the rules follow the itemsets).
    const skipped = firstRun.assets.filter((a) => a.decision === 'skipped').map((a) => a.key);
    expect(skipped).toEqual(refused.includes('carttrend_transform.ml_categories_achetees_ensemble') ? ['carttrend_transform.ml_regles_association'] : []);
    expect(first.code, first.stderr).toBe(refused.length ? 1 : 0);
    expect(firstRun.status).toBe(refused.length ? 'failed' : 'success');
  });

  it('list shows the 10 sources, 12 staging views, 11 marts and 5 model outputs, all fresh but the refused', () => {
    const byGroup = (group: string) => afterFirst.filter((a) => a.group === group);
    expect(keysOf(byGroup('sources'))).toEqual(sorted(SOURCES));
    expect(keysOf(byGroup('staging'))).toEqual(sorted(STAGING));
    expect(keysOf(byGroup('marts'))).toEqual(sorted(MARTS));
    expect(keysOf(byGroup('models'))).toEqual(sorted(MODELS));
    expect(byGroup('sources').every((a) => a.kind === 'source')).toBe(true);
    expect([...byGroup('staging'), ...byGroup('marts')].every((a) => a.kind === 'sql')).toBe(true);
    expect(byGroup('models').every((a) => a.kind === 'ts')).toBe(true);
    const notFresh = afterFirst.filter((a) => a.status !== 'fresh');
    expect(keysOf(notFresh)).toEqual(refused);
    for (const a of notFresh) {
      expect(a.status).toBe('failed');
      expect(a.causes.join('\n'), a.key).toMatch(/blocked by check \S+ \(.*\d/);
    }
  });

  it('the raw tables hold every delivered row', () => {
    const loaded = new Map(firstRun.assets.map((a) => [a.key, a.rows]));
    expect(loaded.get('google_drive.carttrend_clients_clients')).toBe(demo.rows.Carttrend_Clients);
    expect(loaded.get('google_drive.carttrend_commandes_commandes')).toBe(demo.rows.Carttrend_Commandes);
    expect(loaded.get('google_drive.carttrend_posts_posts')).toBe(demo.rows.Carttrend_Posts);
  });

  it('every error-severity check passes but the gates of refused models (the staging models clean the planted dirt)', () => {
    const errors = firstRun.checks.filter((c) => c.severity === 'error');
    expect(errors.length).toBeGreaterThan(50);
    expect(sorted(new Set(errors.filter((c) => !c.passed).map((c) => c.asset)))).toEqual(refused);
    // Duplicated rows are removed and negative ages nulled, so these hold.
    const passed = (asset: string, check: string) =>
      errors.find((c) => c.asset === `carttrend_clean.${asset}` && c.check === check)?.passed;
    expect(passed('Clients', 'unique(id_client)')).toBe(true);
    expect(passed('Commandes', 'unique(id_commande)')).toBe(true);
    expect(passed('Satisfaction', 'unique(id_satisfaction)')).toBe(true);
    expect(passed('Clients', 'value_range(age)')).toBe(true);
  });

  it('the warnings the planted dirt must trip fail, with failing rows', () => {
    const failing = (asset: string, check: string): number | null | undefined => {
      const c = firstRun.checks.find((x) => x.asset === `carttrend_clean.${asset}` && x.check === check);
      expect(c, `${asset} ${check}`).toBeDefined();
      expect(c!.severity, `${asset} ${check}`).toBe('warn');
      expect(c!.passed, `${asset} ${check}`).toBe(false);
      return c!.failingCount;
    };
    const counts = demoCounts(SCALE);
    // One failing row per dirty row where the staging model nulls exactly that dirt.
    expect(failing('Clients', 'not_null(email)')).toBe(dirtCount('badEmail', counts.clients));
    expect(failing('Clients', 'not_null(ip)')).toBe(dirtCount('badIp', counts.clients));
    expect(failing('Commandes', 'not_null(id_client)')).toBe(dirtCount('missingId', counts.orders));
    expect(failing('Commandes', 'not_null(date_livraison_estimee)')).toBe(dirtCount('deliveryBeforeOrder', counts.orders));
    for (const [asset, check, dirt] of [
      ['Clients', 'expression_is_true(age < 110)', 'absurd ages'],
      ['Clients', 'not_null(genre)', 'misspelt genre'],
      ['Commandes', 'not_null(statut_commande)', 'misspelt status'],
      ['Details_commandes', 'not_null(quantite)', 'quantities of 0 or below'],
      ['Details_commandes', 'expression_is_true(quantite <= 100)', 'quantities of 500 or more'],
      ['Entrepots_Machines', 'not_null(volume_traite)', 'negative volumes'],
      ['Entrepots_Machines', "expression_is_true(etat_machine <> 'Autre' AND type_machine <> 'Autre')", 'misspelt state'],
      ['Produits', "expression_is_true(categorie <> 'Autre')", 'misspelt category'],
      ['Campagnes', 'not_null(ctr)', 'CTR as a percentage'],
      ['Campagnes', 'not_null(budget)', 'negative budget, nulled by staging'],
      ['Canaux', 'accepted_values(canal)', 'misspelt channel'],
      ['Posts', 'not_null(sentiment_global)', 'misspelt sentiment'],
    ] as const) {
      expect(failing(asset, check), `${asset} ${check} (${dirt})`).toBeGreaterThan(0);
    }
  });

  it('a second materialize runs nothing, but retries what a gate refused', () => {
    const run = second.json<RunJson>();
    if (!refused.length) {
      expect(second.code, second.stderr).toBe(0);
      expect(run).toMatchObject({ runId: null, status: 'success', assets: [] });
      return;
    }
    // Same inputs, same deterministic fit: the same verdict, and nothing else touched.
    expect(second.code, second.stderr).toBe(1);
    expect(keysOf(run.assets.filter((a) => a.decision !== 'skipped'))).toEqual(refused);
    expect(run.assets.filter((a) => a.decision === 'failed').map((a) => a.key).sort()).toEqual(refused);
  });

  it('why shows a model output\'s quality figures, one a line', async () => {
    const r = await trellis(shared, 'why', 'carttrend_transform.ml_predictions_ca');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\n  metadata:\n/);
    expect(r.stdout).toMatch(/\n {4}holdout_mape_pct +\d/);
    expect(r.stdout).toMatch(/\n {4}naive_holdout_mape_pct +\d/);
  });

  it('check judges the published models by the metrics they recorded: their gates pass again', async () => {
    const r = await trellis(copyState(shared), 'check', '--select', 'group:models', '--json');
    expect(r.code, r.stdout).toBe(0);
    const results = r.json<Array<{ asset: string; check: string; severity: string; passed: boolean; message: string | null }>>();
    const gates = results.filter((c) => c.check === 'cv_mape_no_worse_than_seasonal_naive');
    expect(gates).toHaveLength(1);
    expect(gates[0]!.message).toMatch(/^cross-validated MAPE \d/);
    expect(results.filter((c) => !c.passed && c.severity === 'error')).toEqual([]);
  });

  it('demo reports a refused model output as the gate working and exits 0', async () => {
    const r = await trellis(copyState(shared), 'demo');
    expect(r.stdout).toContain('using the data in');
    if (!refused.length) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('nothing to do');
      return;
    }
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/model outputs? (was|were) not published: the validation gate refused/);
    for (const key of refused) expect(r.stdout).toContain(key);
  });
});

describe('walkthrough 2: a new posts workbook refreshes only its lineage', () => {
  let state: State;
  let stale: ListedAsset[];
  let why: CliResult;
  let refresh: CliResult;
  let afterRefresh: ListedAsset[];
  let again: CliResult;

  beforeAll(async () => {
    state = copyState(shared);
    const other = tempDir('trellis-carttrend-4242-');
    await generateDemoData({ outDir: other, scale: SCALE, seed: 4242 });
    fs.copyFileSync(path.join(other, 'Carttrend_Posts.xlsx'), path.join(state.data, 'Carttrend_Posts.xlsx'));
    stale = (await listed(state)).filter((a) => a.status === 'stale');
    why = await trellis(state, 'why', 'carttrend_clean.mart_Engagement_Campagnes');
    refresh = await trellis(state, 'materialize', '--json');
    afterRefresh = await listed(state);
    again = await trellis(state, 'materialize', '--json');
  });

  it('list shows exactly the posts source and its downstream as stale', () => {
    expect(keysOf(stale)).toEqual(sorted(POSTS_LINEAGE));
    expect(stale.every((a) => a.status === 'stale')).toBe(true);
  });

  it('the causes name the changed file, then the stale upstreams', () => {
    const causes = new Map(stale.map((a) => [a.key, a.causes]));
    expect(causes.get('google_drive.carttrend_posts_posts')!.join('\n')).toContain('Carttrend_Posts.xlsx');
    for (const key of POSTS_LINEAGE.slice(1)) {
      const named = causes.get(key)!.map((c) => /upstream (\S+)/.exec(c)?.[1]);
      expect(named.length, key).toBeGreaterThan(0);
      for (const upstream of named) expect(POSTS_LINEAGE, `${key}: ${causes.get(key)!.join('; ')}`).toContain(upstream);
    }
    expect(causes.get('carttrend_clean.Posts')!.join('\n')).toContain('google_drive.carttrend_posts_posts');
    expect(causes.get('carttrend_clean.Posts')!.join('\n')).toContain('carttrend_clean.Canaux');
    expect(causes.get('carttrend_clean.Campagnes')!.join('\n')).toContain('carttrend_clean.Canaux');
  });

  it('why explains the engagement mart by its stale upstreams', () => {
    expect(why.code, why.stderr).toBe(0);
    expect(why.stdout).toContain('stale');
    expect(why.stdout).toContain('upstream carttrend_clean.Posts');
  });

  it('the first materialize runs the posts lineage and nothing that does not read posts', () => {
    // A model its gate refused is retried (its last attempt failed) and refused again.
    expect(refresh.code, refresh.stderr).toBe(refused.length ? 1 : 0);
    const run = refresh.json<RunJson>();
    expect(keysOf(run.assets.filter((a) => a.decision === 'failed'))).toEqual(refused);
    const decisions = new Map(run.assets.map((a) => [a.key, a.decision]));
    for (const key of ['google_drive.carttrend_posts_posts', ...clean('Canaux', 'Posts', 'mart_Engagement_Campagnes')]) {
      expect(decisions.get(key), key).toBe('ran');
    }
    // Campagnes reads posts only through Canaux's ids: it may be skipped as "inputs unchanged".
    expect(['ran', 'skipped']).toContain(decisions.get('carttrend_clean.Campagnes'));
    const ranElsewhere = run.assets.filter((a) => a.decision === 'ran' && !POSTS_LINEAGE.includes(a.key));
    expect(ranElsewhere).toEqual([]);
    for (const key of ['carttrend_clean.Clients', 'carttrend_clean.mart_Commandes', 'google_drive.carttrend_clients_clients']) {
      expect(decisions.get(key) ?? 'absent', key).not.toBe('ran');
    }
    expect(keysOf(afterRefresh.filter((a) => a.status !== 'fresh'))).toEqual(refused);
  });

  it('the second materialize runs nothing (but the refused model again)', () => {
    expect(again.code, again.stderr).toBe(refused.length ? 1 : 0);
    expect(keysOf(again.json<RunJson>().assets.filter((a) => a.decision !== 'skipped'))).toEqual(refused);
  });
});

describe('walkthrough 3: selections print what the lineage of the SQL implies', () => {
  const cases: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['+key:carttrend_clean.mart_Commandes', [
      ...clean('mart_Commandes', 'Clients', 'Commandes', 'Details_commandes', 'Produits', 'Produits_Favoris', 'Promotions'),
      'google_drive.carttrend_clients_clients', 'google_drive.carttrend_commandes_commandes',
      'google_drive.carttrend_details_commandes_details_commandes_', 'google_drive.carttrend_produits_produits',
      'google_drive.carttrend_promotions_promotions']],
    ['group:marts', MARTS],
    ['kind:source', SOURCES],
    ['key:carttrend_clean.mart_*', MARTS],
    ['roots(+key:carttrend_clean.mart_Commandes)', [
      'google_drive.carttrend_clients_clients', 'google_drive.carttrend_commandes_commandes',
      'google_drive.carttrend_details_commandes_details_commandes_', 'google_drive.carttrend_produits_produits',
      'google_drive.carttrend_promotions_promotions']],
    // Every staging view feeds a mart; mart_Commandes feeds three marts, three marts feed a model,
    // the client geolocation reads the clients view and the rules follow the itemsets.
    ['sinks(group:staging+)', [...MARTS.filter((k) => !['carttrend_clean.mart_Commandes',
      'carttrend_clean.mart_Apriori_Combinaisons_Produits', 'carttrend_clean.mart_Prevision_Series_Temporelles_CA',
      'carttrend_clean.mart_Regression_Fonctionnement_Machines'].includes(k)),
    ...MODELS.filter((k) => k !== 'carttrend_transform.ml_categories_achetees_ensemble')]],
    ['carttrend_clean.Clients+1', [...clean('Clients', 'Produits_Favoris', 'mart_Commandes'), 'carttrend_transform.Clients_Geo']],
    ['tag:ml', [...clean('mart_Apriori_Combinaisons_Produits', 'mart_Prevision_Series_Temporelles_CA',
      'mart_Regression_Fonctionnement_Machines'), ...MODELS.filter((k) => k !== 'carttrend_transform.Clients_Geo')]],
    ['group:models and not tag:ml', ['carttrend_transform.Clients_Geo']],
    ['group:staging and not key:carttrend_clean.C*', clean('Details_commandes', 'Entrepots', 'Entrepots_Machines', 'Posts',
      'Produits', 'Produits_Favoris', 'Promotions', 'Satisfaction')],
    ['2+key:carttrend_clean.mart_Engagement_Campagnes', [...clean('mart_Engagement_Campagnes', 'Campagnes', 'Canaux', 'Posts'),
      'google_drive.carttrend_campaigns_campagnes', 'google_drive.carttrend_posts_posts']],
    ['key:google_drive.carttrend_posts_posts+', POSTS_LINEAGE],
    ['+carttrend_clean.Produits_Favoris+', [...clean('Produits_Favoris', 'Clients', 'Produits', 'mart_Commandes',
      'mart_Produits_Favoris', 'mart_Apriori_Combinaisons_Produits', 'mart_Prevision_Series_Temporelles_CA'),
    'google_drive.carttrend_clients_clients', 'google_drive.carttrend_produits_produits',
    'carttrend_transform.ml_categories_achetees_ensemble', 'carttrend_transform.ml_predictions_ca',
    'carttrend_transform.ml_regles_association']],
    ['(tag:pii or tag:logistics) and kind:sql', clean('Clients', 'Entrepots', 'Entrepots_Machines', 'mart_Metriques_Entrepots',
      'mart_Metriques_Machines', 'mart_Regression_Fonctionnement_Machines')],
  ];

  it.each(cases)('%s', async (selection, expected) => {
    expect(keysOf(await listed(shared, selection))).toEqual(sorted(expected));
  });

  it('a mistyped key exits 2 and suggests the real one', async () => {
    const r = await trellis(shared, 'list', '--select', 'key:carttrend_clean.Clinets');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("no asset 'carttrend_clean.Clinets'");
    expect(r.stderr).toContain("did you mean 'carttrend_clean.Clients'?");
  });
});

describe('a source workbook that disappears', () => {
  const SOURCE = 'google_drive.carttrend_satisfaction_satisfaction';
  const FILE = 'Carttrend_Satisfaction.xlsx';
  const DOWNSTREAM = clean('Satisfaction', 'mart_Commentaires', 'mart_Notes_Clients', 'mart_Support');
  let state: State;

  beforeAll(() => {
    state = copyState(shared);
    fs.rmSync(path.join(state.data, FILE));
  });

  it('list shows the source not fresh, naming the missing file and how to get it', async () => {
    const assets = await listed(state);
    const source = assets.find((a) => a.key === SOURCE)!;
    expect(source.status).not.toBe('fresh');
    const causes = source.causes.join('\n');
    expect(causes).toContain(path.join(state.data, FILE));
    expect(causes).toMatch(/missing/);
    expect(causes).toContain('npx trellis demo-data');
    expect(causes).toContain('CARTTREND_DATA_DIR');
    expect(keysOf(assets.filter((a) => a.status !== 'fresh'))).toEqual(sorted([SOURCE, ...DOWNSTREAM, ...refused]));
  });

  it('materialize exits 1 naming the file, skips the downstream, and keeps the last loaded table', async () => {
    const r = await trellis(state, 'materialize', '--json');
    expect(r.code, r.stderr).toBe(1);
    const run = r.json<RunJson>();
    expect(run.status).toBe('failed');
    const source = run.assets.find((a) => a.key === SOURCE)!;
    expect(source.decision).toBe('failed');
    expect(source.reason).toContain(FILE);
    for (const key of DOWNSTREAM) {
      const step = run.assets.find((a) => a.key === key);
      expect(step?.decision, key).toBe('skipped');
      expect(step?.reason, key).toContain(SOURCE);
    }
    expect(run.assets.filter((a) => a.decision === 'ran')).toEqual([]);

    const text = await trellis(state, 'materialize');
    expect(text.code).toBe(1);
    expect(`${text.stdout}\n${text.stderr}`).toContain(FILE);

    const warehouse = await openDuckDb(path.join(state.home, 'warehouse.duckdb'));
    try {
      const session = await warehouse.session();
      try {
        const [raw] = await session.query(`SELECT count(*) AS n FROM google_drive.carttrend_satisfaction_satisfaction`);
        expect(Number(raw!.n)).toBe(demo.rows.Carttrend_Satisfaction);
        const [view] = await session.query('SELECT count(*) AS n FROM carttrend_clean."Satisfaction"');
        expect(Number(view!.n)).toBeGreaterThan(0);
      } finally {
        await session.close();
      }
    } finally {
      await warehouse.close();
    }
  });
});
