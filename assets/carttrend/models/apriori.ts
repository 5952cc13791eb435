/**
 * The category association assets (report §2.4.2): Apriori over one basket
 * per client (the distinct categories they bought), min support 0.1. The
 * itemsets table keeps, for the dashboard, the sets of two or more
 * categories with support >= 0.4; the rules table lists every rule of every
 * frequent itemset. Mining runs in a worker; each table's gate recounts its
 * supports in SQL over the mart. The rules asset depends on the itemsets one
 * so that a failed itemsets gate skips it; it mines again (milliseconds)
 * because the itemsets table holds only the displayed sets.
 *
 * @example
 * // npx trellis materialize --select '+carttrend_transform.ml_regles_association'
 */
import { AssetError, customCheck, defineAsset, notNull, unique, type AssetContext, type ColumnSpec } from '../../../core/index.ts';
import type { Associations, MiningOptions } from './apriori-mine.ts';
import { basketsFromRows, displayedItemsets, itemsetLabel, type DisplayFilter } from './apriori-display.ts';
import { verifyItemsetSupports, verifyRuleSupports } from './apriori-gate.ts';
import { rounded } from './metrics.ts';

const MART = 'carttrend_clean.mart_Apriori_Combinaisons_Produits';
const ITEMSETS = 'carttrend_transform.ml_categories_achetees_ensemble';
export const MINING: MiningOptions = { minSupport: 0.1 };
export const DISPLAY: DisplayFilter = { minItems: 2, minSupport: 0.4 };
const common = { group: 'models', tags: { carttrend: '', ml: '' }, owners: ['data-science'] } as const;

async function mine(ctx: AssetContext): Promise<{ associations: Associations; ms: number }> {
  let transactions: string[][];
  try {
    transactions = basketsFromRows(await ctx.read(MART), MART);
  } catch (error) {
    throw new AssetError(ctx.key, error);
  }
  const started = performance.now();
  const associations = await ctx.compute<{ transactions: string[][]; options: MiningOptions }, Associations>(
    new URL('./apriori-mine.ts', import.meta.url), 'mineAssociationsTask', { transactions, options: MINING });
  return { associations, ms: Math.round(performance.now() - started) };
}

const ITEMSET_COLUMNS: readonly ColumnSpec[] = [
  { name: 'support', type: 'DOUBLE' }, { name: 'itemsets', type: 'VARCHAR' },
  { name: 'nb_categories', type: 'INTEGER' }, { name: 'nb_clients', type: 'BIGINT' },
];

export const categoryItemsets = defineAsset({
  ...common,
  key: ITEMSETS,
  deps: [MART],
  description: 'Categories bought together by the same client (over their whole history, since every order holds ' +
    'one product): the sets of two or more categories whose support (share of clients who bought all of them) is ' +
    'at least 0.4, mined by Apriori at min support 0.1. Published empty, with a warning, when no set reaches 0.4. ' +
    'The report found lifts close to 1: on this generated data the categories are bought independently.',
  columns: [
    { name: 'support', type: 'DOUBLE', description: 'Share of clients who bought every category of the set.' },
    { name: 'itemsets', type: 'VARCHAR', description: 'The categories, most bought first, e.g. "Mode - Livres".' },
    { name: 'nb_categories', type: 'INTEGER', description: 'Number of categories in the set.' },
    { name: 'nb_clients', type: 'BIGINT', description: 'Clients who bought every category of the set.' },
  ],
  config: { mining: MINING, display: DISPLAY },
  checks: [
    customCheck('supports_equal_exact_recount', ({ warehouse, dialect, relation, relationOf }) => verifyItemsetSupports(warehouse, dialect, relation, relationOf(MART)),
      { description: 'Each support is in [0, 1] and equals the share of the mart\'s baskets holding the whole set.' }),
    unique('itemsets'), notNull('support'),
    customCheck('displayed_itemsets_not_empty', async ({ metadata }) => ({
      passed: Number(metadata.displayed_itemsets) > 0,
      message: Number(metadata.displayed_itemsets) > 0 ? `${metadata.displayed_itemsets} itemsets displayed`
        : `no set of ${DISPLAY.minItems}+ categories has support >= ${DISPLAY.minSupport} ` +
          `(the best: '${metadata.top_itemset ?? 'none'}' at ${metadata.top_itemset_support ?? 0}); the table is published empty`,
    }), { severity: 'warn' }),
  ],
  async materialize(ctx) {
    const { associations, ms } = await mine(ctx);
    const shown = displayedItemsets(associations.itemsets, DISPLAY);
    await ctx.writeTable(ITEMSET_COLUMNS, shown.map((s) => [s.support, itemsetLabel(s.items), s.items.length, s.count]));
    const [top] = displayedItemsets(associations.itemsets, { ...DISPLAY, minSupport: 0 });
    ctx.addMetadata({
      transactions: associations.transactions,
      frequent_itemsets: associations.itemsets.length,
      displayed_itemsets: shown.length,
      top_itemset: top ? itemsetLabel(top.items) : null,
      top_itemset_support: top ? rounded(top.support, 4) : null,
      min_support: MINING.minSupport,
      display_min_support: DISPLAY.minSupport,
      mining_ms: ms,
    });
    if (!shown.length) ctx.log.warn(`no set of ${DISPLAY.minItems}+ categories reaches support ${DISPLAY.minSupport}: publishing an empty table`);
  },
});

