import { nearest } from '../errors.ts';

/**
 * Keys nearest to a mistyped one. The table part is what people usually
 * mistype, so tables of the same schema are compared first (with the tighter
 * threshold a short name gets); all keys only when that finds nothing.
 *
 * @example
 * nearestKeys('carttrend_clean.Clinets', keys) // ['carttrend_clean.Clients']
 */
export function nearestKeys(name: string, keys: readonly string[]): string[] {
  const schema = name.slice(0, name.indexOf('.') + 1);
  if (schema) {
    const tables = keys.filter((key) => key.startsWith(schema)).map((key) => key.slice(schema.length));
    const near = nearest(name.slice(schema.length), tables);
    if (near.length) return near.map((table) => schema + table);
  }
  return nearest(name, keys);
}

/**
 * The "did you mean" clause for suggestions already chosen, or undefined when there are none.
 *
 * @example
 * didYouMeanOneOf(['marts', 'mart_x']) // "did you mean 'marts' or 'mart_x'?"
 */
export function didYouMeanOneOf(suggestions: readonly string[]): string | undefined {
  return suggestions.length ? `did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : undefined;
}
