/**
 * What the asset page draws for model outputs: the revenue forecast series
 * from a table preview, and the metrics a model recorded in its
 * materialization's metadata.
 */
import type { ApiPreview } from '../../../core/server/api-types.ts';


export interface ForecastPoint {
  /** Milliseconds since the epoch. */
  readonly t: number;
  readonly y: number | null;
  readonly yhat: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

const FORECAST_COLUMNS = ['date', 'y', 'yhat', 'yhat_lower', 'yhat_upper'] as const;

/**
 * Whether an asset's documented columns are a forecast's (Prophet's shape):
 * its preview is then drawn as a chart, whatever the asset is called.
 *
 * @example
 * isForecast(['date', 'y', 'yhat', 'yhat_lower', 'yhat_upper']) // true
 */
export function isForecast(columns: readonly string[]): boolean {
  return FORECAST_COLUMNS.every((c) => columns.includes(c));
}

/**
 * The forecast's rows by date, or a message saying which columns are missing.
 *
 * @example
 * const f = forecastSeries(preview);
 * if ('points' in f) f.points[0] // { t: 1704067200000, y: 812.5, yhat: 790.1, low: 700, high: 880 }
 */
export function forecastSeries(preview: Pick<ApiPreview, 'columns' | 'rows'>): { points: ForecastPoint[] } | { problem: string } {
  const index = new Map(preview.columns.map((c, i) => [c.name.toLowerCase(), i]));
  const missing = FORECAST_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) return { problem: `the table has no column ${missing.join(', ')}; expected ${FORECAST_COLUMNS.join(', ')}` };
  const at = (row: readonly unknown[], name: string) => row[index.get(name)!];
  const points: ForecastPoint[] = [];
  for (const row of preview.rows) {
    const t = toTime(at(row, 'date'));
    if (t === null) continue;
    points.push({ t, y: toNumber(at(row, 'y')), yhat: toNumber(at(row, 'yhat')), low: toNumber(at(row, 'yhat_lower')), high: toNumber(at(row, 'yhat_upper')) });
  }
  points.sort((a, b) => a.t - b.t);
  return { points };
}

/**
 * A model's metrics as `[name, value]` rows: numbers, strings and booleans,
 * nested objects flattened with dots, arrays of scalars joined.
 *
 * @example
 * metricRows({ rmse: 1.5, params: { depth: 4 } }) // [['params.depth', 4], ['rmse', 1.5]]
 */
export function metricRows(metadata: Readonly<Record<string, unknown>>, prefix = ''): [string, string | number | boolean][] {
  const rows: [string, string | number | boolean][] = [];
  for (const [name, value] of Object.entries(metadata)) {
    const label = prefix ? `${prefix}.${name}` : name;
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') rows.push([label, value]);
    else if (Array.isArray(value)) rows.push([label, value.every((v) => typeof v !== 'object') ? value.join(', ') : JSON.stringify(value)]);
    else if (value && typeof value === 'object') rows.push(...metricRows(value as Record<string, unknown>, label));
  }
  return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

function toTime(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}
