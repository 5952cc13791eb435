/**
 * A dbt project loaded natively: test/fixtures/dbt-carttrend is built like
 * the Carttrend dbt project (staging models over google_drive sources, marts
 * as tables) and uses folder configs, seeds, macros, var(), env_var(),
 * target, an incremental model, generic, custom generic and singular tests.
 * Its SQL is BigQuery's, transpiled for the DuckDB file it runs on; it is
 * listed, materialized, and its tests run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject, openDuckDb } from '../core/index.ts';
import { cleanupTemp, cli, copyFixture, projectEnv, tempHome } from './support/project.ts';

afterAll(cleanupTemp);

describe('a dbt project (fixture built like Carttrend-dbt)', () => {
  it('loads models, seeds and sources with folder configs, macros, vars and tests', async () => {
    const project = await loadProject(copyFixture('dbt-carttrend'), projectEnv({ TRELLIS_HOME: tempHome() }));
    expect([...project.graph.keys]).toEqual(expect.arrayContaining(['google_drive.carttrend_clients_clients', 'main.Clients', 'main.mart_Commandes']));
    const mart = project.graph.get('main.mart_Commandes')!;
    expect(mart.deps).toEqual(['main.Clients', 'main.Commandes', 'main.Produits', 'main.Produits_Favoris']);
    expect(mart.materialization).toBe('table');
    expect(Object.keys(mart.tags)).toEqual(['marts', 'ventes', 'dbt_incremental']);
    expect(mart.sql).toContain("'FR' AS region");
    expect(mart.sql).toContain('COALESCE(cl.age, 0)');
    expect(mart.sql).not.toContain('max(date_commande)');
    expect(project.graph.get('main.Clients')!.materialization).toBe('view');
    expect(project.graph.get('main.Produits')!.materialization).toBe('table');
    expect(project.graph.get('main.Clients')!.sql).toContain("WHEN age > 0 AND age <= 25 THEN '<=25'");
    expect(project.graph.get('main.Clients')!.sql).toContain("REGEXP_REPLACE(numero_telephone, '\\D', '', 'g')");
    expect(project.graph.get('main.Commandes')!.sql).toContain("IN ('livrée', 'en transit', 'validée', 'annulée')");
    expect(project.graph.get('main.Commandes')!.checks.map((c) => `${c.name} ${c.severity}`))
      .toEqual(['unique(id_commande) error', 'not_null(id_commande) error', 'relationships(id_client) error', 'positive(quantite) error']);
    expect(project.graph.get('main.Clients')!.checks.map((c) => `${c.name} ${c.severity}`).slice(0, 2))
      .toEqual(['expression_is_true(REGEXP_CONTAINS(id_client, r"^C\\d{5}$")) error', 'expression_is_true(age < 110) warn']);
    expect(mart.checks.map((c) => c.name)).toEqual(['not_null(prix_total)', 'prix_total_positif']);
  });

  it('shows its lineage in `trellis list` and materializes on DuckDB with its tests', async () => {
    const dir = copyFixture('dbt-carttrend');
    const env = projectEnv({ TRELLIS_HOME: tempHome(), CARTTREND_REGION: 'BE' });
    const list = await cli(['list'], { projectDir: dir, env });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/main\.mart_Commandes\s+Ventes\s+sql/);
    const lineage = await cli(['lineage', 'main.mart_Commandes', '--up'], { projectDir: dir, env });
    expect(lineage.stdout).toContain('  ↖ main.Produits_Favoris\n    ↖ google_drive.carttrend_clients_clients');
    const run = await cli(['materialize', '--json'], { projectDir: dir, env });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const result = run.json<{ assets: { key: string; decision: string }[]; checks: { asset: string; check: string; passed: boolean }[] }>();
    expect(result.assets.filter((a) => a.decision === 'ran').length).toBe(9);
    expect(result.checks.length).toBe(12);
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
    const warehouse = await openDuckDb(path.join(env.TRELLIS_HOME!, 'warehouse.duckdb'));
    const session = await warehouse.session();
    try {
      expect(await session.query('SELECT id_client, tranche_age, statut_commande, prix_total, produit_favori, region FROM main.mart_Commandes ORDER BY id_client')).toEqual([
        { id_client: 'C00001', tranche_age: '25-40', statut_commande: 'livrée', prix_total: 119.8, produit_favori: true, region: 'BE' },
        { id_client: 'C00002', tranche_age: null, statut_commande: 'en transit', prix_total: 24.5, produit_favori: true, region: 'BE' },
        { id_client: 'C00003', tranche_age: '>70', statut_commande: null, prix_total: 179.7, produit_favori: false, region: 'BE' },
      ]);
      expect(await session.query('SELECT id_client, email, genre, telephone FROM main.Clients ORDER BY id_client')).toEqual([
        { id_client: 'C00001', email: 'alice.martin@example.com', genre: 'Femme', telephone: '336123456789' },
        { id_client: 'C00002', email: null, genre: 'Homme', telephone: '4473622582' },
        { id_client: 'C00003', email: 'chloe.d@mail.example.fr', genre: 'Femme', telephone: '4743831564' },
      ]);
      expect(await session.query('SELECT id_client, id_produit FROM main.Produits_Favoris ORDER BY ALL'))
        .toEqual([{ id_client: 'C00001', id_produit: 'P001' }, { id_client: 'C00001', id_produit: 'P002' }, { id_client: 'C00002', id_produit: 'P002' }]);
    } finally {
      await session.close();
      await warehouse.close();
    }
  });

  it('fails a run on a failing custom generic test, naming the model and the test', async () => {
    const dir = copyFixture('dbt-carttrend');
    const seed = path.join(dir, 'seeds/carttrend_commandes_commandes.csv');
    fs.writeFileSync(seed, fs.readFileSync(seed, 'utf8').replace('en transit,1', 'en transit,0'));
    const run = await cli(['materialize', '--json'], { projectDir: dir, env: projectEnv({ TRELLIS_HOME: tempHome() }) });
    expect(run.code).not.toBe(0);
    const failed = run.json<{ checks: { asset: string; check: string; passed: boolean }[] }>().checks.filter((c) => !c.passed);
    expect(failed.map((c) => [c.asset, c.check])).toEqual([['main.Commandes', 'positive(quantite)']]);
  });
});
