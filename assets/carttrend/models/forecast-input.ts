/**
 * Turns the rows of the daily revenue mart (`ds`, `y`) into the series the
 * forecast fits, refusing what would give a meaningless fit: too short a
 * history, values that are not finite numbers, missing or repeated days.
 * Messages name the mart and how to fix it.
 *
 * @example
 * dailySeriesFromRows([{ ds: '2024-01-02', y: 5 }, { ds: '2024-01-01', y: 3 }], 'm', 1);
 * // { ds: ['2024-01-01', '2024-01-02'], y: [3, 5] }
 */
import type { Row } from '../../../core/index.ts';
import type { DailySeries } from './forecast-prophet.ts';
import { WEEK } from './forecast-baseline.ts';

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const listed = (items: readonly string[]): string =>
  items.slice(0, 5).join(', ') + (items.length > 5 ? ` and ${items.length - 5} more` : '');

/** The least history a forecast accepts: one cross-validation cutoff, i.e. the initial training days (at least two weeks) and the horizon. */
export const minimumHistoryDays = (options: { readonly horizonDays?: number; readonly cvInitialDays?: number }): number =>
  Math.max(options.cvInitialDays ?? 180, 2 * WEEK) + (options.horizonDays ?? 30);

/** The series in `rows` (any order), or an Error saying what is wrong with `source` and how to fix it. */
export function dailySeriesFromRows(rows: readonly Row[], source: string, minimumDays: number): DailySeries {
  const rebuild = `fix the data it is built from (CARTTREND_DATA_DIR) and materialize ${source} again`;
  if (rows.length && (!('ds' in rows[0]!) || !('y' in rows[0]!))) {
    throw new Error(`${source} has no ds and y columns (it has ${Object.keys(rows[0]!).join(', ')}); ` +
      'the forecast reads Prophet\'s columns: ds (day) and y (revenue)');
  }
  const sorted = [...rows].sort((a, b) => String(a.ds).localeCompare(String(b.ds)));
  const badDays = sorted.filter((r) => typeof r.ds !== 'string' || !DAY.test(r.ds)).map((r) => String(r.ds));
  if (badDays.length) throw new Error(`${source} has ds values that are not days: ${listed(badDays)}; ${rebuild}`);
  const badValues = sorted.filter((r) => typeof r.y !== 'number' || !Number.isFinite(r.y)).map((r) => `${r.ds} (${r.y})`);
  if (badValues.length) {
    throw new Error(`${source} has revenue values that are not finite numbers: ${listed(badValues)}; ${rebuild}`);
  }
  const ds = sorted.map((r) => r.ds as string);
  const holes: string[] = [];
  for (let i = 1; i < ds.length; i++) {
    const gap = (Date.parse(ds[i]!) - Date.parse(ds[i - 1]!)) / DAY_MS;
    if (gap !== 1) holes.push(gap === 0 ? `${ds[i]} twice` : `${gap - 1} days missing after ${ds[i - 1]}`);
  }
  if (holes.length) {
    throw new Error(`${source} must have exactly one row per calendar day (0 on days without sales): ${listed(holes)}; ${rebuild}`);
  }
  if (ds.length < minimumDays) {
    throw new Error(`${source} has ${ds.length} days of revenue history; the forecast needs at least ${minimumDays} ` +
      `(the earliest cross-validation refit trains on the first days and is scored on the horizon after them); load orders covering a longer period and materialize ${source} again`);
  }
  return { ds, y: sorted.map((r) => r.y as number) };
}
