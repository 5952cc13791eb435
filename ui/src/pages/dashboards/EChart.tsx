/**
 * One ECharts instance in a div: created on mount, given each new option,
 * resized with its box, disposed on unmount. Clicks call `onPick` with the
 * clicked item's name (a bar's category, a slice, a country). The instance is
 * also kept in `window.__trellisCharts[id]`, so browser tests can read the
 * marks and tooltips without pixels.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, MapChart, PieChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Option } from '../../lib/dashboard/options.ts';

echarts.use([BarChart, LineChart, MapChart, PieChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

declare global {
  interface Window { __trellisCharts?: Record<string, echarts.ECharts> }
}

export function EChart({ id, option, onPick }: { readonly id: string; readonly option: Option; readonly onPick?: (name: string) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const instance = echarts.init(box.current!);
    chart.current = instance;
    (window.__trellisCharts ??= {})[id] = instance;
    instance.on('click', (params) => { if (params.name) pick.current?.(String((params.data as { country?: string })?.country ?? params.name)); });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box.current!);
    return () => {
      observer.disconnect();
      instance.dispose();
      if (window.__trellisCharts?.[id] === instance) delete window.__trellisCharts[id];
    };
  }, [id]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} className="echart" />;
}
