/**
 * The revenue forecast as a pure computation (no warehouse): Prophet fitted
 * on the whole history predicts it and the horizon; the same model refitted
 * without the last `holdoutDays` days is scored on them, next to the
 * seasonal-naive baseline scored the same way, so the gate can tell whether
 * Prophet is worth publishing. Runs in a worker (`fitForecastTask`).
 *
 * @example
 * const { rows, metrics } = fitForecast({ ds, y }, { horizonDays: 30, holdoutDays: 30, shocks });
 * rows.at(-1);                 // { date: '2025-01-30', y: null, yhat: 7810.2, yhatLower: 3120.5, yhatUpper: 12544.9 }
 * metrics.prophet.holdout.mae; // 2034.7
 */
import { errorMetrics, type ErrorMetrics } from './metrics.ts';
import { seasonalNaiveForecast, seasonalNaiveInSample, WEEK } from './forecast-baseline.ts';
import { prophetForecast, type DailySeries, type ProphetSettings } from './forecast-prophet.ts';
import { minimumHistoryDays } from './forecast-input.ts';

export type { DailySeries, Shock } from './forecast-prophet.ts';

export interface ForecastOptions extends ProphetSettings {
  /** Days forecast after the history (default 30). */
  readonly horizonDays?: number;
  /** Last days of the history held out to score a refit (default 30). */
  readonly holdoutDays?: number;
}

export interface ForecastRow {
  readonly date: string;
  /** The observed value; null on forecast days. */
  readonly y: number | null;
  readonly yhat: number;
  readonly yhatLower: number;
  readonly yhatUpper: number;
}

export interface ModelScores {
  /** Against the history it was fitted on (the baseline: from the second week on). */
  readonly inSample: ErrorMetrics;
  /** Fitted without the last `holdoutDays` days, scored on them. */
  readonly holdout: ErrorMetrics;
}

export interface ForecastMetrics {
  readonly historyDays: number;
  readonly horizonDays: number;
  readonly holdoutDays: number;
  readonly prophet: ModelScores;
  readonly seasonalNaive: ModelScores;
}

export interface ForecastResult {
  readonly rows: readonly ForecastRow[];
  readonly metrics: ForecastMetrics;
}

/** Fits, forecasts and scores. Throws on a series too short or with non-finite values. */
export function fitForecast(series: DailySeries, options: ForecastOptions = {}): ForecastResult {
  const horizonDays = options.horizonDays ?? 30;
  const holdoutDays = options.holdoutDays ?? 30;
  const n = series.y.length;
  if (series.ds.length !== n) throw new Error(`ds has ${series.ds.length} days but y has ${n} values`);
  if (n < minimumHistoryDays(holdoutDays)) {
    throw new Error(`${n} days of history; the forecast needs at least ${minimumHistoryDays(holdoutDays)}`);
  }
  const bad = series.y.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`y is not a finite number on ${series.ds[bad]} (${series.y[bad]})`);

  const full = prophetForecast(series, horizonDays, options);
  const rows = full.ds.map((date, i): ForecastRow => ({
    date, y: i < n ? series.y[i]! : null, yhat: full.yhat[i]!, yhatLower: full.yhatLower[i]!, yhatUpper: full.yhatUpper[i]!,
  }));

  const cut = n - holdoutDays;
  const training: DailySeries = { ds: series.ds.slice(0, cut), y: series.y.slice(0, cut) };
  const heldOut = series.y.slice(cut);
  const refit = prophetForecast(training, holdoutDays, options);

  return {
    rows,
    metrics: {
      historyDays: n,
      horizonDays,
      holdoutDays,
      prophet: {
        inSample: errorMetrics(series.y, full.yhat.slice(0, n)),
        holdout: errorMetrics(heldOut, refit.yhat.slice(cut)),
      },
      seasonalNaive: {
        inSample: errorMetrics(series.y.slice(WEEK), seasonalNaiveInSample(series.y)),
        holdout: errorMetrics(heldOut, seasonalNaiveForecast(training.y, holdoutDays)),
      },
    },
  };
}

/** `fitForecast` with one structured-cloneable argument, for `ctx.compute`. */
export function fitForecastTask(input: { readonly series: DailySeries; readonly options?: ForecastOptions }): ForecastResult {
  return fitForecast(input.series, input.options);
}
