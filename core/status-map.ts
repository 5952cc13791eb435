/**
 * Statuses kept by graph position and read by key, as a ReadonlyMap: at
 * 100,000 assets, filling a Map costs more than the staleness rule itself,
 * and the planner walks positions anyway.
 *
 * @example
 * const statuses = computeStaleness(graph, history, sources);
 * statuses.get('carttrend_clean.Posts')?.status // 'stale'
 * statuses.at(0) // the status of graph.keys[0]
 */
import type { AssetGraph } from './graph.ts';
import type { AssetKey } from './keys.ts';
import type { StaleStatus } from './staleness.ts';

export class StatusMap implements ReadonlyMap<AssetKey, StaleStatus> {
  readonly #graph: AssetGraph;
  readonly #byPosition: readonly StaleStatus[];

  constructor(graph: AssetGraph, byPosition: readonly StaleStatus[]) {
    this.#graph = graph;
    this.#byPosition = byPosition;
  }

  get size(): number {
    return this.#byPosition.length;
  }

  /** Whether positions here are those of `graph`. */
  indexes(graph: AssetGraph): boolean {
    return graph === this.#graph;
  }

  /** The status of the asset at `position` in the graph's topological order. */
  at(position: number): StaleStatus {
    return this.#byPosition[position]!;
  }

  get(key: AssetKey): StaleStatus | undefined {
    const p = this.#graph.position(key);
    return p === undefined ? undefined : this.#byPosition[p];
  }

  has(key: AssetKey): boolean {
    return this.#graph.has(key);
  }

  forEach(callback: (status: StaleStatus, key: AssetKey, map: ReadonlyMap<AssetKey, StaleStatus>) => void, thisArg?: unknown): void {
    for (let p = 0; p < this.#byPosition.length; p++) callback.call(thisArg, this.#byPosition[p]!, this.#graph.keys[p]!, this);
  }

  entries(): MapIterator<[AssetKey, StaleStatus]> {
    return this.#graph.keys.map((key, p): [AssetKey, StaleStatus] => [key, this.#byPosition[p]!]).values();
  }

  keys(): MapIterator<AssetKey> {
    return this.#graph.keys.values();
  }

  values(): MapIterator<StaleStatus> {
    return this.#byPosition.values();
  }

  [Symbol.iterator](): MapIterator<[AssetKey, StaleStatus]> {
    return this.entries();
  }
}