const RULE_COLUMNS: readonly ColumnSpec[] = ['antecedents', 'consequents', 'antecedent_support', 'consequent_support',
  'support', 'confidence', 'lift'].map((name, i) => ({ name, type: i < 2 ? 'VARCHAR' : 'DOUBLE' }));

export const categoryRules = defineAsset({
  ...common,
  key: 'carttrend_transform.ml_regles_association',
  deps: [MART, ITEMSETS],
  description: 'Association rules between categories (A -> B: clients who bought A also bought B) from every ' +
    'frequent itemset at min support 0.1, highest lift first. A lift near 1 means no association.',
  columns: [
    { name: 'antecedents', type: 'VARCHAR', description: 'A, e.g. "Mode - Livres".' },
    { name: 'consequents', type: 'VARCHAR', description: 'B.' },
    { name: 'antecedent_support', type: 'DOUBLE', description: 'Share of clients who bought A.' },
    { name: 'consequent_support', type: 'DOUBLE', description: 'Share of clients who bought B.' },
    { name: 'support', type: 'DOUBLE', description: 'Share of clients who bought A and B.' },
    { name: 'confidence', type: 'DOUBLE', description: 'support / antecedent_support: share of A\'s buyers who bought B.' },
    { name: 'lift', type: 'DOUBLE', description: 'confidence / consequent_support: 1 when A and B are independent.' },
  ],
  config: { mining: MINING },
  checks: [
    customCheck('supports_confidence_lift_match_recount', ({ warehouse, dialect, relation, relationOf }) => verifyRuleSupports(warehouse, dialect, relation, relationOf(MART)),
      { description: 'Supports are in [0, 1] and equal recounts over the mart; confidence and lift follow from them.' }),
    notNull('lift'),
  ],
  async materialize(ctx) {
    const { associations, ms } = await mine(ctx);
    const { rules } = associations;
    await ctx.writeTable(RULE_COLUMNS, rules.map((r) => [itemsetLabel(r.antecedents), itemsetLabel(r.consequents),
      r.antecedentSupport, r.consequentSupport, r.support, r.confidence, r.lift]));
    ctx.addMetadata({
      transactions: associations.transactions,
      rules: rules.length,
      max_lift: rules.length ? rounded(rules[0]!.lift, 4) : null,
      min_lift: rules.length ? rounded(rules[rules.length - 1]!.lift, 4) : null,
      max_confidence: rules.length ? rounded(rules.reduce((m, r) => Math.max(m, r.confidence), 0), 4) : null,
      mining_ms: ms,
    });
  },
});
