/**
 * Frequent itemsets with node-apriori, with its three pitfalls handled:
 * items repeated inside a transaction are counted once (node-apriori would
 * count them twice); an itemset whose support sits exactly at the threshold
 * is kept (node-apriori compares `count >= minSupport * N` in floating point,
 * so 0.07 * 100 = 7.000000000000001 drops a count of 7); and its supports,
 * which are counts, become fractions of the transactions, as mlxtend gives.
 * Rules follow from the supports (`associationRules`). Pure: runs in a worker.
 *
 * @example
 * const { itemsets, rules } = await mineAssociations([['Mode', 'Livres'], ['Mode'], ['Livres', 'Mode']], { minSupport: 0.5 });
 * itemsets; // [{ items: ['Mode'], count: 3, support: 1 }, { items: ['Livres'], count: 2, support: 0.667 }, { items: ['Mode', 'Livres'], ... }]
 */
import { Apriori } from 'node-apriori';
import { associationRules, type AssociationRule } from './apriori-rules.ts';

export type { AssociationRule } from './apriori-rules.ts';

export interface MiningOptions {
  /** Minimum support, as a fraction of the transactions (mlxtend's `min_support`). Kept when support >= it. */
  readonly minSupport: number;
}

export interface FrequentItemset {
  /** The items, most frequent first (ties by name), so that labels read the same on every run. */
  readonly items: readonly string[];
  /** Transactions containing every item. */
  readonly count: number;
  /** `count` / number of transactions. */
  readonly support: number;
}

export interface Associations {
  readonly transactions: number;
  /** Every frequent itemset: by size, then support (highest first), then items. */
  readonly itemsets: readonly FrequentItemset[];
  readonly rules: readonly AssociationRule[];
}

/** The smallest count whose support `count / n` (as computed) is >= `fraction`. */
export function minimumCount(fraction: number, n: number): number {
  let count = Math.max(0, Math.ceil(fraction * n - 1e-9));
  while (count > 0 && (count - 1) / n >= fraction) count--;
  while (count < n && count / n < fraction) count++;
  return count;
}

/** Items in a stable reading order: most frequent first, then by name. */
function itemOrder(baskets: readonly (readonly string[])[]): (a: string, b: string) => number {
  const frequency = new Map<string, number>();
  for (const basket of baskets) for (const item of basket) frequency.set(item, (frequency.get(item) ?? 0) + 1);
  return (a, b) => frequency.get(b)! - frequency.get(a)! || (a < b ? -1 : a > b ? 1 : 0);
}

/** Frequent itemsets and association rules of `transactions` (items are strings; duplicates inside one are ignored). */
export async function mineAssociations(transactions: readonly (readonly string[])[], options: MiningOptions): Promise<Associations> {
  const { minSupport } = options;
  if (!(minSupport > 0 && minSupport <= 1)) throw new Error(`minSupport must be in (0, 1], got ${minSupport}`);
  const baskets = transactions.map((t) => [...new Set(t)]);
  const n = baskets.length;
  if (n === 0) return { transactions: 0, itemsets: [], rules: [] };
  // Half a transaction under the integer threshold: no float error can then drop a count sitting at it.
  const threshold = (minimumCount(minSupport, n) - 0.5) / n;
  const mined = await new Apriori<string>(threshold).exec(baskets);
  const order = itemOrder(baskets);
  const itemsets = mined.itemsets
    .map((s): FrequentItemset => ({ items: [...s.items].sort(order), count: s.support, support: s.support / n }))
    .sort((a, b) => a.items.length - b.items.length || b.count - a.count || compareItems(a.items, b.items, order));
  return { transactions: n, itemsets, rules: associationRules(itemsets, n) };
}

function compareItems(a: readonly string[], b: readonly string[], order: (x: string, y: string) => number): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = order(a[i]!, b[i]!);
    if (c) return c;
  }
  return a.length - b.length;
}

/** `mineAssociations` with one structured-cloneable argument, for `ctx.compute`. */
export function mineAssociationsTask(input: {
  readonly transactions: readonly (readonly string[])[];
  readonly options: MiningOptions;
}): Promise<Associations> {
  return mineAssociations(input.transactions, input.options);
}
