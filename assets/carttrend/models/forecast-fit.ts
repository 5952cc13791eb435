/**
 * The revenue forecast as a pure computation (no warehouse): Prophet fitted
 * on the whole history predicts it and the horizon; rolling-origin
 * cross-validation (`forecast-cv.ts`) scores refits at several cutoffs next to
 * the seasonal-naive baseline on the same cutoffs, so the gate can tell whether
 * Prophet is worth publishing. Runs in a worker (`fitForecastTask`).
 *
 * @example
 * const { rows, metrics } = fitForecast({ ds, y }, { horizonDays: 30, cvInitialDays: 180, cvPeriodDays: 30, shocks });
 * rows.at(-1);                 // { date: '2025-01-30', y: null, yhat: 7810.2, yhatLower: 3120.5, yhatUpper: 12544.9 }
 * metrics.prophet.cv.overall.mapePct; // 21.4 (7 cutoffs on 400 days)
 */
import { errorMetrics, type ErrorMetrics } from './metrics.ts';
import { seasonalNaiveInSample, WEEK } from './forecast-baseline.ts';
import { crossValidate, type HorizonScores } from './forecast-cv.ts';
import { prophetForecast, type DailySeries, type ProphetSettings } from './forecast-prophet.ts';
import { minimumHistoryDays } from './forecast-input.ts';

export type { DailySeries, Shock } from './forecast-prophet.ts';

export interface ForecastOptions extends ProphetSettings {
  /** Days forecast after the history (default 30). */
  readonly horizonDays?: number;
  /** Cross-validation: days the earliest refit trains on at least (default 180). */
  readonly cvInitialDays?: number;
  /** Cross-validation: days between cutoffs (default 30, the horizon: each scored day once per cutoff window). */
  readonly cvPeriodDays?: number;
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
  /** Refitted at each cross-validation cutoff, scored on the horizon after it. */
  readonly cv: HorizonScores;
}

export interface ForecastMetrics {
  readonly historyDays: number;
  readonly horizonDays: number;
  readonly cvInitialDays: number;
  readonly cvPeriodDays: number;
  /** Last training day of each cross-validation fit, oldest first. */
  readonly cvCutoffs: readonly string[];
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
  const cvInitialDays = options.cvInitialDays ?? 180;
  const cvPeriodDays = options.cvPeriodDays ?? 30;
  const n = series.y.length;
  if (series.ds.length !== n) throw new Error(`ds has ${series.ds.length} days but y has ${n} values`);
  if (n < minimumHistoryDays(options)) {
    throw new Error(`${n} days of history; the forecast needs at least ${minimumHistoryDays(options)}`);
  }
  const bad = series.y.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`y is not a finite number on ${series.ds[bad]} (${series.y[bad]})`);

  const full = prophetForecast(series, horizonDays, options);
  const rows = full.ds.map((date, i): ForecastRow => ({
    date, y: i < n ? series.y[i]! : null, yhat: full.yhat[i]!, yhatLower: full.yhatLower[i]!, yhatUpper: full.yhatUpper[i]!,
  }));

  const cv = crossValidate(series, { horizonDays, periodDays: cvPeriodDays, initialDays: Math.max(cvInitialDays, 2 * WEEK) }, options);

  return {
    rows,
    metrics: {
      historyDays: n,
      horizonDays,
      cvInitialDays,
      cvPeriodDays,
      cvCutoffs: cv.cutoffs,
      prophet: { inSample: errorMetrics(series.y, full.yhat.slice(0, n)), cv: cv.prophet },
      seasonalNaive: { inSample: errorMetrics(series.y.slice(WEEK), seasonalNaiveInSample(series.y)), cv: cv.seasonalNaive },
    },
  };
}

/** `fitForecast` with one structured-cloneable argument, for `ctx.compute`. */
export function fitForecastTask(input: { readonly series: DailySeries; readonly options?: ForecastOptions }): ForecastResult {
  return fitForecast(input.series, input.options);
}
