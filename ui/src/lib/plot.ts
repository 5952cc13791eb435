/**
 * Small SVG plots without a charting library: linear scales, "nice" ticks,
 * line paths that break over missing values, and filled bands.
 */

export type Scale = (value: number) => number;

/**
 * Maps `domain` linearly onto `range`; a flat domain maps to the middle of the range.
 *
 * @example
 * linearScale([0, 10], [0, 100])(2.5) // 25
 */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/**
 * Smallest and largest finite values, or null when there are none.
 *
 * @example
 * extent([3, null, 1, 7]) // [1, 7]
 */
export function extent(values: readonly (number | null | undefined)[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * About `count` round tick values (steps of 1, 2 or 5 × 10^k) covering `[lo, hi]`.
 *
 * @example
 * niceTicks(0, 97, 5) // [0, 20, 40, 60, 80, 100]
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi === lo) return [lo];
  const step = niceStep((hi - lo) / Math.max(1, count));
  const first = Math.floor(lo / step) * step;
  const ticks: number[] = [];
  for (let v = first; v < hi + step * 0.999; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/**
 * The round step (1, 2 or 5 × 10^k) nearest above `rough`.
 *
 * @example
 * niceStep(0.3) // 0.5
 */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const f = rough / power;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return Number((nice * power).toPrecision(12));
}

export interface XY { readonly x: number; readonly y: number | null }

/**
 * An SVG path through the points, lifting the pen over missing `y` values.
 *
 * @example
 * linePath([{ x: 0, y: 1 }, { x: 1, y: null }, { x: 2, y: 3 }], (x) => x * 10, (y) => 10 - y) // 'M0,9M20,7'
 */
export function linePath(points: readonly XY[], x: Scale, y: Scale): string {
  let path = '';
  let drawing = false;
  for (const p of points) {
    if (p.y === null || !Number.isFinite(p.y)) {
      drawing = false;
      continue;
    }
    path += `${drawing ? 'L' : 'M'}${round(x(p.x))},${round(y(p.y))}`;
    drawing = true;
  }
  return path;
}

export interface Band { readonly x: number; readonly low: number; readonly high: number }

/**
 * A closed area between `low` and `high` (along the top, back along the bottom).
 *
 * @example
 * bandPath([{ x: 0, low: 1, high: 2 }, { x: 1, low: 1, high: 3 }], (x) => x, (y) => -y) // 'M0,-2L1,-3L1,-1L0,-1Z'
 */
export function bandPath(points: readonly Band[], x: Scale, y: Scale): string {
  if (points.length === 0) return '';
  const top = points.map((p) => `${round(x(p.x))},${round(y(p.high))}`);
  const bottom = [...points].reverse().map((p) => `${round(x(p.x))},${round(y(p.low))}`);
  return `M${top.join('L')}L${bottom.join('L')}Z`;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
