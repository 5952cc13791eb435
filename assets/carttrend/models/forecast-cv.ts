/**
 * Rolling-origin cross-validation of a forecast, as Prophet's
 * `cross_validation` and `performance_metrics` do it: cutoffs every
 * `periodDays` from the end of the history minus the horizon back to
 * `initialDays`, each a fit on the days up to it predicting the `horizonDays`
 * after it; the seasonal-naive baseline gets the same cutoffs. Errors are
 * pooled by horizon bucket (days ahead) and over the whole horizon, so one
 * unusual window (a shock the refit never saw) cannot decide alone.
 *
 * @example
 * cvCutoffs(400, { horizonDays: 30, periodDays: 30, initialDays: 180 }); // [190, 220, ..., 370]: 7 fits
 */
import { errorMetrics, type ErrorMetrics } from './metrics.ts';
import { seasonalNaiveForecast } from './forecast-baseline.ts';
import { prophetForecast, type DailySeries, type ProphetSettings } from './forecast-prophet.ts';

const YEAR = 365;

export interface CvWindow {
  /** Days forecast after each cutoff (Prophet's `horizon`). */
  readonly horizonDays: number;
  /** Days between cutoffs (Prophet's `period`). */
  readonly periodDays: number;
  /** Days the earliest fit trains on at least (Prophet's `initial`). */
  readonly initialDays: number;
}

/** Days-ahead buckets the metrics are reported by; the last one runs to the horizon. */
export const HORIZON_BUCKETS: ReadonlyArray<readonly [number, number]> = [[1, 7], [8, 14], [15, Infinity]];

export interface HorizonScores {
  /** Over every cutoff and every day of the horizon. */
  readonly overall: ErrorMetrics;
  /** Per days-ahead bucket, e.g. `{ from: 1, to: 7, ... }`. */
  readonly byHorizon: ReadonlyArray<{ readonly from: number; readonly to: number } & ErrorMetrics>;
  /** The last cutoff alone: the single holdout of the last `horizonDays` days. */
  readonly lastCutoff: ErrorMetrics;
}

export interface CrossValidation {
  /** Last training day of each fit, oldest first. */
  readonly cutoffs: readonly string[];
  readonly prophet: HorizonScores;
  readonly seasonalNaive: HorizonScores;
}

/** Training lengths (days up to each cutoff), ascending; empty when the history is shorter than initial + horizon. */
export function cvCutoffs(historyDays: number, window: CvWindow): number[] {
  const { horizonDays, periodDays, initialDays } = window;
  if (!(periodDays >= 1 && horizonDays >= 1)) throw new RangeError(`period and horizon must be at least 1 day (got ${periodDays}, ${horizonDays})`);
  const cutoffs: number[] = [];
  for (let cut = historyDays - horizonDays; cut >= initialDays; cut -= periodDays) cutoffs.unshift(cut);
  return cutoffs;
}

/** One forecast per cutoff (horizon days each) from `predict`, scored by horizon bucket. */
function score(series: DailySeries, cutoffs: readonly number[], horizon: number,
  predict: (training: DailySeries) => readonly number[]): HorizonScores {
  const actual: number[][] = Array.from({ length: horizon }, () => []);
  const predicted: number[][] = Array.from({ length: horizon }, () => []);
  let lastCutoff: ErrorMetrics | undefined;
  for (const cut of cutoffs) {
    let forecast: readonly number[];
    try {
      forecast = predict({ ds: series.ds.slice(0, cut), y: series.y.slice(0, cut) });
    } catch (error) {
      throw new Error(`the cross-validation refit up to ${series.ds[cut - 1]} (${cut} days) failed`, { cause: error });
    }
    const truth = series.y.slice(cut, cut + horizon);
    truth.forEach((y, h) => { actual[h]!.push(y); predicted[h]!.push(forecast[h]!); });
    lastCutoff = errorMetrics(truth, forecast.slice(0, horizon));
  }
  if (!lastCutoff) throw new Error('cross-validation needs at least one cutoff');
  const pooled = (from: number, to: number) => errorMetrics(actual.slice(from - 1, to).flat(), predicted.slice(from - 1, to).flat());
  const byHorizon = HORIZON_BUCKETS.filter(([from]) => from <= horizon)
    .map(([from, to]) => ({ from, to: Math.min(to, horizon), ...pooled(from, Math.min(to, horizon)) }));
  return { overall: pooled(1, horizon), byHorizon, lastCutoff };
}

/**
 * Prophet and the seasonal-naive baseline on the same cutoffs. Each fit gets
 * every declared shock from its first training day to the end of its horizon,
 * so a cutoff inside a shock still models the shock's days as holidays.
 * A refit on under a year of history has no yearly term: fitted on part of a
 * year, it extrapolates into the part it never saw (the published fit, on
 * more than a year, forecasts into days of the year it has seen).
 */
export function crossValidate(series: DailySeries, window: CvWindow, settings: ProphetSettings = {}): CrossValidation {
  const cutoffs = cvCutoffs(series.y.length, window);
  const { horizonDays } = window;
  return {
    cutoffs: cutoffs.map((cut) => series.ds[cut - 1]!),
    prophet: score(series, cutoffs, horizonDays, (training) =>
      prophetForecast(training, horizonDays, { ...settings, yearlySeasonality: training.y.length >= YEAR && (settings.yearlySeasonality ?? true) }).yhat.slice(training.y.length)),
    seasonalNaive: score(series, cutoffs, horizonDays, (training) => seasonalNaiveForecast(training.y, horizonDays)),
  };
}
