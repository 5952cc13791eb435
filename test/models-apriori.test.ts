/**
 * Category associations with the real node-apriori: supports, confidences
 * and lifts of a handful of baskets checked by hand, the threshold and
 * duplicate pitfalls (shown to exist in the raw library, then handled), the
 * SQL recount gates on a real DuckDB, the empty display in a project of its
 * own, and the real Carttrend project at scale 0.1 against a brute-force count.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Apriori } from 'node-apriori';
import { mineAssociations, minimumCount, type Associations } from '../assets/carttrend/models/apriori-mine.ts';
import { basketsFromRows, displayedItemsets, itemsetLabel } from '../assets/carttrend/models/apriori-display.ts';
import { itemsetMismatchSql, ruleMismatchSql, verifyItemsetSupports, verifyRuleSupports } from '../assets/carttrend/models/apriori-gate.ts';
import { dialects, openDuckDb, type Row, type Warehouse, type WarehouseSession } from '../core/index.ts';
import { cleanupTemp, cli, makeProject, projectEnv, REPO, tempDir, tempHome, queryWarehouse, materializeCarttrend } from './support/project.ts';

afterAll(cleanupTemp);

// By hand, over 5 baskets (the last one names Mode twice): Mode 4, Livres 4, Sports 3,
// Mode+Livres 3 (baskets 1, 2, 5), Mode+Sports 2 (1, 3), Livres+Sports 2 (1, 4), all three 1.
const BASKETS = [['Mode', 'Livres', 'Sports'], ['Mode', 'Livres'], ['Mode', 'Sports'], ['Livres', 'Sports'], ['Mode', 'Mode', 'Livres']];

describe('a handful of baskets', () => {
  let mined: Associations;
  beforeAll(async () => {
    mined = await mineAssociations(BASKETS, { minSupport: 0.3 });
  });

  it('gives every itemset with support >= 0.3 as fractions, most frequent first', () => {
    expect(mined.transactions).toBe(5);
    expect(mined.itemsets).toEqual([
      { items: ['Livres'], count: 4, support: 0.8 },
      { items: ['Mode'], count: 4, support: 0.8 },
      { items: ['Sports'], count: 3, support: 0.6 },
      { items: ['Livres', 'Mode'], count: 3, support: 0.6 },
      { items: ['Livres', 'Sports'], count: 2, support: 0.4 },
      { items: ['Mode', 'Sports'], count: 2, support: 0.4 },
    ]);
  });

  it('counts an item named twice in a basket once (node-apriori alone counts it twice)', async () => {
    const raw = await new Apriori<string>(0.3).exec(BASKETS);
    expect(raw.itemsets.find((s) => s.items.length === 1 && s.items[0] === 'Mode')!.support).toBe(5);
    expect(mined.itemsets.find((s) => s.items.join() === 'Mode')!.count).toBe(4);
  });

  it('gives every rule with confidence s(A and B) / s(A) and lift confidence / s(B), highest lift first', () => {
    const rule = (a: string, b: string, as: number, bs: number, s: number, confidence: number, lift: number) =>
      ({ antecedents: [a], consequents: [b], antecedentSupport: as, consequentSupport: bs, support: s, confidence, lift });
    expect(mined.rules).toEqual([
      rule('Livres', 'Mode', 0.8, 0.8, 0.6, 3 / 4, 15 / 16),
      rule('Mode', 'Livres', 0.8, 0.8, 0.6, 3 / 4, 15 / 16),
      rule('Sports', 'Livres', 0.6, 0.8, 0.4, 2 / 3, 10 / 12),
      rule('Sports', 'Mode', 0.6, 0.8, 0.4, 2 / 3, 10 / 12),
      rule('Livres', 'Sports', 0.8, 0.6, 0.4, 2 / 4, 10 / 12),
      rule('Mode', 'Sports', 0.8, 0.6, 0.4, 2 / 4, 10 / 12),
    ]);
  });

  it('splits an itemset of three into its six rules', async () => {
    const all = await mineAssociations(BASKETS, { minSupport: 0.2 });
    const ofThree = all.rules.filter((r) => r.antecedents.length + r.consequents.length === 3);
    expect(ofThree).toHaveLength(6);
    const modeLivresToSports = ofThree.find((r) => r.antecedents.join() === 'Livres,Mode')!;
    // s(all three) = 1/5, s(Mode+Livres) = 3/5, s(Sports) = 3/5.
    expect(modeLivresToSports).toMatchObject({ consequents: ['Sports'], support: 0.2, confidence: 1 / 3 });
    expect(modeLivresToSports.lift).toBeCloseTo((1 / 3) / 0.6, 12);
  });

  it('keeps for display the sets of 2+ items with support >= 0.4, including those exactly at 0.4', () => {
    const shown = displayedItemsets(mined.itemsets, { minItems: 2, minSupport: 0.4 });
    expect(shown.map((s) => [itemsetLabel(s.items), s.support])).toEqual([
      ['Livres - Mode', 0.6], ['Livres - Sports', 0.4], ['Mode - Sports', 0.4],
    ]);
    expect(displayedItemsets(mined.itemsets, { minItems: 2, minSupport: 0.41 }).map((s) => itemsetLabel(s.items))).toEqual(['Livres - Mode']);
  });
});

describe('the threshold', () => {
  // 7 of 25 baskets hold x and y: support 0.28 exactly, and 0.28 * 25 = 7.000000000000001 in floating point.
  const baskets = [...Array.from({ length: 7 }, () => ['x', 'y']), ...Array.from({ length: 18 }, () => ['z'])];

  it('keeps an itemset exactly at min support, which node-apriori alone drops', async () => {
    const raw = await new Apriori<string>(0.28).exec(baskets);
    expect(raw.itemsets.some((s) => s.items.length === 2)).toBe(false);
    const mined = await mineAssociations(baskets, { minSupport: 0.28 });
    expect(mined.itemsets.filter((s) => s.items.length === 2)).toEqual([{ items: ['x', 'y'], count: 7, support: 0.28 }]);
  });

  it('is the smallest count whose support reaches the fraction', () => {
    expect(minimumCount(0.28, 25)).toBe(7);
    expect(minimumCount(0.07, 100)).toBe(7);
    expect(minimumCount(0.1, 971)).toBe(98);
    expect(minimumCount(1, 10)).toBe(10);
  });

  it('refuses a min support outside (0, 1], and mines no baskets to nothing', async () => {
    await expect(mineAssociations(baskets, { minSupport: 0 })).rejects.toThrow('minSupport must be in (0, 1], got 0');
    expect(await mineAssociations([], { minSupport: 0.1 })).toEqual({ transactions: 0, itemsets: [], rules: [] });
  });
});

describe('reading the baskets and labelling itemsets', () => {
  const MART = 'carttrend_clean.mart_Apriori_Combinaisons_Produits';

  it('takes the categories array of each row, or names the mart and the bad rows', () => {
    expect(basketsFromRows([{ categories: ['Mode', 'Livres'], id_client: 'C1' }], MART)).toEqual([['Mode', 'Livres']]);
    expect(() => basketsFromRows([{ categories: ['Mode'], id_client: 'C1' }, { categories: null, id_client: 'C2' }], MART))
      .toThrow(`${MART}: 1 row(s) have no categories array of names (C2: null)`);
  });

  it('refuses a category whose name contains the label separator', () => {
    expect(() => itemsetLabel(['Mode', 'Sports - Loisirs'])).toThrow("the category 'Sports - Loisirs' contains ' - '");
  });
});

describe('the recount gates in BigQuery SQL', () => {
  it('explode arrays and labels with UNNEST, use no DuckDB list function, and quote the separator for BigQuery', () => {
    for (const sql of [itemsetMismatchSql(dialects.bigquery, '`m.itemsets`', '`m.baskets`'), ruleMismatchSql(dialects.bigquery, '`m.rules`', '`m.baskets`')]) {
      expect(sql).toContain('UNNEST(b.categories) AS item');
      expect(sql).toContain("UNNEST(SPLIT(w.set_key, ' - ')) AS piece");
      expect(sql).not.toMatch(/list_|string_split|\bUNION\s+SELECT/i);
      expect(sql).toContain('SAFE_DIVIDE(');
    }
  });
});

describe('the recount gates on DuckDB', () => {
  let warehouse: Warehouse;
  let session: WarehouseSession;
  let mined: Associations;
  const MART = 'm."baskets"';

  beforeAll(async () => {
    warehouse = await openDuckDb(path.join(tempDir('trellis-apriori-gate-'), 'w.duckdb'));
    session = await warehouse.session();
    await session.run('CREATE SCHEMA m');
    await session.run(`CREATE TABLE ${MART} AS SELECT * FROM (VALUES ${BASKETS.map((b, i) =>
      `([${b.map((c) => `'${c}'`).join(', ')}], 'C${i}')`).join(', ')}) AS t(categories, id_client)`);
    mined = await mineAssociations(BASKETS, { minSupport: 0.3 });
  });
  afterAll(async () => {
    await session.close();
    await warehouse.close();
  });

  const writeItemsets = (rows: readonly (readonly unknown[])[]) => session.writeTable({ schema: 'm', name: 'itemsets' },
    [{ name: 'support', type: 'DOUBLE' }, { name: 'itemsets', type: 'VARCHAR' }, { name: 'nb_categories', type: 'INTEGER' }, { name: 'nb_clients', type: 'BIGINT' }], rows);
  const writeRules = (rows: readonly (readonly unknown[])[]) => session.writeTable({ schema: 'm', name: 'rules' },
    ['antecedents', 'consequents', 'antecedent_support', 'consequent_support', 'support', 'confidence', 'lift']
      .map((name, i) => ({ name, type: i < 2 ? 'VARCHAR' as const : 'DOUBLE' as const })), rows);
  const itemsetRows = () => displayedItemsets(mined.itemsets, { minItems: 2, minSupport: 0.4 })
    .map((s) => [s.support, itemsetLabel(s.items), s.items.length, s.count]);
  const ruleRows = () => mined.rules.map((r) => [itemsetLabel(r.antecedents), itemsetLabel(r.consequents),
    r.antecedentSupport, r.consequentSupport, r.support, r.confidence, r.lift]);

  it('passes itemsets whose supports are the exact recount', async () => {
    await writeItemsets(itemsetRows());
    expect(await verifyItemsetSupports(session, dialects.duckdb, 'm.itemsets', MART)).toMatchObject({ passed: true, failingCount: 0,
      message: `all 3 itemsets have supports in [0, 1] equal to an exact recount over 5 baskets of ${MART}` });
  });

  it('fails itemsets with a wrong support, a wrong count or a support above 1, with the figures', async () => {
    const rows = itemsetRows();
    rows[1] = [0.5, ...rows[1]!.slice(1)];
    rows[2] = [rows[2]![0], rows[2]![1], 2, 3];
    await writeItemsets([...rows, [1.2, 'Mode', 1, 6]]);
    const outcome = await verifyItemsetSupports(session, dialects.duckdb, 'm.itemsets', MART);
    expect(outcome).toMatchObject({ passed: false, failingCount: 3, metadata: { itemsets: 4, baskets: 5, mismatches: 3 } });
    expect(outcome.message).toBe(`3 of 4 itemsets disagree with an exact recount over 5 baskets of ${MART}: ` +
      "'Livres - Sports' support 0.5 (2 clients) vs 0.4 (2) recounted; 'Mode' support 1.2 (6 clients) vs 0.8 (4) recounted; " +
      "'Mode - Sports' support 0.4 (3 clients) vs 0.4 (2) recounted");
  });

  it('passes rules that follow from the recount, and fails a wrong lift with the figures', async () => {
    await writeRules(ruleRows());
    expect(await verifyRuleSupports(session, dialects.duckdb, 'm.rules', MART)).toMatchObject({ passed: true,
      message: `all 6 rules have supports in [0, 1] equal to an exact recount over 5 baskets of ${MART}` });
    const rows = ruleRows();
    rows[0] = [...rows[0]!.slice(0, 6), 1.5];
    await writeRules(rows);
    const outcome = await verifyRuleSupports(session, dialects.duckdb, 'm.rules', MART);
    expect(outcome).toMatchObject({ passed: false, failingCount: 1 });
    expect(outcome.message).toContain("'Livres' -> 'Mode' support 0.6 vs 0.6, confidence 0.75 vs 0.75, lift 1.5 vs 0.9375");
  });
});

interface RunJson {
  assets: Array<{ key: string; decision: string; reason: string; rows: number | null }>;
  checks: Array<{ asset: string; check: string; severity: string; passed: boolean; message: string | null }>;
}
const ITEMSETS = 'carttrend_transform.ml_categories_achetees_ensemble';
const RULES = 'carttrend_transform.ml_regles_association';


describe('when no set reaches the display support', () => {
  it('publishes an empty itemsets table, says so in a warning and the metadata, and still lists the rules', async () => {
    const baskets = [['a', 'b'], ['a', 'c'], ['b', 'c'], ['a'], ['b'], ['c'], ['a', 'b', 'c'], ['d']];
    const dir = makeProject({
      'sql/mart_Apriori_Combinaisons_Produits.sql': `{{ config(materialized='table', schema='carttrend_clean') }}\n` +
        `SELECT * FROM (VALUES ${baskets.map((b, i) => `([${b.map((c) => `'${c}'`).join(', ')}], 'C${i}')`).join(', ')}) AS t(categories, id_client)\n`,
      'assets/index.ts': `export { categoryItemsets, categoryRules } from '${path.join(REPO, 'assets/carttrend/models/apriori.ts')}';\n`,
    });
    const env = projectEnv({ TRELLIS_HOME: tempHome() });
    const r = await cli(['materialize', '--json'], { projectDir: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const run = r.json<RunJson>();
    expect(run.assets.find((a) => a.key === ITEMSETS)).toMatchObject({ decision: 'ran', rows: 0 });
    // Pairs are in 2 of 8 baskets: 0.25, under 0.4. At 0.1 the 4 singles (d: 1/8), 3 pairs and the triple (1/8) are frequent.
    expect(run.checks.find((c) => c.asset === ITEMSETS && c.check === 'displayed_itemsets_not_empty')).toMatchObject({
      passed: false, severity: 'warn',
      message: "no set of 2+ categories has support >= 0.4 (the best: 'a - b' at 0.25); the table is published empty",
    });
    expect(run.checks.find((c) => c.asset === ITEMSETS && c.check === 'supports_equal_exact_recount')).toMatchObject({ passed: true });
    expect(run.assets.find((a) => a.key === RULES)).toMatchObject({ decision: 'ran', rows: 3 * 2 + 6 });
    const why = await cli(['why', ITEMSETS, '--json'], { projectDir: dir, env });
    expect(why.json<{ lastMaterialization: { metadata: Record<string, unknown> } }>().lastMaterialization.metadata).toMatchObject({
      transactions: 8, frequent_itemsets: 4 + 3 + 1, displayed_itemsets: 0, top_itemset: 'a - b', top_itemset_support: 0.25,
    });
  });
});

describe('the Carttrend project at scale 0.1', () => {
  let home: string;
  let run: RunJson;
  let code: number;
  let stderr: string;

  beforeAll(async () => {
    const { home: state, result } = await materializeCarttrend(`+${RULES}`);
    home = state;
    ({ code, stderr } = result);
    run = result.json<RunJson>();
  });

  it('publishes both tables, their recount gates passing', () => {
    expect(code, stderr).toBe(0);
    for (const key of [ITEMSETS, RULES]) expect(run.assets.find((a) => a.key === key)?.decision, key).toBe('ran');
    const gates = run.checks.filter((c) => c.check.includes('recount'));
    expect(gates.map((c) => [c.asset, c.passed])).toEqual([[ITEMSETS, true], [RULES, true]]);
  });

  it('displays exactly the sets a brute-force count over the mart finds, highest support first', async () => {
    const baskets = (await queryWarehouse(home, 'SELECT categories FROM carttrend_clean.mart_Apriori_Combinaisons_Produits'))
      .map((r) => new Set(r.categories as string[]));
    const categories = [...new Set(baskets.flatMap((b) => [...b]))].sort();
    expect(categories.length).toBeLessThanOrEqual(12);
    const expected: Array<{ items: string; support: number; clients: number }> = [];
    let frequent = 0;
    let rules = 0;
    for (let mask = 1; mask < 1 << categories.length; mask++) {
      const items = categories.filter((_, i) => mask & (1 << i));
      const clients = baskets.filter((b) => items.every((c) => b.has(c))).length;
      if (clients / baskets.length >= 0.1) {
        frequent++;
        if (items.length >= 2) rules += 2 ** items.length - 2;
      }
      if (items.length >= 2 && clients / baskets.length >= 0.4) expected.push({ items: items.join('|'), support: clients / baskets.length, clients });
    }
    const columns = await queryWarehouse(home, `SELECT table_name, string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) AS columns
      FROM information_schema.columns WHERE table_schema = 'carttrend_transform' GROUP BY table_name ORDER BY table_name`);
    expect(columns).toEqual([
      { table_name: 'ml_categories_achetees_ensemble', columns: 'support DOUBLE, itemsets VARCHAR, nb_categories INTEGER, nb_clients BIGINT' },
      { table_name: 'ml_regles_association', columns: 'antecedents VARCHAR, consequents VARCHAR, antecedent_support DOUBLE, ' +
        'consequent_support DOUBLE, support DOUBLE, confidence DOUBLE, lift DOUBLE' },
    ]);
    const table = await queryWarehouse(home, `SELECT * FROM ${ITEMSETS}`);
    const published = table.map((r) => ({ items: (r.itemsets as string).split(' - ').sort().join('|'), support: r.support, clients: r.nb_clients }));
    const byItems = (a: { items: string }, b: { items: string }) => a.items.localeCompare(b.items);
    expect([...published].sort(byItems)).toEqual(expected.sort(byItems));
    const supports = table.map((r) => r.support as number);
    expect(supports).toEqual([...supports].sort((a, b) => b - a));
    expect(frequent).toBeGreaterThan(expected.length);
    const [{ n } = {}] = await queryWarehouse(home, `SELECT count(*)::INT AS n FROM ${RULES}`);
    expect(n).toBe(rules);
  });
});
