// A TypeScript asset: reads the SQL model marts.daily_revenue and writes
// each day's revenue with its moving average.
import { defineAsset, notNull, unique } from 'trellis';

/**
 * The mean of each value and the `window - 1` values before it (fewer at the start).
 *
 * @example
 * movingAverage([2, 4, 6], 2) // [2, 3, 5]
 */
export function movingAverage(values: readonly number[], window: number): number[] {
  return values.map((_, i) => {
    const slice = values.slice(Math.max(0, i - window + 1), i + 1);
    return slice.reduce((sum, v) => sum + v, 0) / slice.length;
  });
}

export const revenueTrend = defineAsset({
  key: 'analytics.revenue_trend',
  deps: ['marts.daily_revenue'],
  group: 'analytics',
  description: 'Daily paid revenue with its 7-day moving average.',
  columns: [
    { name: 'day', description: 'The order day.' },
    { name: 'revenue', description: 'Paid revenue that day.' },
    { name: 'revenue_7d', description: 'Mean daily revenue over the 7 days up to this one.' },
  ],
  async materialize(ctx) {
    const rows = await ctx.warehouse.query(`SELECT day, revenue FROM ${ctx.relation('marts.daily_revenue')} ORDER BY day`);
    const average = movingAverage(rows.map((r) => Number(r.revenue)), 7);
    const written = await ctx.writeTable(
      [{ name: 'day', type: 'DATE' }, { name: 'revenue', type: 'DOUBLE' }, { name: 'revenue_7d', type: 'DOUBLE' }],
      rows.map((r, i) => [r.day, Number(r.revenue), average[i]]),
    );
    ctx.addMetadata({ days: written });
  },
  checks: [notNull('day'), unique('day'), notNull('revenue_7d')],
});
