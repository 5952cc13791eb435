/**
 * The forecast's metrics as materialization metadata (flat keys, shown by
 * `trellis why` and the UI) and the validation gate that reads them back:
 * Prophet's holdout MAPE must be no worse than the seasonal-naive baseline's,
 * otherwise a naive rule would forecast better and the forecast is not
 * published. The report's own recommendation; both figures are in the message.
 *
 * @example
 * forecastGate({ holdout_mape_pct: 21.3, naive_holdout_mape_pct: 27.9, holdout_days: 30, holdout_mape_days: 30 });
 * // { passed: true, message: 'holdout MAPE 21.30% (Prophet) vs 27.90% (seasonal naive) over the last 30 days ...' }
 */
import { rounded } from './metrics.ts';
import type { ForecastMetrics } from './forecast-fit.ts';

export const MAPE_NOTE = 'MAPE is computed over the days with revenue y != 0 only (days without sales are 0); *_mape_days counts them';

/** Flat, rounded metadata entries for a forecast's metrics. */
export function forecastMetadata(m: ForecastMetrics): Record<string, number | string | null> {
  const { prophet, seasonalNaive: naive } = m;
  return {
    history_days: m.historyDays,
    horizon_days: m.horizonDays,
    holdout_days: m.holdoutDays,
    insample_mae: rounded(prophet.inSample.mae, 2),
    insample_mape_pct: rounded(prophet.inSample.mapePct, 2),
    insample_mape_days: prophet.inSample.mapeDays,
    holdout_mae: rounded(prophet.holdout.mae, 2),
    holdout_mape_pct: rounded(prophet.holdout.mapePct, 2),
    holdout_mape_days: prophet.holdout.mapeDays,
    naive_insample_mae: rounded(naive.inSample.mae, 2),
    naive_insample_mape_pct: rounded(naive.inSample.mapePct, 2),
    naive_insample_mape_days: naive.inSample.mapeDays,
    naive_holdout_mae: rounded(naive.holdout.mae, 2),
    naive_holdout_mape_pct: rounded(naive.holdout.mapePct, 2),
    mape_note: MAPE_NOTE,
  };
}

export interface GateOutcome {
  readonly passed: boolean;
  readonly message: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

const numberOr = (value: unknown): number | undefined => typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** Passes when Prophet's holdout error is no worse than the seasonal-naive one (MAPE; MAE when the holdout has no sales). */
export function forecastGate(metadata: Readonly<Record<string, unknown>>): GateOutcome {
  const days = numberOr(metadata.holdout_days);
  const mapeDays = numberOr(metadata.holdout_mape_days);
  let prophet = numberOr(metadata.holdout_mape_pct);
  let naive = numberOr(metadata.naive_holdout_mape_pct);
  let measure = 'MAPE';
  let unit = '%';
  if (prophet === undefined || naive === undefined) {
    // MAPE is undefined when no held-out day had sales: fall back on MAE.
    prophet = numberOr(metadata.holdout_mae);
    naive = numberOr(metadata.naive_holdout_mae);
    measure = 'MAE';
    unit = '';
  }
  if (prophet === undefined || naive === undefined || days === undefined) {
    return { passed: false, message: 'the asset recorded no holdout metrics (holdout_mape_pct, naive_holdout_mape_pct, holdout_mae, naive_holdout_mae)' };
  }
  const passed = prophet <= naive;
  const over = measure === 'MAPE' ? `over the last ${days} days (${mapeDays ?? '?'} with sales)` : `over the last ${days} days (none with sales, so MAE)`;
  const verdict = passed ? 'Prophet is no worse than the baseline' : 'Prophet is worse than the baseline';
  return {
    passed,
    message: `holdout ${measure} ${prophet.toFixed(2)}${unit} (Prophet) vs ${naive.toFixed(2)}${unit} (seasonal naive) ${over}: ${verdict}`,
    metadata: { measure, prophet, seasonal_naive: naive },
  };
}
