/**
 * Between the basket mart and the mined itemsets: reading the baskets, and
 * shaping itemsets for the dashboard as the report did (sets of two or more
 * categories with support >= 0.4, labelled "Mode - Livres").
 *
 * @example
 * basketsFromRows([{ categories: ['Mode', 'Livres'], id_client: 'C1' }], 'mart'); // [['Mode', 'Livres']]
 * itemsetLabel(['Mode', 'Livres']);                                             // 'Mode - Livres'
 */
import type { Row } from '../../../core/index.ts';
import type { FrequentItemset } from './apriori-mine.ts';

export const ITEM_SEPARATOR = ' - ';

/** The report's display filter. */
export interface DisplayFilter {
  readonly minItems: number;
  readonly minSupport: number;
}

/** "Mode - Livres". Throws if an item contains the separator, as the label could not be split back. */
export function itemsetLabel(items: readonly string[]): string {
  const clash = items.find((item) => item.includes(ITEM_SEPARATOR));
  if (clash !== undefined) {
    throw new Error(`the category '${clash}' contains '${ITEM_SEPARATOR}', which separates the categories of an itemset label; rename it in the products workbook`);
  }
  return items.join(ITEM_SEPARATOR);
}

/**
 * Itemsets kept for display, highest support first, then by label. Supports
 * are `count / n` as computed everywhere, so one at exactly `minSupport` is kept.
 */
export function displayedItemsets(itemsets: readonly FrequentItemset[], filter: DisplayFilter): FrequentItemset[] {
  return itemsets
    .filter((s) => s.items.length >= filter.minItems && s.support >= filter.minSupport)
    .sort((a, b) => b.count - a.count || compare(itemsetLabel(a.items), itemsetLabel(b.items)));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One transaction per row: the `categories` array. Throws, naming `source`, on anything else. */
export function basketsFromRows(rows: readonly Row[], source: string): string[][] {
  const baskets: string[][] = [];
  const bad: string[] = [];
  for (const row of rows) {
    const categories = row.categories;
    if (Array.isArray(categories) && categories.every((c) => typeof c === 'string' && c !== '')) baskets.push(categories);
    else bad.push(`${String(row.id_client ?? '?')}: ${JSON.stringify(categories ?? null)}`);
  }
  if (bad.length) {
    throw new Error(`${source}: ${bad.length} row(s) have no categories array of names (${bad.slice(0, 3).join('; ')}); ` +
      `the basket mart must give each client a VARCHAR[] of category names: fix its SQL and materialize ${source} again`);
  }
  return baskets;
}
