/**
 * ECharts options from a chart's spec and rows, and the number of marks they
 * draw (bars, points, slices, countries, words): pure functions, tested
 * without a browser, so that a page test can compare the marks drawn with
 * the rows its query returns.
 *
 * @example
 * const { option, marks } = chartOption(chart, rows, { width: 600, height: 300 });
 * marks // one per bar, point, slice, country or word
 */
import type { ChartSpec } from '../../../../core/dashboards/spec.ts';
import { formatValue } from './format.ts';
import { layoutWords } from './wordcloud.ts';

export type Row = Readonly<Record<string, unknown>>;
export type Option = Record<string, unknown>;

export interface Built {
  readonly option: Option;
  /** Marks drawn: bars, line points, slices, countries with data, words placed. */
  readonly marks: number;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const label = (v: unknown): string => (v === null || v === undefined ? '(vide)' : String(v));

function tooltip(chart: ChartSpec, trigger: 'axis' | 'item'): Option {
  return { trigger, valueFormatter: (v: unknown) => formatValue(v, chart.format) };
}

function categoryChart(chart: ChartSpec, rows: readonly Row[], type: 'bar' | 'line'): Built {
  const x = chart.encode.x!;
  const ys = chart.encode.y ?? [];
  const grid = { left: 70, right: 20, top: 30, bottom: 60 };
  if (chart.encode.series) {
    const split = chart.encode.series;
    const categories = [...new Set(rows.map((r) => label(r[x])))];
    const names = [...new Set(rows.map((r) => label(r[split])))];
    const series = names.map((name) => ({
      name, type, stack: 'total',
      data: categories.map((c) => num(rows.find((r) => label(r[x]) === c && label(r[split]) === name)?.[ys[0]!])),
    }));
    const marks = series.reduce((n, s) => n + s.data.filter((v) => v !== null).length, 0);
    return { marks, option: { grid, legend: { type: 'scroll', bottom: 0 }, tooltip: tooltip(chart, 'axis'), xAxis: { type: 'category', data: categories }, yAxis: { type: 'value' }, series } };
  }
  const categories = rows.map((r) => label(r[x]));
  const series: Option[] = ys.map((y) => ({ name: y, type, data: rows.map((r) => num(r[y])), showSymbol: type === 'line' && rows.length < 60 }));
  const marks = ys.reduce((n, y) => n + rows.filter((r) => num(r[y]) !== null).length, 0);
  if (chart.encode.band) {
    const [lo, hi] = chart.encode.band;
    series.push({ name: lo, type: 'line', data: rows.map((r) => num(r[lo])), lineStyle: { opacity: 0 }, stack: 'band', symbol: 'none', tooltip: { show: false } });
    series.push({ name: 'intervalle', type: 'line', data: rows.map((r) => (num(r[hi]) === null || num(r[lo]) === null ? null : num(r[hi])! - num(r[lo])!)),
      lineStyle: { opacity: 0 }, areaStyle: { opacity: 0.25 }, stack: 'band', symbol: 'none' });
  }
  return {
    marks,
    option: {
      grid, tooltip: tooltip(chart, 'axis'), legend: ys.length > 1 ? { bottom: 0 } : undefined,
      xAxis: { type: 'category', data: categories, axisLabel: { rotate: categories.length > 8 ? 30 : 0 } }, yAxis: { type: 'value' }, series,
    },
  };
}

function pieChart(chart: ChartSpec, rows: readonly Row[]): Built {
  const x = chart.encode.x!;
  const y = chart.encode.y![0]!;
  const data = rows.map((r) => ({ name: label(r[x]), value: num(r[y]) }));
  return { marks: data.length, option: { tooltip: tooltip(chart, 'item'), legend: { type: 'scroll', bottom: 0 }, series: [{ type: 'pie', radius: ['35%', '65%'], data }] } };
}

function mapChart(chart: ChartSpec, rows: readonly Row[], known: (name: string) => string | undefined): Built {
  const x = chart.encode.x!;
  const y = chart.encode.y![0]!;
  const data = rows.flatMap((r) => {
    const name = known(label(r[x]));
    return name ? [{ name, value: num(r[y]), country: label(r[x]) }] : [];
  });
  const max = Math.max(1, ...data.map((d) => d.value ?? 0));
  return {
    marks: data.length,
    option: {
      tooltip: tooltip(chart, 'item'),
      visualMap: { min: 0, max, left: 10, bottom: 10, calculable: true },
      series: [{ type: 'map', map: 'world', roam: true, data, emphasis: { label: { show: false } } }],
    },
  };
}

function wordCloud(chart: ChartSpec, rows: readonly Row[], size: { width: number; height: number }): Built {
  const x = chart.encode.x!;
  const y = chart.encode.y![0]!;
  const placed = layoutWords(rows.map((r) => ({ text: label(r[x]), weight: num(r[y]) ?? 0 })), size.width, size.height);
  const data = placed.map((w) => ({ name: w.text, value: [w.x, size.height - w.y, w.weight], label: { fontSize: w.size } }));
  return {
    marks: placed.length,
    option: {
      grid: { left: 0, right: 0, top: 0, bottom: 0 },
      xAxis: { type: 'value', min: 0, max: size.width, show: false }, yAxis: { type: 'value', min: 0, max: size.height, show: false },
      tooltip: { trigger: 'item', formatter: (p: { name: string; value: number[] }) => `${p.name}: ${formatValue(p.value[2])}` },
      series: [{ type: 'scatter', symbolSize: 1, data, label: { show: true, formatter: '{b}', position: 'inside', color: '#23527c' } }],
    },
  };
}

/** The option of an ECharts chart (`kpi` and `table` are drawn as HTML and have none). */
export function chartOption(chart: ChartSpec, rows: readonly Row[], size: { width: number; height: number },
  mapName: (country: string) => string | undefined = (c) => c): Built {
  switch (chart.type) {
    case 'bar': return categoryChart(chart, rows, 'bar');
    case 'line': return categoryChart(chart, rows, 'line');
    case 'pie': return pieChart(chart, rows);
    case 'map': return mapChart(chart, rows, mapName);
    case 'wordcloud': return wordCloud(chart, rows, size);
    case 'scatter': {
      const [a, b] = [chart.encode.x!, chart.encode.y![0]!];
      const data = rows.map((r) => [num(r[a]), num(r[b])]);
      return { marks: data.length, option: { tooltip: tooltip(chart, 'item'), xAxis: { type: 'value' }, yAxis: { type: 'value' }, series: [{ type: 'scatter', data }] } };
    }
    default: return { marks: rows.length, option: {} };
  }
}
