/**
 * The UI's pure code (ui/src/lib), without React or a DOM: formatting,
 * the selection caret, routes, status colours, plot paths, the Gantt scale,
 * and what the asset page draws for model outputs.
 */
import { describe, expect, it } from 'vitest';
import { selectionErrorView } from '../ui/src/lib/caret.ts';
import { formatAgo, formatCell, formatDateTime, formatDuration, formatNumber, shortVersion } from '../ui/src/lib/format.ts';
import { ganttScale, timeTicks } from '../ui/src/lib/gantt.ts';
import { historySeries } from '../ui/src/lib/history.ts';
import { forecastSeries, isForecast, metricRows } from '../ui/src/lib/model-output.ts';
import { bandPath, extent, linearScale, linePath, niceStep, niceTicks } from '../ui/src/lib/plot.ts';
import { assetPath, matchRoute, runPath, withQuery } from '../ui/src/lib/routes.ts';
import { displayStatus, statusSwatch } from '../ui/src/lib/status.ts';

describe('format', () => {
  it('writes durations at the precision a person reads', () => {
    expect([0, 850.4, 1534, 9_949, 42_000, 185_000, 7_620_000].map(formatDuration))
      .toEqual(['0 ms', '850 ms', '1.5 s', '9.9 s', '42 s', '3 min 05 s', '2 h 07 min']);
    expect([null, undefined, Number.NaN].map(formatDuration)).toEqual(['—', '—', '—']);
    // Rounded once: never '1 min 60 s'.
    expect(formatDuration(119_600)).toBe('2 min 00 s');
  });

  it('writes dates as YYYY-MM-DD HH:MM:SS and says how long ago', () => {
    expect(formatDateTime('2024-05-01T03:04:05.678Z', { utc: true })).toBe('2024-05-01 03:04:05');
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('not a date');
    const now = Date.parse('2024-05-01T12:00:00Z');
    expect(['2024-05-01T11:59:58Z', '2024-05-01T11:59:18Z', '2024-05-01T11:56:50Z', '2024-05-01T07:00:00Z', '2024-04-28T12:00:00Z']
      .map((t) => formatAgo(t, now))).toEqual(['just now', '42 s ago', '3 min ago', '5 h ago', '3 d ago']);
  });

  it('writes numbers with separators, cells as the warehouse gave them, versions short', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(0.123456)).toBe('0.123');
    expect(formatNumber(null)).toBe('—');
    expect([null, 12, 'x', true, { a: 1 }, [1, 2]].map(formatCell)).toEqual(['null', '12', 'x', 'true', '{"a":1}', '[1,2]']);
    expect(shortVersion('3f2a9c0e81b4d5e6')).toBe('3f2a9c0e');
  });
});

describe('selectionErrorView', () => {
  it('puts a caret under the position and drops the server caret lines', () => {
    const view = selectionErrorView('group:mrts or x', { error: "unknown group 'mrts'\n  group:mrts or x\n        ^", position: 6 });
    expect(view).toEqual({ message: "unknown group 'mrts'", expression: 'group:mrts or x', caret: '      ^' });
  });

  it('clamps a position past the end, and shows no caret without a position', () => {
    expect(selectionErrorView('+x', { error: 'expected a key', position: 9 }).caret).toBe('  ^');
    expect(selectionErrorView('x', { error: 'nothing matched' })).toEqual({ message: 'nothing matched', expression: 'x', caret: null });
  });
});

describe('routes', () => {
  it('parses every page and builds its links back', () => {
    expect(matchRoute('/')).toEqual({ page: 'lineage' });
    expect(matchRoute('/runs/')).toEqual({ page: 'runs' });
    expect(matchRoute('/runs/12')).toEqual({ page: 'run', id: 12 });
    expect(matchRoute(assetPath('carttrend_clean.Clients'))).toEqual({ page: 'asset', key: 'carttrend_clean.Clients' });
    expect(matchRoute(assetPath('odd key/with slash'))).toEqual({ page: 'asset', key: 'odd key/with slash' });
    expect(matchRoute('/runs/abc')).toEqual({ page: 'not-found', path: '/runs/abc' });
    expect(matchRoute('/assets/%E0%A4%A')).toEqual({ page: 'not-found', path: '/assets/%E0%A4%A' });
    expect(runPath(7)).toBe('/runs/7');
    expect(withQuery('/', { select: '+key:a.b', mode: null })).toBe('/?select=%2Bkey%3Aa.b');
    expect(withQuery('/runs', { status: '', asset: undefined })).toBe('/runs');
  });
});

describe('status', () => {
  it('shows running over the staleness status, and has a colour for every status', () => {
    expect(displayStatus({ status: 'stale', running: true })).toBe('running');
    expect(displayStatus({ status: 'failed', running: false })).toBe('failed');
    const colours = ['fresh', 'stale', 'missing', 'failed', 'running'].map((s) => statusSwatch(s).color);
    expect(new Set(colours).size).toBe(5);
    expect(statusSwatch('from-a-newer-server')).toEqual(statusSwatch('missing'));
  });
});

