/**
 * The dashboards' pure chart code: ECharts options and their mark counts,
 * the word cloud layout, country codes to map shapes, value formats.
 */
import { describe, expect, it } from 'vitest';
import type { ChartSpec } from '../core/index.ts';
import { unwrapRing } from '../ui/src/lib/dashboard/antimeridian.ts';
import { mapCountry } from '../ui/src/lib/dashboard/countries.ts';
import { formatValue } from '../ui/src/lib/dashboard/format.ts';
import { chartOption } from '../ui/src/lib/dashboard/options.ts';
import { layoutWords } from '../ui/src/lib/dashboard/wordcloud.ts';

const size = { width: 500, height: 300 };
const bar = (encode: ChartSpec['encode']): ChartSpec => ({ id: 'b', title: 'B', type: 'bar', query: { from: 'a.b' }, encode });

describe('chart options', () => {
  it('a bar per row and measure; nulls draw nothing', () => {
    const rows = [{ c: 'Mode', a: 1, b: 2 }, { c: 'Livres', a: null, b: 3 }];
    const built = chartOption(bar({ x: 'c', y: ['a', 'b'] }), rows, size);
    expect(built.marks).toBe(3);
    expect((built.option.xAxis as { data: string[] }).data).toEqual(['Mode', 'Livres']);
  });

  it('series split by a column stack one bar segment per row', () => {
    const rows = [{ c: 'Mode', s: 'Sport', v: 4 }, { c: 'Mode', s: 'Ville', v: 2 }, { c: 'Livres', s: null, v: 1 }];
    const built = chartOption(bar({ x: 'c', y: ['v'], series: 's' }), rows, size);
    expect(built.marks).toBe(3);
    expect((built.option.series as { name: string }[]).map((s) => s.name)).toEqual(['Sport', 'Ville', '(vide)']);
  });

  it('a forecast band adds two stacked series but no marks', () => {
    const chart: ChartSpec = { ...bar({ x: 'd', y: ['y'], band: ['lo', 'hi'] }), type: 'line' };
    const built = chartOption(chart, [{ d: '2024-01-01', y: 5, lo: 4, hi: 7 }], size);
    expect(built.marks).toBe(1);
    expect((built.option.series as { data: unknown[] }[])[2]!.data).toEqual([3]);
  });

  it('countries without a shape are left off the map', () => {
    const chart: ChartSpec = { ...bar({ x: 'p', y: ['n'] }), type: 'map' };
    const names = new Set(['France', 'United States of America']);
    const built = chartOption(chart, [{ p: 'FR', n: 3 }, { p: 'US', n: 9 }, { p: 'XX', n: 1 }], size, (c) => mapCountry(c, names));
    expect(built.marks).toBe(2);
  });
});

describe('word cloud layout', () => {
  it('places words without overlap, biggest first, inside the box, the same every time', () => {
    const words = Array.from({ length: 40 }, (_, i) => ({ text: `MOT${i}`, weight: 100 - i * 2 }));
    const placed = layoutWords(words, 500, 300);
    expect(placed.length).toBeGreaterThan(30);
    expect(placed[0]!.text).toBe('MOT0');
    expect(placed[0]!.size).toBeGreaterThan(placed.at(-1)!.size);
    for (const w of placed) {
      const half = (w.text.length * w.size * 0.6 + 4) / 2;
      expect(w.x - half).toBeGreaterThanOrEqual(0);
      expect(w.x + half).toBeLessThanOrEqual(500);
    }
    expect(layoutWords(words, 500, 300)).toEqual(placed);
  });
});

describe('countries and formats', () => {
  it('maps ISO codes to Natural Earth names', () => {
    const names = new Set(['France', 'United States of America', 'Dem. Rep. Congo']);
    expect(mapCountry('FR', names)).toBe('France');
    expect(mapCountry('US', names)).toBe('United States of America');
    expect(mapCountry('CD', names)).toBe('Dem. Rep. Congo');
    expect(mapCountry('ZZ', names)).toBeUndefined();
  });

  it('formats euros, percents and numbers the French way', () => {
    expect(formatValue(1234.5, 'eur')).toBe('1 234,50 €');
    expect(formatValue(0.125, 'percent')).toBe('12,5 %');
    expect(formatValue(null)).toBe('-');
  });
});

describe('the world map across the 180th meridian', () => {
  it('makes a crossing ring continuous, clamped at 180, and keeps other rings as they are', () => {
    const chukotka = [[179, 65], [-179, 66], [-178, 64], [179, 64], [179, 65]] as const;
    const unwrapped = unwrapRing(chukotka);
    expect(unwrapped).toEqual([[179, 65], [180, 66], [180, 64], [179, 64], [179, 65]]);
    const steps = unwrapped.slice(1).map((p, i) => Math.abs(p[0] - unwrapped[i]![0]));
    expect(Math.max(...steps)).toBeLessThanOrEqual(180);
    const france = [[2, 51], [8, 49], [3, 43], [-1, 46], [2, 51]] as const;
    expect(unwrapRing(france)).toEqual(france);
    // Antarctica's single jump is its edge along the pole: kept.
    const pole = [[-180, -84], [0, -70], [180, -84], [-180, -84]] as const;
    expect(unwrapRing(pole)).toEqual(pole);
  });
});
