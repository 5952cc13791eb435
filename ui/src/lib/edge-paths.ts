/**
 * The lineage edges as SVG path data: one path for all the edges of a style
 * instead of one element per edge, which is what keeps 1,000 assets and
 * their ~1,800 edges under a second in the browser. Each edge is a cubic
 * curve from the right middle of its upstream to the left middle of its downstream.
 */
import type { Point } from './layout.ts';

export interface EdgePaths {
  /** Edges with both ends highlighted (or every edge when nothing is highlighted). */
  readonly normal: string;
  /** Edges with an end outside the highlighted selection. */
  readonly dimmed: string;
}

/**
 * @example
 * const { normal } = edgePaths([['a', 'b']], positions, { nodeWidth: 240, nodeHeight: 64 }, null);
 * // 'M240,32C280,32 280,32 320,32' for a at (0,0) and b at (320,0)
 */
export function edgePaths(
  edges: readonly (readonly [string, string])[],
  positions: ReadonlyMap<string, Point>,
  size: { readonly nodeWidth: number; readonly nodeHeight: number },
  highlighted: ReadonlySet<string> | null,
): EdgePaths {
  const normal: string[] = [];
  const dimmed: string[] = [];
  const mid = size.nodeHeight / 2;
  for (const [source, target] of edges) {
    const from = positions.get(source);
    const to = positions.get(target);
    if (!from || !to) continue;
    const x1 = from.x + size.nodeWidth;
    const y1 = from.y + mid;
    const x2 = to.x;
    const y2 = to.y + mid;
    const bend = Math.max(20, (x2 - x1) / 2);
    const d = `M${x1},${y1}C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
    const bright = highlighted === null || (highlighted.has(source) && highlighted.has(target));
    (bright ? normal : dimmed).push(d);
  }
  return { normal: normal.join(''), dimmed: dimmed.join('') };
}
