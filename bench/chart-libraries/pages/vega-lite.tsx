/**
 * Vega-Lite compiled in the page to a Vega spec and drawn by a Vega `View`
 * on canvas (vega-embed's default renderer, without vega-embed's menu), its
 * rows in a named dataset so that a filter is a changeset, not a new view.
 * Marks are counted from Vega's scenegraph: the items of the data marks.
 */
import { useEffect, useRef } from 'react';
import { changeset, parse, truthy, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ChartName, Marks } from '../data.ts';
import { mountBench, SIZE, type ChartProps } from './shell.tsx';

const date = { field: 'date', type: 'temporal', title: null } as const;

function spec(chart: ChartName): TopLevelSpec {
  const common = { ...SIZE, autosize: { type: 'fit', contains: 'padding' }, data: { name: 'rows' } } as const;
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
  const view = useRef<View | null>(null);
  useEffect(() => {
    const created = new View(parse(compile(spec(chart)).spec), { renderer: 'canvas', container: box.current!, hover: true });
    view.current = created;
    return () => { created.finalize(); };
  }, [chart]);
  // New rows go in through a changeset, Vega's own update path: the view keeps its dataflow.
  useEffect(() => {
    const current = view.current!;
    current.change('rows', changeset().remove(truthy).insert(rows as object[]));
    current.runAsync().then(() => onDrawn(countMarks(chart, (current.scenegraph() as unknown as { root: SceneNode }).root), rows), onError);
  }, [chart, rows, onDrawn, onError]);
  return <div ref={box} />;
}

mountBench(Chart);
