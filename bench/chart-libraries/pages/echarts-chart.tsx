/**
 * Apache ECharts as the dashboards ship it: the UI's own `EChart` component
 * and `chartOption` builder, with animation off so that "drawn" means the
 * whole chart. Marks are counted from ECharts' scene: the line's and the
 * band's polyline vertices, the bars and points with a graphic element, or
 * in `large` mode the points of the one path that draws them all.
 *
 * @example
 * mountBench(echartsChart({ large: true })); // a page whose scatter uses ECharts' large mode
 */
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { ChartSpec } from '../../../core/dashboards/spec.ts';
import { EChart } from '../../../ui/src/pages/dashboards/EChart.tsx';
import { chartOption, type Option, type Row } from '../../../ui/src/lib/dashboard/options.ts';
import type { ChartName, Marks } from '../data.ts';
import { SIZE, type ChartProps } from './shell.tsx';

const query = { from: 'bench' } as ChartSpec['query'];
const SPECS: Record<ChartName, ChartSpec> = {
  line: { id: 'line', title: 'CA', type: 'line', format: 'eur', query, encode: { x: 'date', y: ['y'], band: ['yhat_lower', 'yhat_upper'] } },
  bar: { id: 'bar', title: 'CA par catégorie', type: 'bar', format: 'eur', query, encode: { x: 'categorie', y: ['ca'] } },
  scatter: { id: 'scatter', title: 'Nuage', type: 'scatter', query, encode: { x: 'x', y: ['y'] } },
};

/** The parts of ECharts' internal model the count reads (not in its public types). */
interface SeriesData { count(): number; getItemGraphicEl(i: number): unknown; getItemLayout(i: number): unknown }
interface Model { getSeries(): Array<{ getData(): SeriesData; get(key: string): unknown }> }
interface Displayable { type: string; shape?: { points?: ArrayLike<number> } }
type Instance = NonNullable<Window['__trellisCharts']>[string];

function drawnItems(data: SeriesData): number {
  let n = 0;
  for (let i = 0; i < data.count(); i++) if (data.getItemGraphicEl(i)) n++;
  return n;
}

/** Vertices with a position of the displayables that pass `keep` (a day without `y` is a NaN vertex, where the line breaks). */
function vertices(instance: Instance, keep: (shape: Displayable) => boolean): number[] {
  const shapes = (instance.getZr() as unknown as { storage: { getDisplayList(update: boolean): Displayable[] } }).storage.getDisplayList(true);
  return shapes.filter((s) => s.shape?.points && keep(s)).map((s) => {
    const points = s.shape!.points!;
    let n = 0;
    for (let i = 0; i + 1 < points.length; i += 2) if (Number.isFinite(points[i]) && Number.isFinite(points[i + 1])) n++;
    return n;
  });
}

function countMarks(chart: ChartName, instance: Instance, large: boolean): Marks {
  const series = (instance as unknown as { getModel(): Model }).getModel().getSeries();
  if (chart === 'bar') return { bars: drawnItems(series[0]!.getData()) };
  if (chart === 'scatter') {
    // Large mode draws every point in one path of its own type, without an element per point.
    const points = large ? vertices(instance, (s) => s.type !== 'ec-polyline' && s.type !== 'ec-polygon').reduce((a, b) => a + b, 0) : drawnItems(series[0]!.getData());
    return { points };
  }
  // The polylines are y's line, then the band's (invisible) edges; the polygon is the band's area (an area
  // stacked on the lower bound), its points along the top edge.
  return { line: vertices(instance, (s) => s.type === 'ec-polyline')[0] ?? 0, band: vertices(instance, (s) => s.type === 'ec-polygon')[0] ?? 0 };
}

/** The chart component of an ECharts page; `large` sets the scatter's `large: true`, ECharts' mode for big point clouds. */
export function echartsChart({ large = false } = {}) {
  return function Chart({ chart, rows, onDrawn, onError }: ChartProps) {
    const option = useMemo(() => {
      const { option: built } = chartOption(SPECS[chart], rows satisfies readonly Row[], SIZE);
      const series = large ? (built.series as Option[]).map((s) => ({ ...s, large: true })) : built.series;
      return { ...built, series, animation: false };
    }, [chart, rows]);
    // ECharts draws in setOption (a progressive series goes on over frames) and says 'finished' when done,
    // so the listener must be on before EChart's effects set the option: it is added as EChart registers
    // its instance. The rows are the ones committed (layout effects run before EChart's passive effects).
    const drawing = useRef(rows);
    useLayoutEffect(() => { drawing.current = rows; }, [rows]);
    useLayoutEffect(() => {
      const onFinished = (instance: Instance) => () => {
        try { onDrawn(countMarks(chart, instance, large), drawing.current); } catch (error) { onError(error); }
      };
      window.__trellisCharts = new Proxy<Record<string, Instance>>({}, {
        set: (charts, id: string, instance: Instance) => {
          charts[id] = instance;
          instance.on('finished', onFinished(instance));
          return true;
        },
      });
    }, [chart, onDrawn, onError]);
    return <EChart id={chart} option={option} />;
  };
}
