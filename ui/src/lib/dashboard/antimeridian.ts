/**
 * Country rings that cross the 180° meridian (Russia's Chukotka, Fiji) jump
 * from +180 to -180 in longitude; drawn flat, each jump is a line across the
 * whole map. Such a ring is made continuous (its western points moved east by
 * 360°) and clamped at 180°, which loses a sliver east of the meridian and no
 * line. Antarctica's one jump is its edge along the pole, and is kept.
 *
 * @example
 * unwrapRing([[179, 65], [-179, 66], [-178, 64], [179, 64]]) // [[179, 65], [180, 66], [180, 64], [179, 64]]
 */
export type Position = readonly [number, ...number[]];

function jumps(ring: readonly Position[]): number {
  let n = 0;
  for (let i = 1; i < ring.length; i++) if (Math.abs(ring[i]![0] - ring[i - 1]![0]) > 180) n++;
  return n;
}

export function unwrapRing(ring: readonly Position[]): Position[] {
  if (jumps(ring) < 2) return [...ring];
  return ring.map(([lon, ...rest]) => [Math.min(180, lon < 0 ? lon + 360 : lon), ...rest] as Position);
}

interface Geometry { type: string; coordinates?: unknown }

/** The same feature collection with every crossing ring unwrapped. */
export function unwrapCollection<T extends { features: readonly { geometry: Geometry | null }[] }>(geo: T): T {
  const polygon = (rings: Position[][]) => rings.map(unwrapRing);
  for (const f of geo.features) {
    const g = f.geometry;
    if (g?.type === 'Polygon') g.coordinates = polygon(g.coordinates as Position[][]);
    else if (g?.type === 'MultiPolygon') g.coordinates = (g.coordinates as Position[][][]).map(polygon);
  }
  return geo;
}
