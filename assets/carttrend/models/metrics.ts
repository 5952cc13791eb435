/**
 * Error measures for forecasts: mean absolute error and mean absolute
 * percentage error. A day whose actual value is 0 (a day without sales) has
 * no percentage error, so MAPE leaves such days out and says how many days it
 * used; with none left it is `null`, never a division by zero.
 *
 * @example
 * errorMetrics([100, 0, 50], [110, 5, 50]);
 * // { mae: 5, mapePct: 5, days: 3, mapeDays: 2 }
 */

export interface ErrorMetrics {
  /** Mean absolute error, in the unit of the series. */
  readonly mae: number;
  /** Mean absolute percentage error in percent, over the days whose actual value is not 0; null when there are none. */
  readonly mapePct: number | null;
  /** Days compared. */
  readonly days: number;
  /** Days used by MAPE (actual value not 0). */
  readonly mapeDays: number;
}

/** MAE and MAPE of `predicted` against `actual` (same length, at least one value). */
export function errorMetrics(actual: readonly number[], predicted: readonly number[]): ErrorMetrics {
  if (actual.length !== predicted.length || actual.length === 0) {
    throw new Error(`errorMetrics needs two series of the same non-zero length (got ${actual.length} and ${predicted.length})`);
  }
  let absolute = 0;
  let percentage = 0;
  let mapeDays = 0;
  for (let i = 0; i < actual.length; i++) {
    const error = Math.abs(actual[i]! - predicted[i]!);
    absolute += error;
    if (actual[i] !== 0) {
      percentage += error / Math.abs(actual[i]!);
      mapeDays++;
    }
  }
  return {
    mae: absolute / actual.length,
    mapePct: mapeDays ? (100 * percentage) / mapeDays : null,
    days: actual.length,
    mapeDays,
  };
}

/** `value` rounded to `digits` decimals, for metadata people read. */
export function rounded(value: number, digits: number): number;
export function rounded(value: number | null, digits: number): number | null;
export function rounded(value: number | null, digits: number): number | null {
  if (value === null) return null;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
