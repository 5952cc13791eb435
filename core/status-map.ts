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
import type { StaleStatus, Status } from './staleness.ts';
import { STATUS_CODE, STATUS_OF_CODE, UpstreamStale, onlyUpstreamStale } from './upstream-stale.ts';

export class StatusMap implements ReadonlyMap<AssetKey, StaleStatus> {
  readonly #graph: AssetGraph;
  /** Statuses made so far; a hole is an asset stale only for its upstreams, made on first request. */
  readonly #byPosition: (StaleStatus | undefined)[];
  readonly #codes: Uint8Array;
  readonly #upstream: UpstreamStale;

  /** `codes[p]` is the status of every position (STATUS_CODE); `byPosition[p]` may be left out where `upstream` can make it. */
  constructor(graph: AssetGraph, byPosition: (StaleStatus | undefined)[], codes: Uint8Array, upstream: UpstreamStale) {
    this.#graph = graph;
    this.#byPosition = byPosition;
    this.#codes = codes;
    this.#upstream = upstream;
  }

  /** The statuses of a plain map, by the positions of `graph` (every asset of it must have one). */
  static of(graph: AssetGraph, statuses: ReadonlyMap<AssetKey, StaleStatus>): StatusMap {
    if (statuses instanceof StatusMap && statuses.indexes(graph)) return statuses;
    const byPosition = graph.keys.map((key) => statuses.get(key)!);
    const codes = Uint8Array.from(byPosition, (s) => STATUS_CODE[s.status]);
    return new StatusMap(graph, byPosition, codes, new UpstreamStale(graph, codes));
  }

  get size(): number {
    return this.#codes.length;
  }

  /** Whether positions here are those of `graph`. */
  indexes(graph: AssetGraph): boolean {
    return graph === this.#graph;
  }

  /** The status of the asset at `position` in the graph's topological order. */
  at(position: number): StaleStatus {
    return (this.#byPosition[position] ??= this.#upstream.status(position));
  }

  /** `at(position).status`, without making the status. */
  statusAt(position: number): Status {
    return STATUS_OF_CODE[this.#codes[position]!]!;
  }

  /** The messages of its causes joined by '; ' (what a plan gives as the reason), without making the status. */
  reasonAt(position: number): string {
    const status = this.#byPosition[position];
    if (!status) return this.#upstream.reason(position);
    const { causes } = status;
    let reason = causes.length ? causes[0]!.message : '';
    for (let i = 1; i < causes.length; i++) reason = `${reason}; ${causes[i]!.message}`;
    return reason;
  }

  /** True when every cause is an upstream that will be rebuilt (see onlyUpstreamStale), without making the status. */
  onlyUpstreamStaleAt(position: number): boolean {
    if (this.#codes[position] !== STATUS_CODE.stale) return false;
    const status = this.#byPosition[position];
    return !status || onlyUpstreamStale(status);
  }

  get(key: AssetKey): StaleStatus | undefined {
    const p = this.#graph.position(key);
    return p === undefined ? undefined : this.at(p);
  }

  has(key: AssetKey): boolean {
    return this.#graph.has(key);
  }

  forEach(callback: (status: StaleStatus, key: AssetKey, map: ReadonlyMap<AssetKey, StaleStatus>) => void, thisArg?: unknown): void {
    for (let p = 0; p < this.size; p++) callback.call(thisArg, this.at(p), this.#graph.keys[p]!, this);
  }

  entries(): MapIterator<[AssetKey, StaleStatus]> {
    return this.#graph.keys.map((key, p): [AssetKey, StaleStatus] => [key, this.at(p)]).values();
  }

  keys(): MapIterator<AssetKey> {
    return this.#graph.keys.values();
  }

  values(): MapIterator<StaleStatus> {
    return this.#graph.keys.map((_, p) => this.at(p)).values();
  }

  [Symbol.iterator](): MapIterator<[AssetKey, StaleStatus]> {
    return this.entries();
  }
}
