/**
 * One Prophet fit (augurs: Prophet's Stan model compiled to WebAssembly) on a
 * daily series, predicting its history and `horizonDays` after it. Options
 * are Python Prophet's as the report used them, made explicit because
 * augurs's defaults differ: weekly and yearly seasonality on (augurs's "auto"
 * drops yearly with under two years of data), daily off, 80% intervals
 * (augurs gives none unless `intervalWidth` is set), holiday prior scale 10.
 *
 * Each day of a shock is its own holiday, as Python Prophet makes one
 * feature per day of a holiday's window; one augurs holiday spanning the
 * window would be a single constant effect, unable to follow a shock that
 * alternates spikes and days without sales.
 *
 * @example
 * const fit = prophetForecast({ ds: ['2024-01-01', ...], y: [120, ...] }, 30,
 *   { shocks: [{ name: 'shock_1', first: '2023-12-30', days: 20 }] });
 * fit.ds.length; // history + 30
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { initSync, Prophet, type ProphetHoliday } from '@bsull/augurs/prophet';
import { optimizer } from '@bsull/augurs-prophet-wasmstan';

/** Consecutive calendar days (`YYYY-MM-DD`) and their values. */
export interface DailySeries {
  readonly ds: readonly string[];
  readonly y: readonly number[];
}

/** A one-off period modelled as holidays: `days` days from `first` (`YYYY-MM-DD`). */
export interface Shock {
  readonly name: string;
  readonly first: string;
  readonly days: number;
}

export interface ProphetSettings {
  readonly shocks?: readonly Shock[];
  /** Yearly seasonality (default on, as the report fitted it). */
  readonly yearlySeasonality?: boolean;
  /** Width of the uncertainty interval (default 0.8, Python Prophet's). */
  readonly intervalWidth?: number;
}

export interface ProphetFit {
  /** History then the forecast horizon. */
  readonly ds: readonly string[];
  readonly yhat: readonly number[];
  readonly yhatLower: readonly number[];
  readonly yhatUpper: readonly number[];
}

const DAY_S = 86_400;
const toSeconds = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 1000;
const toDay = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 10);

let initialized = false;

/** augurs's default async init fetches a file:// URL, which fails on Node: load the wasm from disk instead. */
function initProphet(): void {
  if (initialized) return;
  const entry = createRequire(import.meta.url).resolve('@bsull/augurs/prophet');
  initSync({ module: fs.readFileSync(entry.replace(/prophet\.js$/, 'prophet_bg.wasm')) });
  initialized = true;
}

/** One one-day holiday per day of each shock that falls within [from, to]. */
export function dailyShockHolidays(shocks: readonly Shock[], from: number, to: number): Map<string, ProphetHoliday> {
  const holidays = new Map<string, ProphetHoliday>();
  for (const shock of shocks) {
    const first = toSeconds(shock.first);
    for (let offset = 0; offset < shock.days; offset++) {
      const start = first + offset * DAY_S;
      if (start < from || start > to) continue;
      holidays.set(`${shock.name}+${offset}`, { occurrences: [{ start, end: start + DAY_S }] });
    }
  }
  return holidays;
}

/** Fits Prophet on `history` and predicts it plus `horizonDays` following days. */
export function prophetForecast(history: DailySeries, horizonDays: number, settings: ProphetSettings = {}): ProphetFit {
  initProphet();
  const ds = history.ds.map(toSeconds);
  const last = ds[ds.length - 1]!;
  const future = Array.from({ length: horizonDays }, (_, i) => last + (i + 1) * DAY_S);
  const all = [...ds, ...future];
  const prophet = new Prophet({
    optimizer,
    growth: 'linear',
    yearlySeasonality: { type: 'manual', enabled: settings.yearlySeasonality ?? true },
    weeklySeasonality: { type: 'manual', enabled: true },
    dailySeasonality: { type: 'manual', enabled: false },
    holidays: dailyShockHolidays(settings.shocks ?? [], ds[0]!, all[all.length - 1]!),
    holidaysPriorScale: 10,
    intervalWidth: settings.intervalWidth ?? 0.8,
    uncertaintySamples: 1000,
  });
  try {
    prophet.fit({ ds, y: [...history.y] });
    const predicted = prophet.predict({ ds: all });
    const intervals = predicted.yhat.intervals;
    if (!intervals) throw new Error('Prophet returned no uncertainty intervals; set intervalWidth');
    return {
      ds: predicted.ds.map(toDay),
      yhat: predicted.yhat.point,
      yhatLower: intervals.lower,
      yhatUpper: intervals.upper,
    };
  } finally {
    prophet.free();
  }
}
