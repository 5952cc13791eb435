/**
 * Waits that checks add to a run's order: a relationships check reads another
 * asset, and when that asset is rebuilt in the same run the check must see the
 * new data.
 *
 * @example
 * checkOrdering(graph, ['shop.orders', 'shop.customers']) // Map { 'shop.orders' => ['shop.customers'] }
 */
import type { AssetGraph } from '../graph.ts';
import type { AssetKey } from '../keys.ts';

/**
 * For each asset of the run, the assets its checks read (relationships
 * targets) that are rebuilt in the same run, so that the checks see the new
 * data. A wait that would close a cycle among the run's steps (two assets
 * whose checks read each other, or a target downstream of the asset) is left
 * out: that check then reads the target's previous version.
 */
export function checkOrdering(graph: AssetGraph, keys: readonly AssetKey[]): Map<AssetKey, AssetKey[]> {
  const inRun = new Set(keys);
  const waits = new Map<AssetKey, AssetKey[]>();
  const waiters = new Map<AssetKey, AssetKey[]>();
  /** Whether `to` must already wait for `from` through dependencies or earlier check waits. */
  const reaches = (from: AssetKey, to: AssetKey): boolean => {
    const seen = new Set<AssetKey>();
    const stack = [from];
    while (stack.length) {
      const key = stack.pop()!;
      if (key === to) return true;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const next of graph.downstream(key)) if (inRun.has(next)) stack.push(next);
      stack.push(...(waiters.get(key) ?? []));
    }
    return false;
  };
  for (const key of keys) {
    for (const check of graph.get(key).checks) {
      for (const target of check.type === 'sql' ? check.references ?? [] : []) {
        if (target === key || !inRun.has(target) || waits.get(key)?.includes(target) || reaches(key, target)) continue;
        waits.set(key, [...(waits.get(key) ?? []), target]);
        waiters.set(target, [...(waiters.get(target) ?? []), key]);
      }
    }
  }
  return waits;
}
