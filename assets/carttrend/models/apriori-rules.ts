/**
 * Association rules A -> B from frequent itemsets, as mlxtend's
 * `association_rules` defines them: for each itemset I of two or more items
 * and each non-empty proper subset A of it, B = I \ A, support = s(I),
 * confidence = s(I) / s(A), lift = confidence / s(B). Every subset of a
 * frequent itemset is frequent, so s(A) and s(B) are known; ratios are taken
 * on the exact counts. node-apriori has no rule generation.
 *
 * @example
 * associationRules([{ items: ['a'], count: 4, support: 0.8 }, { items: ['b'], count: 2, support: 0.4 },
 *   { items: ['a', 'b'], count: 2, support: 0.4 }], 5);
 * // [{ antecedents: ['b'], consequents: ['a'], support: 0.4, confidence: 1, lift: 1.25, ... },
 * //  { antecedents: ['a'], consequents: ['b'], support: 0.4, confidence: 0.5, lift: 1.25, ... }]
 */

export interface AssociationRule {
  readonly antecedents: readonly string[];
  readonly consequents: readonly string[];
  /** s(A). */
  readonly antecedentSupport: number;
  /** s(B). */
  readonly consequentSupport: number;
  /** s(A ∪ B). */
  readonly support: number;
  /** s(A ∪ B) / s(A): how often B is bought by those who buy A. */
  readonly confidence: number;
  /** confidence / s(B): 1 when A and B are independent. */
  readonly lift: number;
}

interface CountedItemset {
  readonly items: readonly string[];
  readonly count: number;
}

const setKey = (items: readonly string[]): string => JSON.stringify([...items].sort());

/** Every rule of every itemset of two or more items; sorted by lift, then confidence (highest first), then items. */
export function associationRules(itemsets: readonly CountedItemset[], transactions: number): AssociationRule[] {
  const counts = new Map(itemsets.map((s) => [setKey(s.items), s.count]));
  const countOf = (items: readonly string[]): number => {
    const count = counts.get(setKey(items));
    if (count === undefined) throw new Error(`the itemsets are not closed under subsets: ${items.join(', ')} is missing`);
    return count;
  };
  const rules: AssociationRule[] = [];
  for (const itemset of itemsets) {
    const size = itemset.items.length;
    if (size < 2) continue;
    if (size > 20) throw new Error(`an itemset of ${size} items has too many rules to list`);
    for (let mask = 1; mask < (1 << size) - 1; mask++) {
      const antecedents = itemset.items.filter((_, i) => mask & (1 << i));
      const consequents = itemset.items.filter((_, i) => !(mask & (1 << i)));
      const a = countOf(antecedents);
      const b = countOf(consequents);
      rules.push({
        antecedents, consequents,
        antecedentSupport: a / transactions,
        consequentSupport: b / transactions,
        support: itemset.count / transactions,
        confidence: itemset.count / a,
        lift: (itemset.count * transactions) / (a * b),
      });
    }
  }
  return rules.sort((x, y) => y.lift - x.lift || y.confidence - x.confidence ||
    compareText(x.antecedents, y.antecedents) || compareText(x.consequents, y.consequents));
}

function compareText(a: readonly string[], b: readonly string[]): number {
  const x = a.join('\u0000');
  const y = b.join('\u0000');
  return x < y ? -1 : x > y ? 1 : 0;
}