describe('plot', () => {
  it('scales linearly, and maps a flat domain to the middle', () => {
    expect(linearScale([0, 10], [0, 100])(2.5)).toBe(25);
    expect(linearScale([0, 10], [100, 0])(10)).toBe(0);
    expect(linearScale([5, 5], [0, 100])(5)).toBe(50);
    expect(extent([3, null, 1, Number.NaN, 7])).toEqual([1, 7]);
    expect(extent([null])).toBeNull();
  });

  it('picks round ticks', () => {
    expect(niceStep(0.3)).toBe(0.5);
    expect(niceStep(19.4)).toBe(20);
    expect(niceTicks(0, 97, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.1, 0.35, 5)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    expect(niceTicks(4, 4)).toEqual([4]);
  });

  it('draws lines that lift the pen over missing values, and closed bands', () => {
    const x = (v: number) => v * 10;
    const y = (v: number) => 10 - v;
    expect(linePath([{ x: 0, y: 1 }, { x: 1, y: 2 }, { x: 2, y: null }, { x: 3, y: 3 }, { x: 4, y: 4 }], x, y)).toBe('M0,9L10,8M30,7L40,6');
    expect(linePath([], x, y)).toBe('');
    expect(bandPath([{ x: 0, low: 1, high: 2 }, { x: 1, low: 1, high: 3 }], (v) => v, (v) => -v)).toBe('M0,-2L1,-3L1,-1L0,-1Z');
  });
});

describe('ganttScale', () => {
  const run = '2024-05-01T12:00:00.000Z';
  const at = (s: number) => new Date(Date.parse(run) + s * 1000).toISOString();

  it('places each step on the run time axis and leaves unstarted steps without a bar', () => {
    const g = ganttScale([
      { key: 'a', status: 'success', startedAt: at(0), endedAt: at(2) },
      { key: 'b', status: 'success', startedAt: at(2), endedAt: at(10) },
      { key: 'c', status: 'skipped', startedAt: null, endedAt: null },
    ], run, at(10), Date.now());
    expect(g.totalMs).toBe(10_000);
    expect(g.bars.map((b) => [b.key, b.left, b.width])).toEqual([['a', 0, 0.2], ['b', 0.2, 0.8], ['c', null, null]]);
    expect(g.ticks.map((t) => t.ms)).toEqual([0, 2000, 4000, 6000, 8000, 10_000]);
  });

  it('runs a running step up to now, and keeps a zero-length step visible', () => {
    const now = Date.parse(at(4));
    const g = ganttScale([
      { key: 'a', status: 'success', startedAt: at(1), endedAt: at(1) },
      { key: 'b', status: 'running', startedAt: at(2), endedAt: null },
    ], run, null, now);
    expect(g.totalMs).toBe(4000);
    expect(g.bars[0]!.width).toBeGreaterThan(0);
    expect(g.bars[1]).toMatchObject({ left: 0.5, width: 0.5, durationMs: 2000 });
  });

  it('ticks a short run in round steps', () => {
    expect(timeTicks(1000).map((t) => t.ms)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(timeTicks(1000).at(-1)!.at).toBe(1);
  });
});

describe('asset page data', () => {
  it('turns history into series, oldest first', () => {
    const s = historySeries([
      { createdAt: '2024-05-02T00:00:00Z', rows: 20, durationMs: 5 },
      { createdAt: '2024-05-01T00:00:00Z', rows: null, durationMs: 7 },
    ]);
    expect(s.rows).toEqual([{ x: Date.parse('2024-05-01T00:00:00Z'), y: null }, { x: Date.parse('2024-05-02T00:00:00Z'), y: 20 }]);
    expect(s.durationMs.map((p) => p.y)).toEqual([7, 5]);
  });

  it('recognises a forecast by its columns, not by its name', () => {
    expect(isForecast(['yhat_upper', 'date', 'y', 'yhat', 'yhat_lower', 'extra'])).toBe(true);
    expect(isForecast(['date', 'y', 'yhat'])).toBe(false);
  });

  it('reads the forecast columns by name, sorted by date, with history null in the future', () => {
    const f = forecastSeries({
      columns: ['yhat_upper', 'date', 'y', 'yhat', 'yhat_lower'].map((name) => ({ name, type: 'DOUBLE' })),
      rows: [[12, '2024-01-02', null, 10, 8], [11, '2024-01-01', '9.5', 9, 7], [1, null, 1, 1, 1]],
    });
    expect(f).toEqual({ points: [
      { t: Date.parse('2024-01-01'), y: 9.5, yhat: 9, low: 7, high: 11 },
      { t: Date.parse('2024-01-02'), y: null, yhat: 10, low: 8, high: 12 },
    ] });
    expect(forecastSeries({ columns: [{ name: 'date', type: 'DATE' }], rows: [] }))
      .toEqual({ problem: 'the table has no column y, yhat, yhat_lower, yhat_upper; expected date, y, yhat, yhat_lower, yhat_upper' });
  });

  it('flattens model metrics, sorted by name', () => {
    expect(metricRows({ rmse: 1.5, params: { depth: 4, eta: 0.3 }, features: ['a', 'b'], ok: true, none: null }))
      .toEqual([['features', 'a, b'], ['ok', true], ['params.depth', 4], ['params.eta', 0.3], ['rmse', 1.5]]);
  });
});
