/**
 * The asset graph: definitions plus their dependency edges, validated and in
 * a deterministic topological order (by level, keys sorted within a level).
 *
 * Adjacency is kept in plain arrays indexed by position: at 100,000 assets,
 * building a graphlib Graph alone takes about 2.8 s here, which would blow the
 * planning budget. graphlib is used where it shines, and loaded only then:
 * finding the strongly connected components of a broken graph, to report
 * every cycle.
 *
 * @example
 * const { graph, problems } = AssetGraph.build(definitions);
 * graph!.upstream('carttrend_clean.mart_Commandes') // ['carttrend_clean.Clients', ...]
 */
import { createRequire } from 'node:module';
import type { AssetDefinition } from './definitions.ts';
import type { AssetKey } from './keys.ts';
import { didYouMean, type Problem } from './errors.ts';
import { KeyIndex } from './key-index.ts';

export class AssetGraph {
  /** Every key in topological order; an asset's position is its index here. */
  readonly keys: readonly AssetKey[];
  /** Keys grouped by level: level 0 has no upstream. */
  readonly levels: readonly (readonly AssetKey[])[];
  /** Key to its index in the definitions as given; `#positionOf` turns that into its position. */
  readonly #index: KeyIndex;
  readonly #positionOf: Int32Array;
  readonly #definitions: readonly AssetDefinition[];
  /** Upstream positions of position p: upPositions[upStart[p] .. upStart[p + 1]), sorted by key. */
  readonly #upStart: Int32Array;
  readonly #upPositions: Int32Array;
  readonly #downStart: Int32Array;
  readonly #downPositions: Int32Array;
  /** Positions in key order. */
  readonly #byKey: Int32Array;
  /** Key lists, made on first request. */
  readonly #upKeys: (readonly AssetKey[])[] = [];
  readonly #downKeys: (readonly AssetKey[])[] = [];

  private constructor(parts: {
    keys: AssetKey[]; levels: AssetKey[][]; index: KeyIndex; positionOf: Int32Array; definitions: AssetDefinition[];
    up: Csr; down: Csr; byKey: Int32Array;
  }) {
    this.keys = parts.keys;
    this.levels = parts.levels;
    this.#index = parts.index;
    this.#positionOf = parts.positionOf;
    this.#definitions = parts.definitions;
    this.#upStart = parts.up.start;
    this.#upPositions = parts.up.targets;
    this.#downStart = parts.down.start;
    this.#downPositions = parts.down.targets;
    this.#byKey = parts.byKey;
  }

  /** Validates and builds; on problems (unknown dependency, duplicate key, cycle) `graph` is undefined. */
  static build(definitions: readonly AssetDefinition[]): { graph?: AssetGraph; problems: Problem[] } {
    const problems: Problem[] = [];
    let keyOf = definitions.map((d) => d.key);
    const { index: first, duplicates } = KeyIndex.of(keyOf);
    let index = first;
    let unique = definitions;
    if (duplicates.length) {
      for (const i of duplicates) {
        const def = definitions[i]!;
        problems.push({ file: def.file, asset: def.key, message: `duplicate asset key ${def.key} (also defined in ${definitions[first.get(def.key)!]!.file ?? 'another module'})`,
          fix: 'give one of them another key' });
      }
      // Rare, and the graph is not built then: the rest is checked on the first definition of each key.
      const dropped = new Set(duplicates);
      unique = definitions.filter((_, i) => !dropped.has(i));
      keyOf = unique.map((d) => d.key);
      ({ index } = KeyIndex.of(keyOf));
    }
    const n = unique.length;
    // Edges as indices into `unique`, in compressed rows: at 100,000 assets,
    // hundreds of thousands of small arrays cost more in garbage collection than the rest.
    let total = 0;
    for (const def of unique) total += def.deps.length;
    const deps = new Int32Array(total);
    const depStart = new Int32Array(n + 1);
    let e = 0;
    for (let i = 0; i < n; i++) {
      depStart[i] = e;
      const def = unique[i]!;
      for (const dep of def.deps) {
        const j = index.get(dep);
        if (j === undefined) {
          problems.push({ file: def.file, asset: def.key, message: `depends on unknown asset ${dep}`,
            fix: didYouMean(dep, keyOf) ?? 'define that asset or remove the dependency' });
        } else if (!within(deps, depStart[i]!, e, j)) {
          deps[e++] = j;
        }
      }
    }
    depStart[n] = e;
    const up: Csr = { start: depStart, targets: deps.subarray(0, e) };
    const down = transpose(up, n);

    const ranks = keyRanks(keyOf, index);
    const { levels, keys, order, placed } = topologicalLevels(keyOf, ranks, up, down);
    if (placed < n) problems.push(...cycleProblems(unique, up, levels));
    if (problems.length) return { problems };

    // Re-index everything by topological position.
    const positionOf = new Int32Array(n);
    for (let p = 0; p < n; p++) positionOf[order[p]!] = p;
    const byPosition = new Array<AssetDefinition>(n);
    for (let p = 0; p < n; p++) byPosition[p] = unique[order[p]!]!;
    const rankAt = new Int32Array(n);
    for (let p = 0; p < n; p++) rankAt[p] = ranks.rank[order[p]!]!;
    const byKey = new Int32Array(n);
    for (let r = 0; r < n; r++) byKey[r] = positionOf[ranks.byRank[r]!]!;
    return {
      graph: new AssetGraph({
        keys, levels, index, positionOf, definitions: byPosition,
        up: reorder(up, order, positionOf, rankAt), down: reorder(down, order, positionOf, rankAt), byKey,
      }),
      problems,
    };
  }

