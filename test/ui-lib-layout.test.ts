/**
 * The lineage layout (ui/src/lib/layout.ts), pure: columns follow the
 * topological level left to right, nodes of a column never overlap, the same
 * graph always gets the same picture, and crossings are reduced. Also the
 * edges' path data and the initial fitted viewport.
 */
import { describe, expect, it } from 'vitest';
import { edgePaths } from '../ui/src/lib/edge-paths.ts';
import { DEFAULT_LAYOUT, layeredLayout, type LayoutNode } from '../ui/src/lib/layout.ts';
import { fitViewport } from '../ui/src/lib/viewport.ts';

type Edge = readonly [string, string];

/** A layered DAG like a warehouse: `width` roots, then levels fed by one or two nodes of earlier levels. */
function syntheticGraph(levels: number, width: number, seed = 3): { nodes: LayoutNode[]; edges: Edge[] } {
  let state = seed;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const nodes: LayoutNode[] = [];
  const edges: Edge[] = [];
  for (let level = 0; level < levels; level++) {
    for (let i = 0; i < width; i++) {
      const key = `s${level}.n${i}`;
      nodes.push({ key, level, group: `g${i % 3}` });
      if (level === 0) continue;
      edges.push([`s${level - 1}.n${Math.floor(random() * width)}`, key]);
      if (random() < 0.5) edges.push([`s${Math.floor(random() * level)}.n${Math.floor(random() * width)}`, key]);
    }
  }
  return { nodes, edges };
}

function crossings(positions: ReadonlyMap<string, { x: number; y: number }>, edges: readonly Edge[]): number {
  let count = 0;
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const [a, b] = [edges[i]!, edges[j]!].map(([s, t]) => ({ s: positions.get(s)!, t: positions.get(t)! }));
      if (a!.s.x !== b!.s.x || a!.t.x !== b!.t.x) continue;
      if ((a!.s.y - b!.s.y) * (a!.t.y - b!.t.y) < 0) count++;
    }
  }
  return count;
}

describe('layeredLayout', () => {
  it('puts each level in its own column, left to right, closing gaps between levels', () => {
    const { positions, width } = layeredLayout(
      [{ key: 'c', level: 5 }, { key: 'a', level: 0 }, { key: 'b', level: 2 }],
      [['a', 'b'], ['b', 'c']],
    );
    const step = DEFAULT_LAYOUT.nodeWidth + DEFAULT_LAYOUT.columnGap;
    expect([positions.get('a')!.x, positions.get('b')!.x, positions.get('c')!.x]).toEqual([0, step, 2 * step]);
    expect(width).toBe(3 * step - DEFAULT_LAYOUT.columnGap);
  });

  it('never overlaps two nodes of a column and keeps every node inside the reported size', () => {
    const { nodes, edges } = syntheticGraph(8, 40);
    const layout = layeredLayout(nodes, edges);
    expect(layout.positions.size).toBe(nodes.length);
    const columns = new Map<number, number[]>();
    for (const p of layout.positions.values()) columns.set(p.x, [...(columns.get(p.x) ?? []), p.y]);
    expect(columns.size).toBe(8);
    for (const ys of columns.values()) {
      ys.sort((a, b) => a - b);
      for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(DEFAULT_LAYOUT.nodeHeight + DEFAULT_LAYOUT.rowGap);
      expect(ys[0]).toBeGreaterThanOrEqual(0);
      expect(ys[ys.length - 1]! + DEFAULT_LAYOUT.nodeHeight).toBeLessThanOrEqual(layout.height);
    }
  });

  it('gives the same positions whatever the order of its input', () => {
    const { nodes, edges } = syntheticGraph(5, 12);
    const a = layeredLayout(nodes, edges);
    const b = layeredLayout([...nodes].reverse(), [...edges].reverse());
    expect([...b.positions.entries()].sort()).toEqual([...a.positions.entries()].sort());
  });

  it('orders rows to cut edge crossings compared with alphabetical order', () => {
    const { nodes, edges } = syntheticGraph(6, 20, 11);
    const sorted = layeredLayout(nodes, edges, { sweeps: 0 });
    const swept = layeredLayout(nodes, edges);
    expect(crossings(swept.positions, edges)).toBeLessThan(crossings(sorted.positions, edges) * 0.7);
  });

  it('lines a chain up on one row and centres a parent between its two children', () => {
    const chain = layeredLayout([{ key: 'a', level: 0 }, { key: 'b', level: 1 }, { key: 'c', level: 2 }], [['a', 'b'], ['b', 'c']]);
    expect(new Set([...chain.positions.values()].map((p) => p.y))).toEqual(new Set([0]));
    const fork = layeredLayout([{ key: 'p', level: 0 }, { key: 'x', level: 1 }, { key: 'y', level: 1 }], [['p', 'x'], ['p', 'y']]);
    const [p, x, y] = ['p', 'x', 'y'].map((k) => fork.positions.get(k)!.y);
    expect(p).toBe((x! + y!) / 2);
  });

  it('lays out an empty graph and ignores edges to unknown nodes', () => {
    expect(layeredLayout([], [])).toEqual({ positions: new Map(), width: 0, height: 0 });
    const { positions } = layeredLayout([{ key: 'a', level: 0 }], [['ghost', 'a']]);
    expect(positions.get('a')).toEqual({ x: 0, y: 0 });
  });
});

describe('edgePaths', () => {
  const positions = new Map([['a', { x: 0, y: 0 }], ['b', { x: 320, y: 0 }], ['c', { x: 320, y: 100 }]]);
  const size = { nodeWidth: 240, nodeHeight: 64 };

  it('joins the right middle of the upstream to the left middle of the downstream', () => {
    expect(edgePaths([['a', 'b']], positions, size, null)).toEqual({ normal: 'M240,32C280,32 280,32 320,32', dimmed: '' });
  });

  it('puts edges leaving the highlighted selection in the dimmed path, and skips unknown ends', () => {
    const paths = edgePaths([['a', 'b'], ['a', 'c'], ['a', 'ghost']], positions, size, new Set(['a', 'b']));
    expect(paths.normal).toBe('M240,32C280,32 280,32 320,32');
    expect(paths.dimmed).toBe('M240,32C280,32 280,132 320,132');
  });
});

describe('fitViewport', () => {
  const fit = { padding: 0, minZoom: 0.05, maxZoom: 1 };

  it('fits the limiting side and centres the other', () => {
    expect(fitViewport({ width: 1000, height: 500 }, { width: 800, height: 600 }, fit)).toEqual({ x: 0, y: 100, zoom: 0.8 });
    expect(fitViewport({ width: 400, height: 1200 }, { width: 800, height: 600 }, fit)).toEqual({ x: 300, y: 0, zoom: 0.5 });
  });

  it('keeps padding, never zooms a small graph beyond maxZoom nor a huge one below minZoom', () => {
    expect(fitViewport({ width: 100, height: 100 }, { width: 800, height: 600 }, fit)).toEqual({ x: 350, y: 250, zoom: 1 });
    expect(fitViewport({ width: 100_000, height: 100 }, { width: 800, height: 600 }, fit).zoom).toBe(0.05);
    expect(fitViewport({ width: 800, height: 600 }, { width: 800, height: 600 }, { ...fit, padding: 0.1 }).zoom).toBeCloseTo(1 / 1.2);
    expect(fitViewport({ width: 0, height: 0 }, { width: 800, height: 600 }, fit)).toEqual({ x: 0, y: 0, zoom: 1 });
  });
});
