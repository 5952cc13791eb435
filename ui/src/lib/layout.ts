/**
 * The lineage layout: a layered (Sugiyama-style) placement, left to right by
 * the API's topological `level`. Rows are ordered by barycentric sweeps to
 * cut edge crossings, then each node is pulled towards the mean height of its
 * neighbours under the constraint that nodes in a column keep their order
 * and never overlap (an isotonic regression, exact in O(n)).
 *
 * Chosen over dagre by measurement: on a synthetic 1,000-asset graph (22
 * levels, 1,791 edges) this takes about 50 ms in Node where dagre 3.1 took
 * 58 to 104 s, its long edges becoming chains of dummy nodes. Pure: no DOM,
 * no React, so it can move to a worker.
 */

export interface LayoutNode {
  readonly key: string;
  /** Column hint: the topological level (0 for roots). Gaps between levels are closed. */
  readonly level: number;
  /** Nodes of a group start next to each other, before any sweep. */
  readonly group?: string;
}

export interface LayoutOptions {
  readonly nodeWidth: number;
  readonly nodeHeight: number;
  readonly columnGap: number;
  readonly rowGap: number;
  /** Down-and-up ordering sweeps. */
  readonly sweeps: number;
}

export interface Point { readonly x: number; readonly y: number }

export interface Layout {
  /** Top-left corner of each node (what React Flow wants). */
  readonly positions: ReadonlyMap<string, Point>;
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { nodeWidth: 240, nodeHeight: 64, columnGap: 80, rowGap: 16, sweeps: 4 };

/**
 * Places `nodes` in columns by level, ordered to limit crossings, without overlaps.
 *
 * @example
 * const { positions } = layeredLayout([{ key: 'a', level: 0 }, { key: 'b', level: 1 }], [['a', 'b']]);
 * positions.get('b') // { x: 320, y: 0 }
 */
export function layeredLayout(
  nodes: readonly LayoutNode[],
  edges: readonly (readonly [string, string])[],
  options: Partial<LayoutOptions> = {},
): Layout {
  const o = { ...DEFAULT_LAYOUT, ...options };
  const columns = buildColumns(nodes);
  const column = new Map<string, number>();
  columns.forEach((keys, c) => keys.forEach((k) => column.set(k, c)));
  const up = neighbours(edges, column, 0);
  const down = neighbours(edges, column, 1);

  orderColumns(columns, up, down, o.sweeps);
  const step = o.nodeHeight + o.rowGap;
  const y = new Map<string, number>();
  const tallest = Math.max(0, ...columns.map((c) => c.length));
  for (const keys of columns) keys.forEach((k, i) => y.set(k, ((tallest - keys.length) / 2 + i) * step));
  const passes = columns.map((_, c) => c);
  for (const [order, links] of [[passes, up], [[...passes].reverse(), down], [passes, up]] as const) {
    for (const c of order) alignColumn(columns[c]!, links, y, step);
  }

  const top = Math.min(0, ...y.values());
  const positions = new Map<string, Point>();
  let height = 0;
  columns.forEach((keys, c) => {
    for (const k of keys) {
      const point = { x: c * (o.nodeWidth + o.columnGap), y: Math.round(y.get(k)! - top) };
      positions.set(k, point);
      height = Math.max(height, point.y + o.nodeHeight);
    }
  });
  const width = columns.length === 0 ? 0 : columns.length * (o.nodeWidth + o.columnGap) - o.columnGap;
  return { positions, width, height };
}

/** Columns of keys, one per distinct level in increasing order, sorted by group then key. */
function buildColumns(nodes: readonly LayoutNode[]): string[][] {
  const levels = [...new Set(nodes.map((n) => n.level))].sort((a, b) => a - b);
  const index = new Map(levels.map((l, i) => [l, i]));
  const columns: LayoutNode[][] = levels.map(() => []);
  for (const n of nodes) columns[index.get(n.level)!]!.push(n);
  return columns.map((c) => c.sort(byGroupThenKey).map((n) => n.key));
}

function byGroupThenKey(a: LayoutNode, b: LayoutNode): number {
  return compare(a.group ?? '', b.group ?? '') || compare(a.key, b.key);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** For each key, its neighbours on one side: upstream (`end` 0) or downstream (`end` 1), sorted. */
function neighbours(edges: readonly (readonly [string, string])[], column: ReadonlyMap<string, number>, end: 0 | 1): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const edge of edges) {
    const [self, other] = end === 0 ? [edge[1], edge[0]] : edge;
    if (!column.has(self) || !column.has(other)) continue;
    const list = out.get(self);
    if (list) list.push(other); else out.set(self, [other]);
  }
  for (const list of out.values()) list.sort(compare);
  return out;
}

/** Barycentric sweeps: each column sorted by the mean relative position of its neighbours. */
function orderColumns(columns: string[][], up: Map<string, string[]>, down: Map<string, string[]>, sweeps: number): void {
  const rank = new Map<string, number>();
  const measure = (keys: readonly string[]) => keys.forEach((k, i) => rank.set(k, (i + 0.5) / keys.length));
  columns.forEach(measure);
  const reorder = (c: number, links: Map<string, string[]>) => {
    const keys = columns[c]!;
    const centre = new Map(keys.map((k) => {
      const linked = links.get(k);
      return [k, linked ? mean(linked.map((n) => rank.get(n)!)) : rank.get(k)!] as const;
    }));
    keys.sort((a, b) => centre.get(a)! - centre.get(b)! || rank.get(a)! - rank.get(b)!);
    measure(keys);
  };
  for (let s = 0; s < sweeps; s++) {
    if (s % 2 === 0) for (let c = 1; c < columns.length; c++) reorder(c, up);
    else for (let c = columns.length - 2; c >= 0; c--) reorder(c, down);
  }
}

/**
 * Moves a column's nodes as close as possible (least squares) to the mean
 * height of their linked neighbours, keeping order and a spacing of `step`:
 * subtract i·step, fit a non-decreasing sequence (pool adjacent violators), add it back.
 */
function alignColumn(keys: readonly string[], links: Map<string, string[]>, y: Map<string, number>, step: number): void {
  const wanted = keys.map((k, i) => {
    const linked = links.get(k);
    return (linked ? mean(linked.map((n) => y.get(n)!)) : y.get(k)!) - i * step;
  });
  const blocks: { sum: number; count: number }[] = [];
  for (const value of wanted) {
    blocks.push({ sum: value, count: 1 });
    while (blocks.length > 1 && avg(blocks[blocks.length - 2]!) > avg(blocks[blocks.length - 1]!)) {
      const last = blocks.pop()!;
      blocks[blocks.length - 1]!.sum += last.sum;
      blocks[blocks.length - 1]!.count += last.count;
    }
  }
  let i = 0;
  for (const block of blocks) {
    for (let j = 0; j < block.count; j++, i++) y.set(keys[i]!, Math.round(avg(block)) + i * step);
  }
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function avg(block: { sum: number; count: number }): number {
  return block.sum / block.count;
}
