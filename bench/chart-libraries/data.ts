/**
 * The data every library draws in the chart-library bench, and the marks it
 * implies. Deterministic (a seeded generator), shaped as the dashboards'
 * queries return it: the revenue history with Prophet's interval
 * (`ml_predictions_ca`: 1,070 observed days, then 30 forecast days without
 * `y`), revenue by category (20 bars) and a 10,000-point scatter.
 *
 * @example
 * const rows = chartData('line'); // [{ date: '2022-01-01', y: 5120.4, yhat_lower: ..., yhat_upper: ... }, ...]
 * expectedMarks('line')           // { line: 1070, band: 1100 }
 * expectedMarks('line', true)     // { line: 535, band: 550 }: after filteredRows
 */
export const CHARTS = ['line', 'bar', 'scatter'] as const;
export type ChartName = (typeof CHARTS)[number];

export type DayRow = { readonly date: string; readonly y: number | null; readonly yhat_lower: number; readonly yhat_upper: number };
export type CategoryRow = { readonly categorie: string; readonly ca: number };
export type PointRow = { readonly x: number; readonly y: number };
export type ChartRows = readonly DayRow[] | readonly CategoryRow[] | readonly PointRow[];

/** Marks by kind: `line` (vertices of the revenue line), `band` (days of the interval), `bars`, `points`. */
export type Marks = Readonly<Record<string, number>>;

/** What a page leaves in `window.__benchResult`: its time and marks, or its error. */
export interface BenchResult {
  readonly react: string;
  /** From the bundle's script start to the frame with the chart painted. */
  readonly ms?: number;
  readonly marks?: Marks;
  /** From handing the chart the filtered rows (`filteredRows`) to the frame with them painted, as a cross-filter does. */
  readonly updateMs?: number;
  readonly updateMarks?: Marks;
  readonly error?: string;
}

export const HISTORY_DAYS = 1070;
export const FORECAST_DAYS = 30;
export const CATEGORIES = 20;
export const POINTS = 10_000;

/** mulberry32: the same numbers on every run and in every library's page. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (v: number) => Math.round(v * 100) / 100;

function days(): DayRow[] {
  const next = random(1);
  const start = Date.UTC(2022, 0, 1);
  const rows: DayRow[] = [];
  for (let i = 0; i < HISTORY_DAYS + FORECAST_DAYS; i++) {
    const trend = 4000 + i * 2.5;
    const weekly = 600 * Math.sin((2 * Math.PI * i) / 7);
    const yearly = 900 * Math.sin((2 * Math.PI * i) / 365.25);
    const yhat = trend + weekly + yearly;
    const width = 700 + (i >= HISTORY_DAYS ? (i - HISTORY_DAYS) * 25 : 0);
    rows.push({
      date: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
      y: i < HISTORY_DAYS ? round(yhat + (next() - 0.5) * 1800) : null,
      yhat_lower: round(yhat - width), yhat_upper: round(yhat + width),
    });
  }
  return rows;
}

function categories(): CategoryRow[] {
  const next = random(2);
  return Array.from({ length: CATEGORIES }, (_, i) => ({ categorie: `Catégorie ${String(i + 1).padStart(2, '0')}`, ca: round(20_000 + next() * 180_000) }));
}

function points(): PointRow[] {
  const next = random(3);
  return Array.from({ length: POINTS }, () => {
    const x = next() * 100;
    return { x: round(x), y: round(x * 0.8 + (next() + next() + next() - 1.5) * 30) };
  });
}

/** The rows of one chart. */
export function chartData(chart: ChartName): ChartRows {
  return chart === 'line' ? days() : chart === 'bar' ? categories() : points();
}

/** The rows a filter leaves: every other one (every size above is even). */
export function filteredRows<T>(rows: readonly T[]): T[] {
  return rows.filter((_, i) => i % 2 === 0);
}

/** What a correct rendering draws, whatever the library, of all the rows or of `filteredRows`. */
export function expectedMarks(chart: ChartName, filtered = false): Marks {
  const all: Marks = chart === 'line' ? { line: HISTORY_DAYS, band: HISTORY_DAYS + FORECAST_DAYS } : chart === 'bar' ? { bars: CATEGORIES } : { points: POINTS };
  return filtered ? Object.fromEntries(Object.entries(all).map(([kind, n]) => [kind, n / 2])) : all;
}
