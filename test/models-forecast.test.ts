/**
 * The revenue forecast with the real augurs Prophet: known answers on
 * synthetic series (a weekly pattern with a trend is forecast tightly, the
 * seasonal-naive baseline's error is the one computed by hand, per-day
 * shock holidays absorb a shock that alternates spikes and days without
 * sales), MAPE leaving days without sales out, the input checks, the gate,
 * and the asset in a project of its own (the gate keeps the last good table)
 * and in the real Carttrend project at scale 0.1.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitForecast, type DailySeries, type ForecastResult } from '../assets/carttrend/models/forecast-fit.ts';
import { prophetForecast, dailyShockHolidays } from '../assets/carttrend/models/forecast-prophet.ts';
import { seasonalNaiveForecast, seasonalNaiveInSample } from '../assets/carttrend/models/forecast-baseline.ts';
import { dailySeriesFromRows } from '../assets/carttrend/models/forecast-input.ts';
import { forecastGate, forecastMetadata } from '../assets/carttrend/models/forecast-gate.ts';
import { errorMetrics } from '../assets/carttrend/models/metrics.ts';
import { Random } from '../assets/carttrend/demo-data/random.ts';
import type { Row } from '../core/index.ts';
import { cleanupTemp, cli, makeProject, projectEnv, REPO, tempHome, writeFiles, queryWarehouse, materializeCarttrend } from './support/project.ts';

afterAll(cleanupTemp);

const WEEKLY = [0, 10, 20, 30, 40, 60, -30];
const DAY_MS = 86_400_000;
const dayAfter = (start: string, i: number): string => new Date(Date.parse(`${start}T00:00:00Z`) + i * DAY_MS).toISOString().slice(0, 10);

function daily(n: number, value: (i: number) => number, start = '2023-01-01'): DailySeries {
  return { ds: Array.from({ length: n }, (_, i) => dayAfter(start, i)), y: Array.from({ length: n }, (_, i) => value(i)) };
}

describe('a weekly pattern with a trend', () => {
  const truth = (i: number) => 100 + WEEKLY[i % 7]! + 0.5 * i;
  const n = 400;
  let result: ForecastResult;
  beforeAll(() => {
    result = fitForecast(daily(n, truth), { horizonDays: 30, cvInitialDays: 180, cvPeriodDays: 30 });
  });

  it('returns the history then 30 forecast days, y null on those', () => {
    expect(result.rows).toHaveLength(n + 30);
    expect(result.rows.map((r) => r.date)).toEqual(Array.from({ length: n + 30 }, (_, i) => dayAfter('2023-01-01', i)));
    expect(result.rows.slice(0, n).map((r) => r.y)).toEqual(Array.from({ length: n }, (_, i) => truth(i)));
    expect(result.rows.slice(n).every((r) => r.y === null)).toBe(true);
  });

  it('forecasts the next 30 days within 0.5 of the truth (values span 100 to 360)', () => {
    const errors = result.rows.slice(n).map((r, h) => Math.abs(r.yhat - truth(n + h)));
    expect(Math.max(...errors)).toBeLessThan(0.5);
  });

  it('gives 80% intervals with lower <= yhat <= upper on every day', () => {
    for (const r of result.rows) {
      expect(r.yhatLower, r.date).toBeLessThanOrEqual(r.yhat);
      expect(r.yhat, r.date).toBeLessThanOrEqual(r.yhatUpper);
    }
    expect(result.rows.at(-1)!.yhatUpper - result.rows.at(-1)!.yhatLower).toBeGreaterThan(0);
  });

  it('cross-validates on 7 cutoffs every 30 days, far better than the seasonal-naive baseline at every horizon', () => {
    const { prophet, seasonalNaive, cvCutoffs } = result.metrics;
    // 400 days: cutoffs after days 190, 220, ..., 370 (the last leaves exactly the horizon).
    expect(cvCutoffs).toEqual([190, 220, 250, 280, 310, 340, 370].map((d) => dayAfter('2023-01-01', d - 1)));
    expect(prophet.inSample).toMatchObject({ days: n, mapeDays: n });
    expect(prophet.inSample.mae).toBeLessThan(0.1);
    expect(prophet.cv.overall).toMatchObject({ days: 7 * 30, mapeDays: 7 * 30 });
    expect(prophet.cv.byHorizon.map((b) => [b.from, b.to, b.days])).toEqual([[1, 7, 49], [8, 14, 49], [15, 30, 112]]);
    expect(prophet.cv.lastCutoff.days).toBe(30);
    // The earliest refits train on under a year with yearly seasonality on: looser than the full fit.
    expect(prophet.cv.overall.mae).toBeLessThan(2);
    prophet.cv.byHorizon.forEach((b, i) => expect(b.mae).toBeLessThan(seasonalNaive.cv.byHorizon[i]!.mae));
  });

  it('computes the seasonal-naive baseline from the training days only', () => {
    // In sample each day repeats the one a week before, 7 * 0.5 lower. On the holdout, day h repeats the same
    // weekday of the last training week: 0.5 * (7 + 7 * floor(h / 7)) lower, a mean of 3.5 * 80 / 30.
    expect(result.metrics.seasonalNaive.inSample.mae).toBeCloseTo(3.5, 9);
    expect(result.metrics.seasonalNaive.inSample.days).toBe(n - 7);
    expect(result.metrics.seasonalNaive.cv.lastCutoff.mae).toBeCloseTo((3.5 * 80) / 30, 9);
    // Every cutoff alike; by horizon, days 1-7 are one week behind (3.5), 8-14 two (7), 15-30 a mean of (7 * 10.5 + 7 * 14 + 2 * 17.5) / 16.
    expect(result.metrics.seasonalNaive.cv.overall.mae).toBeCloseTo((3.5 * 80) / 30, 9);
    expect(result.metrics.seasonalNaive.cv.byHorizon.map((b) => b.mae)).toEqual(
      [expect.closeTo(3.5, 9), expect.closeTo(7, 9), expect.closeTo(206.5 / 16, 9)]);
  });

  it('passes the gate with its own metadata', () => {
    const outcome = forecastGate(forecastMetadata(result.metrics));
    expect(outcome.passed).toBe(true);
    expect(outcome.message).toMatch(/^cross-validated MAPE \d+\.\d\d% \(Prophet\) vs \d+\.\d\d% \(seasonal naive\) over 7 cutoffs x 30 days ahead \(210 scored days with sales\)/);
  });
});

describe('shocks as one holiday per day', () => {
  const base = (i: number) => 200 + WEEKLY[i % 7]! + 0.2 * i;
  const shock = { name: 'promo', first: '2023-10-01', days: 10 };
  const first = 273; // 2023-10-01 is day 273 of 2023
  // Even days of the shock spike by 150, odd days have no sales at all: no constant effect fits both.
  const value = (i: number) => i < first || i >= first + 10 ? base(i) : (i - first) % 2 === 0 ? base(i) + 150 : 0;
  const series = daily(400, value);

  it('makes a one-day holiday for each day of a shock inside the series', () => {
    const holidays = dailyShockHolidays([shock, { name: 'outside', first: '2030-01-01', days: 3 }],
      Date.parse('2023-01-01') / 1000, Date.parse('2024-02-04') / 1000);
    expect([...holidays.keys()]).toEqual(Array.from({ length: 10 }, (_, o) => `promo+${o}`));
    const start = Date.parse('2023-10-04T00:00:00Z') / 1000;
    expect(holidays.get('promo+3')).toEqual({ occurrences: [{ start, end: start + 86_400 }] });
  });

  it('fits each day of the shock, including the days without sales', () => {
    expect(series.ds[first]).toBe('2023-10-01');
    // Refits from day 270 on: on the first 190 days of this noise-free series, with no yearly term, augurs's optimizer
    // fails (an exact fit; a known limit, see the report). Those refits are not what this test is about.
    const result = fitForecast(series, { shocks: [shock], cvInitialDays: 270 });
    for (let i = first; i < first + 10; i++) expect(Math.abs(result.rows[i]!.yhat - value(i)), series.ds[i]).toBeLessThan(2);
    // MAPE leaves out the 5 days without sales; MAE counts them.
    expect(result.metrics.prophet.inSample).toMatchObject({ days: 400, mapeDays: 395 });
  });

  it('without the holidays, the same fit misses the shock days by far', () => {
    const fit = prophetForecast(series, 0, { shocks: [] });
    const misses = Array.from({ length: 10 }, (_, o) => Math.abs(fit.yhat[first + o]! - value(first + o)));
    expect(Math.min(...misses)).toBeGreaterThan(50);
  });
});

describe('the seasonal-naive baseline and the error measures', () => {
  it('repeats the last observed week, and predicts in sample from a week before', () => {
    expect(seasonalNaiveForecast([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 10)).toEqual([4, 5, 6, 7, 8, 9, 10, 4, 5, 6]);
    expect(seasonalNaiveInSample([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([1, 2, 3]);
    expect(() => seasonalNaiveForecast([1, 2, 3], 5)).toThrow('at least 7 values');
  });

  it('MAPE skips days whose actual value is 0 and says how many it used', () => {
    expect(errorMetrics([100, 0, 50], [110, 5, 50])).toEqual({ mae: 5, mapePct: 5, days: 3, mapeDays: 2 });
    expect(errorMetrics([0, 0], [1, 3])).toEqual({ mae: 2, mapePct: null, days: 2, mapeDays: 0 });
    expect(() => errorMetrics([1, 2], [1])).toThrow('same non-zero length');
  });
});

describe('input from the mart', () => {
  const MART = 'carttrend_clean.mart_Prevision_Series_Temporelles_CA';
  const rows = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ ds: dayAfter('2024-01-01', i), y: 10 + i }));

  it('sorts the days', () => {
    expect(dailySeriesFromRows([...rows(3)].reverse(), MART, 1)).toEqual({ ds: ['2024-01-01', '2024-01-02', '2024-01-03'], y: [10, 11, 12] });
  });

  it('refuses too short a history, naming the mart and what to do', () => {
    expect(() => dailySeriesFromRows(rows(45), MART, 60)).toThrow(
      `${MART} has 45 days of revenue history; the forecast needs at least 60`);
    expect(() => dailySeriesFromRows(rows(45), MART, 60)).toThrow(`materialize ${MART} again`);
  });

  it('refuses values that are not finite numbers, naming the days', () => {
    const bad = rows(70).map((r, i) => (i === 5 ? { ...r, y: null } : i === 9 ? { ...r, y: Number.NaN } : r));
    expect(() => dailySeriesFromRows(bad, MART, 60)).toThrow(`${MART} has revenue values that are not finite numbers: 2024-01-06 (null), 2024-01-10 (NaN)`);
  });

  it('refuses missing and repeated days', () => {
    const gap = rows(70).filter((_, i) => i !== 10 && i !== 11);
    expect(() => dailySeriesFromRows(gap, MART, 60)).toThrow('2 days missing after 2024-01-10');
    expect(() => dailySeriesFromRows([...rows(70), rows(1)[0]!], MART, 60)).toThrow('2024-01-01 twice');
    expect(() => dailySeriesFromRows([{ date: '2024-01-01', revenue: 3 }], MART, 1)).toThrow('has no ds and y columns');
  });

  it('fitForecast itself refuses a short or non-finite series', () => {
    expect(() => fitForecast(daily(209, () => 1))).toThrow('209 days of history; the forecast needs at least 210');
    expect(() => fitForecast(daily(250, (i) => (i === 3 ? Infinity : 1)))).toThrow('not a finite number on 2023-01-04');
  });
});

describe('the gate', () => {
  const metrics = { cv_cutoffs: 7, horizon_days: 30, cv_mape_days: 200, cv_mae: 120.5, naive_cv_mae: 150.25 };

  it('passes when Prophet\'s cross-validated MAPE is no worse than the baseline\'s, with both figures', () => {
    expect(forecastGate({ ...metrics, cv_mape_pct: 21.3, naive_cv_mape_pct: 27.9 })).toMatchObject({
      passed: true,
      message: 'cross-validated MAPE 21.30% (Prophet) vs 27.90% (seasonal naive) over 7 cutoffs x 30 days ahead (200 scored days with sales): Prophet is no worse than the baseline',
    });
    expect(forecastGate({ ...metrics, cv_mape_pct: 27.9, naive_cv_mape_pct: 27.9 }).passed).toBe(true);
  });

  it('fails when Prophet does worse, with both figures', () => {
    expect(forecastGate({ ...metrics, cv_mape_pct: 31.5, naive_cv_mape_pct: 27.94 })).toEqual({
      passed: false,
      message: 'cross-validated MAPE 31.50% (Prophet) vs 27.94% (seasonal naive) over 7 cutoffs x 30 days ahead (200 scored days with sales): Prophet is worse than the baseline',
      metadata: { measure: 'MAPE', prophet: 31.5, seasonal_naive: 27.94 },
    });
  });

  it('compares MAE when no scored day had sales, and fails without metrics', () => {
    const noSales = forecastGate({ ...metrics, cv_mape_days: 0, cv_mape_pct: null, naive_cv_mape_pct: null });
    expect(noSales).toMatchObject({ passed: true, message: expect.stringContaining('cross-validated MAE 120.50 (Prophet) vs 150.25 (seasonal naive)') });
    expect(noSales.message).toContain('none with sales, so MAE');
    expect(forecastGate({})).toMatchObject({ passed: false, message: expect.stringContaining('recorded no cv metrics') });
  });
});

describe('a series whose last 30 days fall inside a declared shock', () => {
  // Revenue with a weekly pattern and seeded noise; a declared promotion lifts it by 60% over its last 37 days.
  // No refit can foresee the lift (each shock day is its own holiday, unseen before its day), but the
  // seasonal-naive baseline at the last cutoff repeats a week already inside it: on that one window it wins.
  const rng = Random.derive(7, 'shock-series');
  const n = 400;
  const shockFirst = n - 37;
  const y = Array.from({ length: n }, (_, i) => (300 + 2 * WEEKLY[i % 7]! + 0.1 * i) * (i >= shockFirst ? 1.6 : 1) * rng.float(0.7, 1.3));
  const series: DailySeries = { ds: Array.from({ length: n }, (_, i) => dayAfter('2023-01-01', i)), y };
  const shocks = [{ name: 'promo', first: dayAfter('2023-01-01', shockFirst), days: 37 }];
  let metadata: Record<string, unknown>;
  beforeAll(() => {
    metadata = forecastMetadata(fitForecast(series, { horizonDays: 30, cvInitialDays: 180, cvPeriodDays: 30, shocks }).metrics);
  });

  it('the former single-holdout gate refuses it', () => {
    const old = forecastGate(metadata, 'holdout');
    expect(old.passed, old.message).toBe(false);
    expect(old.message).toMatch(/^holdout MAPE .* over the last 30 days/);
  });

  it('the cross-validated gate accepts it, with MAE and MAPE by horizon bucket for both', () => {
    const gate = forecastGate(metadata);
    expect(gate.passed, gate.message).toBe(true);
    expect(metadata).toMatchObject({ cv_cutoffs: 7, cv_first_cutoff: dayAfter('2023-01-01', 189), cv_last_cutoff: dayAfter('2023-01-01', 369) });
    for (const bucket of ['h1_7', 'h8_14', 'h15_30']) {
      for (const key of [`cv_${bucket}_mae`, `cv_${bucket}_mape_pct`, `naive_cv_${bucket}_mae`, `naive_cv_${bucket}_mape_pct`]) {
        expect(metadata[key], key).toEqual(expect.any(Number));
      }
    }
  });
});

interface RunJson {
  runId: number;
  status: string;
  assets: Array<{ key: string; decision: string; reason: string; rows: number | null }>;
  checks: Array<{ asset: string; check: string; severity: string; passed: boolean; message: string | null }>;
}
const FORECAST = 'carttrend_transform.ml_predictions_ca';
const GATE = 'cv_mape_no_worse_than_seasonal_naive';


describe('the asset in a project whose revenue mart changes', () => {
  const mart = (select: string) => ({
    'sql/mart_Prevision_Series_Temporelles_CA.sql': `{{ config(materialized='table', schema='carttrend_clean') }}\n${select}\n`,
  });
  const days = (n: number, y: string) =>
    `SELECT (DATE '2021-01-01' + CAST(i AS INTEGER))::DATE AS ds, (${y})::DOUBLE AS y FROM range(${n}) AS t(i)`;
  const weekly = `[${WEEKLY.join(', ')}][i % 7 + 1]`;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const materialize = async () => {
    const r = await cli(['materialize', '--json'], { projectDir: dir, env });
    return { code: r.code, stderr: r.stderr, run: r.json<RunJson>() };
  };
  const published = () => queryWarehouse(env.TRELLIS_HOME!, `SELECT count(*)::INT AS n, max(y) AS top FROM ${FORECAST}`);

  beforeAll(() => {
    dir = makeProject({
      ...mart(days(400, `100 + 0.5 * i + ${weekly}`)),
      'assets/index.ts': `export { revenueForecast } from '${path.join(REPO, 'assets/carttrend/models/forecast.ts')}';\n`,
    });
    env = projectEnv({ TRELLIS_HOME: tempHome() });
  });

  it('publishes the forecast when Prophet beats the baseline', async () => {
    const { code, stderr, run } = await materialize();
    expect(code, stderr).toBe(0);
    expect(run.assets.find((a) => a.key === FORECAST)).toMatchObject({ decision: 'ran', rows: 430 });
    expect(run.checks.find((c) => c.check === GATE)).toMatchObject({ passed: true, severity: 'error' });
    const columns = await queryWarehouse(env.TRELLIS_HOME!, `SELECT column_name, data_type FROM information_schema.columns
      WHERE table_schema = 'carttrend_transform' AND table_name = 'ml_predictions_ca' ORDER BY ordinal_position`);
    expect(columns.map((c) => `${c.column_name} ${c.data_type}`)).toEqual(
      ['date DATE', 'y DOUBLE', 'yhat DOUBLE', 'yhat_lower DOUBLE', 'yhat_upper DOUBLE']);
    expect(await published()).toEqual([{ n: 430, top: 100 + 0.5 * 397 + 60 }]);
  });

  it('keeps that forecast when a level shift late in the history makes Prophet lose to the baseline', async () => {
    // After day 350 (past the 80% of the training days where Prophet places changepoints) the level jumps
    // by 200: the last observed week is then exactly right, Prophet is not.
    writeFiles(dir, mart(days(400, `100 + ${weekly} + CASE WHEN i >= 350 THEN 200 ELSE 0 END`)));
    const { code, run } = await materialize();
    expect(code).toBe(1);
    const step = run.assets.find((a) => a.key === FORECAST)!;
    expect(step.decision).toBe('failed');
    expect(step.reason).toMatch(/blocked by check cv_mape_no_worse_than_seasonal_naive \(cross-validated MAPE \d+\.\d\d% \(Prophet\) vs \d+\.\d\d% \(seasonal naive\) over 7 cutoffs/);
    expect(run.checks.find((c) => c.check === GATE)).toMatchObject({ passed: false, severity: 'error' });
    expect(await published()).toEqual([{ n: 430, top: 100 + 0.5 * 397 + 60 }]);
    // No materialization is recorded for a blocked forecast: the check result keeps the metrics.
    const detail = (await cli(['run', String(run.runId), '--json'], { projectDir: dir, env }))
      .json<{ checks: Array<{ check: string; metadata: Record<string, unknown> }> }>();
    expect(detail.checks.find((c) => c.check === GATE)!.metadata).toMatchObject({
      history_days: 400, cv_cutoffs: 7, holdout_mape_days: 30, naive_holdout_mae: 0, naive_holdout_mape_pct: 0,
      cv_mape_pct: expect.any(Number), naive_cv_mape_pct: expect.any(Number), cv_h1_7_mae: expect.any(Number), insample_mae: expect.any(Number), mape_note: expect.stringContaining('y != 0'),
    });
  });

  it('refuses a too short history with an error naming the mart and the fix, keeping the table', async () => {
    writeFiles(dir, mart(days(45, `100 + ${weekly}`)));
    const { code, run } = await materialize();
    expect(code).toBe(1);
    const reason = run.assets.find((a) => a.key === FORECAST)!.reason;
    expect(reason).toContain(`carttrend_clean.mart_Prevision_Series_Temporelles_CA has 45 days of revenue history; the forecast needs at least 210`);
    expect(reason).toContain('materialize carttrend_clean.mart_Prevision_Series_Temporelles_CA again');
    expect(await published()).toEqual([{ n: 430, top: 100 + 0.5 * 397 + 60 }]);
  });
});

describe('the Carttrend project at scale 0.1', () => {
  let home: string;
  let run: RunJson;
  let code: number;
  let stderr: string;

  beforeAll(async () => {
    const { home: state, result } = await materializeCarttrend(`+${FORECAST}`);
    home = state;
    ({ code, stderr } = result);
    run = result.json<RunJson>();
  });

  it('publishes the forecast, its gate passing with both figures', async () => {
    // With the mistyped quantities left out of the revenue mart, Prophet beats seasonal naive on seed 42.
    const gate = run.checks.find((c) => c.asset === FORECAST && c.check === GATE)!;
    expect(gate, stderr).toBeDefined();
    expect(gate.message).toMatch(/^cross-validated MAPE \d+\.\d\d% \(Prophet\) vs \d+\.\d\d% \(seasonal naive\) over \d+ cutoffs x 30 days ahead \(\d+ scored days with sales\)/);
    expect(gate.passed, gate.message!).toBe(true);
    expect(code, stderr).toBe(0);
    const step = run.assets.find((a) => a.key === FORECAST)!;
    const [days] = await queryWarehouse(home, 'SELECT count(*)::INT AS n FROM carttrend_clean.mart_Prevision_Series_Temporelles_CA');
    expect(step).toMatchObject({ decision: 'ran', rows: Number(days!.n) + 30 });
    const [future] = await queryWarehouse(home, `SELECT count(*)::INT AS n FROM ${FORECAST} WHERE y IS NULL`);
    expect(future).toEqual({ n: 30 });
  });
});
