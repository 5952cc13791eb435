/**
 * The revenue forecast asset (report §2.4.1): Prophet on the daily revenue
 * mart, the two one-off shock periods as holidays, 30 days ahead. The fit
 * runs in a worker; its quality (in-sample and cross-validated MAE/MAPE by horizon, next to a
 * seasonal-naive baseline) is recorded as metadata, and a blocking gate keeps
 * the previous forecast when Prophet does worse than the baseline.
 *
 * This module imports the fit only as types, so loading the project does not
 * load Prophet's WebAssembly.
 *
 * @example
 * // npx trellis materialize --select '+carttrend_transform.ml_predictions_ca'
 * // npx trellis why carttrend_transform.ml_predictions_ca   # metadata: cv_mape_pct=..., naive_cv_mape_pct=..., cv_h1_7_mae=...
 */
import { AssetError, customCheck, defineAsset, expressionIsTrue, notNull, unique, type ColumnSpec } from '../../../core/index.ts';
import type { ForecastOptions, ForecastResult, DailySeries } from './forecast-fit.ts';
import { dailySeriesFromRows, minimumHistoryDays } from './forecast-input.ts';
import { forecastGate, forecastMetadata } from './forecast-gate.ts';

const MART = 'carttrend_clean.mart_Prevision_Series_Temporelles_CA';

/**
 * The report's one-off shocks (spikes, then spikes alternating with days
 * without sales), as the issue and DATA.md date them. The report's Python
 * gave upper_window 20 and 28, i.e. 21 and 29 days; the brief's 20 and 25
 * days match the periods the demo data plants.
 */
export const FORECAST_OPTIONS: ForecastOptions = {
  horizonDays: 30,
  cvInitialDays: 180,
  cvPeriodDays: 30,
  intervalWidth: 0.8,
  shocks: [
    { name: 'choc_1', first: '2023-12-30', days: 20 },
    { name: 'choc_2', first: '2024-11-20', days: 25 },
  ],
};

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'date', type: 'DATE' },
  { name: 'y', type: 'DOUBLE' },
  { name: 'yhat', type: 'DOUBLE' },
  { name: 'yhat_lower', type: 'DOUBLE' },
  { name: 'yhat_upper', type: 'DOUBLE' },
];

export const revenueForecast = defineAsset({
  key: 'carttrend_transform.ml_predictions_ca',
  deps: [MART],
  group: 'models',
  tags: { carttrend: '', ml: '' },
  owners: ['data-science'],
  description: 'Daily revenue history and a 30-day Prophet forecast, for the sales dashboard. Weekly and yearly ' +
    'seasonality; the shocks from 2023-12-30 (20 days) and 2024-11-20 (25 days) are one-off holidays, one per day ' +
    'as in Python Prophet, so they do not bend the trend. Published only when its cross-validated MAPE (refits at ' +
    'cutoffs every 30 days from 180 days of history on, each scored 30 days ahead) is no worse than a seasonal-naive forecast (same weekday of the last week): the report found ' +
    'the model weak on this randomly generated data.',
  columns: [
    { name: 'date', type: 'DATE', description: 'The day: the history, then 30 forecast days.' },
    { name: 'y', type: 'DOUBLE', description: 'Observed revenue in euros (0 without sales); null on forecast days.' },
    { name: 'yhat', type: 'DOUBLE', description: 'Prophet\'s prediction (fitted value on history days).' },
    { name: 'yhat_lower', type: 'DOUBLE', description: 'Lower bound of the 80% uncertainty interval.' },
    { name: 'yhat_upper', type: 'DOUBLE', description: 'Upper bound of the 80% uncertainty interval.' },
  ],
  config: { ...FORECAST_OPTIONS },
  checks: [
    customCheck('cv_mape_no_worse_than_seasonal_naive', async ({ metadata }) => {
      // The check result keeps every metric: a blocked forecast records no materialization to carry them.
      const outcome = forecastGate(metadata);
      return { ...outcome, metadata: { ...metadata, ...outcome.metadata } };
    }, {
      description: 'Prophet\'s cross-validated MAPE (refits at cutoffs every 30 days, 30 days ahead) is at most the seasonal-naive MAPE on the same cutoffs.',
    }),
    notNull('date'), unique('date'), notNull('yhat'),
    expressionIsTrue('yhat_lower <= yhat AND yhat <= yhat_upper', { severity: 'warn' }),
  ],
  async materialize(ctx) {
    let series: DailySeries;
    try {
      series = dailySeriesFromRows(await ctx.read(MART), MART, minimumHistoryDays(FORECAST_OPTIONS));
    } catch (error) {
      throw new AssetError(ctx.key, error);
    }
    const started = performance.now();
    const { rows, metrics } = await ctx.compute<{ series: DailySeries; options: ForecastOptions }, ForecastResult>(
      new URL('./forecast-fit.ts', import.meta.url), 'fitForecastTask', { series, options: FORECAST_OPTIONS });
    const fitMs = Math.round(performance.now() - started);
    await ctx.writeTable(COLUMNS, rows.map((r) => [r.date, r.y, r.yhat, r.yhatLower, r.yhatUpper]));
    const metadata = forecastMetadata(metrics);
    ctx.addMetadata({ ...metadata, fit_ms: fitMs });
    ctx.log.info(`fitted ${series.ds.length} days in ${fitMs} ms (${metadata.cv_cutoffs} cross-validation refits and the full fit): CV MAPE ` +
      `${metadata.cv_mape_pct}% vs ${metadata.naive_cv_mape_pct}% for the seasonal-naive baseline`);
  },
});
