/**
 * The seasonal-naive baseline a forecast must beat: tomorrow is the same
 * weekday of the last observed week. It only ever looks at the history it is
 * given, so a holdout comparison cannot peek at the days it is scored on.
 *
 * @example
 * seasonalNaiveForecast([1, 2, 3, 4, 5, 6, 7, 8], 3); // [2, 3, 4]
 * seasonalNaiveInSample([1, 2, 3, 4, 5, 6, 7, 8]);     // [1]: day 8 predicted by day 1
 */

export const WEEK = 7;

/** `horizon` values after `history`: day h repeats the value one season (a week) before it, within the last observed season. */
export function seasonalNaiveForecast(history: readonly number[], horizon: number, season = WEEK): number[] {
  if (history.length < season) {
    throw new Error(`the seasonal-naive baseline needs at least ${season} values of history, got ${history.length}`);
  }
  const lastSeason = history.slice(history.length - season);
  return Array.from({ length: horizon }, (_, h) => lastSeason[h % season]!);
}

/** In-sample one-season-ahead predictions: value t predicted by value t - season, for t >= season. */
export function seasonalNaiveInSample(history: readonly number[], season = WEEK): number[] {
  return history.slice(0, Math.max(0, history.length - season));
}
