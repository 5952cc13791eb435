/**
 * Vega-Lite compiled in the page to a Vega spec and drawn by a Vega `View`
 * on canvas (vega-embed's default renderer, without vega-embed's menu).
 * Marks are counted from Vega's scenegraph: the items of the data marks.
 */
import { useEffect, useRef } from 'react';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ChartName, ChartRows, Marks } from '../data.ts';
import { mountBench, SIZE, type ChartProps } from './shell.tsx';

const date = { field: 'date', type: 'temporal', title: null } as const;

function spec(chart: ChartName, rows: ChartRows): TopLevelSpec {
  const common = { ...SIZE, autosize: { type: 'fit', contains: 'padding' }, data: { values: rows as object[] } } as const;
  if (chart === 'line') {
    return {
      ...common,
      layer: [
        { mark: { type: 'area', opacity: 0.25 }, encoding: { x: date, y: { field: 'yhat_lower', type: 'quantitative', title: null }, y2: { field: 'yhat_upper' } } },
        { mark: { type: 'line', tooltip: true }, encoding: { x: date, y: { field: 'y', type: 'quantitative' } } },
      ],
    };
  }
  if (chart === 'bar') {
    return { ...common, mark: { type: 'bar', tooltip: true }, encoding: { x: { field: 'categorie', type: 'nominal', sort: null }, y: { field: 'ca', type: 'quantitative' } } };
  }
  return { ...common, mark: { type: 'point', filled: true, size: 8, tooltip: true }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } };
}

interface SceneNode { marktype?: string; role?: string; items?: SceneNode[]; defined?: boolean }

function countMarks(chart: ChartName, root: SceneNode): Marks {
  const counts: Record<string, number> = {};
  const walk = (node: SceneNode) => {
    if (node.marktype && node.role === 'mark') {
      counts[node.marktype] = (counts[node.marktype] ?? 0) + (node.items ?? []).filter((item) => item.defined !== false).length;
    }
    for (const child of node.items ?? []) walk(child);
  };
  walk(root);
  if (chart === 'line') return { line: counts.line ?? 0, band: counts.area ?? 0 };
  return chart === 'bar' ? { bars: counts.rect ?? 0 } : { points: counts.symbol ?? 0 };
}

function Chart({ chart, rows, onDrawn, onError }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const view = new View(parse(compile(spec(chart, rows)).spec), { renderer: 'canvas', container: box.current!, hover: true });
    view.runAsync().then(() => onDrawn(countMarks(chart, (view.scenegraph() as unknown as { root: SceneNode }).root)), onError);
    return () => { view.finalize(); };
  }, [chart, rows, onDrawn, onError]);
  return <div ref={box} />;
}

mountBench(Chart);