  get size(): number {
    return this.keys.length;
  }

  has(key: AssetKey): boolean {
    return this.#index.has(key);
  }

  /** The asset's index in `keys`, or undefined. */
  position(key: AssetKey): number | undefined {
    const i = this.#index.get(key);
    return i === undefined ? undefined : this.#positionOf[i];
  }

  get(key: AssetKey): AssetDefinition {
    const p = this.position(key);
    if (p === undefined) throw new Error(`unknown asset ${key}`);
    return this.#definitions[p]!;
  }

  /**
   * Every position, ordered by key as `Array.prototype.sort` orders strings:
   * lets a reader of sorted records match them to positions by one merge
   * instead of a lookup per key. Read-only.
   */
  positionsByKey(): Int32Array {
    return this.#byKey;
  }

  definitionAt(position: number): AssetDefinition {
    return this.#definitions[position]!;
  }

  upstream(key: AssetKey): readonly AssetKey[] {
    const p = this.position(key);
    return p === undefined ? [] : this.upstreamAt(p);
  }

  /** Upstream keys of the asset at `position`, sorted. */
  upstreamAt(position: number): readonly AssetKey[] {
    return (this.#upKeys[position] ??= this.#keysOf(this.#upStart, this.#upPositions, position));
  }

  /** Number of upstreams of the asset at `position`. */
  upstreamCount(position: number): number {
    return this.#upStart[position + 1]! - this.#upStart[position]!;
  }

  /** Position of the `i`-th upstream (in key order) of the asset at `position`. */
  upstreamPosition(position: number, i: number): number {
    return this.#upPositions[this.#upStart[position]! + i]!;
  }

  downstream(key: AssetKey): readonly AssetKey[] {
    const p = this.position(key);
    return p === undefined ? [] : (this.#downKeys[p] ??= this.#keysOf(this.#downStart, this.#downPositions, p));
  }

  #keysOf(start: Int32Array, targets: Int32Array, position: number): AssetKey[] {
    const keys: AssetKey[] = [];
    for (let e = start[position]!; e < start[position + 1]!; e++) keys.push(this.keys[targets[e]!]!);
    return keys;
  }

  /** Every definition in topological order. */
  definitions(): readonly AssetDefinition[] {
    return this.#definitions;
  }

  /** `keys` and everything upstream (`direction: 'up'`) or downstream of them. */
  closure(keys: Iterable<AssetKey>, direction: 'up' | 'down'): Set<AssetKey> {
    const seen = new Set<AssetKey>();
    const stack = [...keys];
    while (stack.length) {
      const key = stack.pop()!;
      if (seen.has(key)) continue;
      seen.add(key);
      stack.push(...(direction === 'up' ? this.upstream(key) : this.downstream(key)));
    }
    return seen;
  }

}

/** Whether `value` is among values[from .. to): a loop, since a subarray per edge costs an allocation. */
function within(values: Int32Array, from: number, to: number, value: number): boolean {
  for (let k = from; k < to; k++) if (values[k] === value) return true;
  return false;
}

/** Compressed rows: the targets of row r are targets[start[r] .. start[r + 1]). */
interface Csr {
  readonly start: Int32Array;
  readonly targets: Int32Array;
}

/** The reverse edges. */
function transpose(rows: Csr, n: number): Csr {
  const start = new Int32Array(n + 1);
  for (const t of rows.targets) start[t + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const targets = new Int32Array(rows.targets.length);
  for (let r = 0; r < n; r++) {
    for (let e = rows.start[r]!; e < rows.start[r + 1]!; e++) targets[fill[rows.targets[e]!]!++] = r;
  }
  return { start, targets };
}

/**
 * Rows renumbered by position (`order[p]` is the old row of position p), each
 * row's targets sorted by key (`rankAt[p]` is the key order of position p).
 */
function reorder(rows: Csr, order: Int32Array, positionOf: Int32Array, rankAt: Int32Array): Csr {
  const n = order.length;
  const start = new Int32Array(n + 1);
  const targets = new Int32Array(rows.targets.length);
  let e = 0;
  for (let p = 0; p < n; p++) {
    start[p] = e;
    const i = order[p]!;
    const from = e;
    for (let k = rows.start[i]!; k < rows.start[i + 1]!; k++) targets[e++] = positionOf[rows.targets[k]!]!;
    // Rows are short: an insertion sort in place allocates nothing.
    for (let a = from + 1; a < e; a++) {
      const moving = targets[a]!;
      let b = a - 1;
      for (; b >= from && rankAt[targets[b]!]! > rankAt[moving]!; b--) targets[b + 1] = targets[b]!;
      targets[b + 1] = moving;
    }
  }
  start[n] = e;
  return { start, targets };
}

/** Key order as integers: `rank[i]` is the place of index i among the sorted keys, `byRank` the inverse. */
interface Ranks {
  readonly rank: Int32Array;
  readonly byRank: Int32Array;
}

/** One native string sort for all keys (much faster than a comparator), then levels and rows sort integers. */
function keyRanks(keyOf: readonly AssetKey[], index: KeyIndex): Ranks {
  const sorted = keyOf.slice().sort();
  const rank = new Int32Array(sorted.length);
  const byRank = new Int32Array(sorted.length);
  for (let r = 0; r < sorted.length; r++) {
    const i = index.get(sorted[r]!)!;
    rank[i] = r;
    byRank[r] = i;
  }
  return { rank, byRank };
}

/**
 * Kahn's algorithm over indices, one level at a time, keys sorted within a
 * level. Returns the levels, the keys and `order` (the index) of each
 * position, and how many were placed (fewer than all in a cycle).
 *
 * `order` is also the queue: each level is a run of it, sorted in place
 * (as key ranks, one integer sort), whose downstreams that become ready
 * are appended as the next run.
 */
function topologicalLevels(keyOf: readonly AssetKey[], ranks: Ranks, up: Csr, down: Csr):
  { levels: AssetKey[][]; keys: AssetKey[]; order: Int32Array; placed: number } {
  const n = keyOf.length;
  const pending = new Int32Array(n);
  const order = new Int32Array(n);
  let end = 0;
  for (let i = 0; i < n; i++) {
    pending[i] = up.start[i + 1]! - up.start[i]!;
    if (pending[i] === 0) order[end++] = i;
  }
  const levels: AssetKey[][] = [];
  const keys = new Array<AssetKey>(n);
  for (let begin = 0; begin < end;) {
    const levelEnd = end;
    const run = order.subarray(begin, levelEnd);
    for (let k = 0; k < run.length; k++) run[k] = ranks.rank[run[k]!]!;
    run.sort();
    const level = new Array<AssetKey>(run.length);
    for (let k = 0; k < run.length; k++) {
      const i = ranks.byRank[run[k]!]!;
      run[k] = i;
      level[k] = keys[begin + k] = keyOf[i]!;
      for (let e = down.start[i]!; e < down.start[i + 1]!; e++) {
        const child = down.targets[e]!;
        if (--pending[child]! === 0) order[end++] = child;
      }
    }
    levels.push(level);
    begin = levelEnd;
  }
  keys.length = end;
  return { levels, keys, order, placed: end };
}

/** One problem per strongly connected component, printing one cycle as `a -> b -> a`. */
function cycleProblems(defs: readonly AssetDefinition[], up: Csr, levels: readonly AssetKey[][]): Problem[] {
  // Loaded only for a broken graph: every command would otherwise pay its import.
  const { Graph, alg } = createRequire(import.meta.url)('@dagrejs/graphlib') as typeof import('@dagrejs/graphlib');
  const placed = new Set(levels.flat());
  const g = new Graph({ directed: true });
  for (const def of defs) if (!placed.has(def.key)) g.setNode(def.key);
  for (const [i, def] of defs.entries()) {
    if (placed.has(def.key)) continue;
    for (let e = up.start[i]!; e < up.start[i + 1]!; e++) {
      const dep = defs[up.targets[e]!]!.key;
      if (!placed.has(dep)) g.setEdge(dep, def.key);
    }
  }
  return alg.findCycles(g).map((component) => {
    const members = new Set(component);
    const start = [...members].sort()[0]!;
    const path = [start];
    // Walk downstream inside the component until we come back to a visited key.
    for (let key = start; ;) {
      const next = (g.successors(key) ?? []).filter((k) => members.has(k)).sort()[0]!;
      const seenAt = path.indexOf(next);
      if (seenAt >= 0) {
        const cycle = [...path.slice(seenAt), next];
        const def = defs.find((d) => d.key === cycle[0])!;
        return { file: def.file, asset: cycle[0], message: `dependency cycle: ${cycle.join(' -> ')}`,
          fix: 'remove one of these dependencies (a ref() or a deps entry)' };
      }
      path.push(next);
      key = next;
    }
  });
}
