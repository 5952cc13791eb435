/**
 * The forecast's metrics as materialization metadata (flat keys, shown by
 * `trellis why` and the UI) and the validation gate that reads them back:
 * Prophet's cross-validated MAPE (every cutoff, every day of the 30-day
 * horizon, pooled) must be no worse than the seasonal-naive baseline's on the
 * same cutoffs, otherwise a naive rule would forecast better and the forecast
 * is not published. Pooled over several cutoffs rather than the last 30 days
 * alone, so a window the refit cannot foresee (a declared shock it has not
 * seen yet) weighs as one window among several. Buckets by days ahead and the
 * last cutoff alone (`holdout_*`, the former gate's figure) are recorded too.
 *
 * @example
 * forecastGate({ cv_mape_pct: 21.3, naive_cv_mape_pct: 27.9, cv_cutoffs: 7, horizon_days: 30, cv_mape_days: 210 });
 * // { passed: true, message: 'cross-validated MAPE 21.30% (Prophet) vs 27.90% (seasonal naive) over 7 cutoffs ...' }
 */
import { rounded, type ErrorMetrics } from './metrics.ts';
import type { ForecastMetrics } from './forecast-fit.ts';
import type { HorizonScores } from './forecast-cv.ts';

export const MAPE_NOTE = 'MAPE is computed over the days with revenue y != 0 only (days without sales are 0); *_mape_days counts them';

type Entries = Record<string, number | string | null>;

function scored(prefix: string, m: ErrorMetrics): Entries {
  return { [`${prefix}_mae`]: rounded(m.mae, 2), [`${prefix}_mape_pct`]: rounded(m.mapePct, 2), [`${prefix}_mape_days`]: m.mapeDays };
}

function cvEntries(prefix: string, s: HorizonScores): Entries {
  const buckets = s.byHorizon.map((b) => scored(`${prefix}cv_h${b.from}_${b.to}`, b));
  return Object.assign(scored(`${prefix}cv`, s.overall), ...buckets, scored(`${prefix}holdout`, s.lastCutoff));
}

/** Flat, rounded metadata entries for a forecast's metrics. */
export function forecastMetadata(m: ForecastMetrics): Entries {
  return {
    history_days: m.historyDays,
    horizon_days: m.horizonDays,
    cv_cutoffs: m.cvCutoffs.length,
    cv_initial_days: m.cvInitialDays,
    cv_period_days: m.cvPeriodDays,
    cv_first_cutoff: m.cvCutoffs[0] ?? null,
    cv_last_cutoff: m.cvCutoffs.at(-1) ?? null,
    ...scored('insample', m.prophet.inSample),
    ...cvEntries('', m.prophet.cv),
    ...scored('naive_insample', m.seasonalNaive.inSample),
    ...cvEntries('naive_', m.seasonalNaive.cv),
    mape_note: MAPE_NOTE,
  };
}

export interface GateOutcome {
  readonly passed: boolean;
  readonly message: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

const numberOr = (value: unknown): number | undefined => typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/**
 * Passes when Prophet's error is no worse than the seasonal-naive one on the
 * figures under `prefix` (`cv`: cross-validated, the gate; `holdout`: the last
 * cutoff alone, the former gate): MAPE, or MAE when no scored day had sales.
 */
export function forecastGate(metadata: Readonly<Record<string, unknown>>, prefix: 'cv' | 'holdout' = 'cv'): GateOutcome {
  const cutoffs = prefix === 'cv' ? numberOr(metadata.cv_cutoffs) : 1;
  const horizon = numberOr(metadata.horizon_days);
  const mapeDays = numberOr(metadata[`${prefix}_mape_days`]);
  let prophet = numberOr(metadata[`${prefix}_mape_pct`]);
  let naive = numberOr(metadata[`naive_${prefix}_mape_pct`]);
  let measure = 'MAPE';
  let unit = '%';
  if (prophet === undefined || naive === undefined) {
    // MAPE is undefined when no scored day had sales: fall back on MAE.
    prophet = numberOr(metadata[`${prefix}_mae`]);
    naive = numberOr(metadata[`naive_${prefix}_mae`]);
    measure = 'MAE';
    unit = '';
  }
  if (prophet === undefined || naive === undefined || cutoffs === undefined || horizon === undefined) {
    return { passed: false, message: `the asset recorded no ${prefix} metrics (${prefix}_mape_pct, naive_${prefix}_mape_pct, ${prefix}_mae, naive_${prefix}_mae, horizon_days)` };
  }
  const passed = prophet <= naive;
  const scope = prefix === 'cv' ? `over ${cutoffs} cutoffs x ${horizon} days ahead` : `over the last ${horizon} days`;
  const over = measure === 'MAPE' ? `${scope} (${mapeDays ?? '?'} scored days with sales)` : `${scope} (none with sales, so MAE)`;
  const verdict = passed ? 'Prophet is no worse than the baseline' : 'Prophet is worse than the baseline';
  const name = prefix === 'cv' ? 'cross-validated' : 'holdout';
  return {
    passed,
    message: `${name} ${measure} ${prophet.toFixed(2)}${unit} (Prophet) vs ${naive.toFixed(2)}${unit} (seasonal naive) ${over}: ${verdict}`,
    metadata: { measure, prophet, seasonal_naive: naive },
  };
}
