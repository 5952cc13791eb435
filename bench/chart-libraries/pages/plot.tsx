/**
 * Observable Plot: one SVG per chart, appended to the component's div.
 * Marks are counted in that SVG: the vertices of the line's and the band's
 * paths, the bars' rects and the dots' circles.
 */
import { useEffect, useRef } from 'react';
import * as Plot from '@observablehq/plot';
import type { ChartName, ChartRows, DayRow, Marks } from '../data.ts';
import { mountBench, SIZE, type ChartProps } from './shell.tsx';

const day = (d: DayRow) => new Date(d.date);

function plot(chart: ChartName, rows: ChartRows): SVGSVGElement | HTMLElement {
  if (chart === 'line') {
    return Plot.plot({ ...SIZE, marks: [
      Plot.areaY(rows, { x: day, y1: 'yhat_lower', y2: 'yhat_upper', fillOpacity: 0.25 }),
      Plot.lineY(rows, { x: day, y: 'y', tip: true }),
    ] });
  }
  if (chart === 'bar') return Plot.plot({ ...SIZE, x: { domain: rows.map((r) => (r as { categorie: string }).categorie) }, marks: [Plot.barY(rows, { x: 'categorie', y: 'ca', tip: true })] });
  return Plot.plot({ ...SIZE, marks: [Plot.dot(rows, { x: 'x', y: 'y', r: 1.5, fill: 'currentColor', tip: true })] });
}

/** Vertices of the paths of a mark's group: one per M or L command. */
function vertices(svg: Element, mark: string): number {
  return [...svg.querySelectorAll(`g[aria-label="${mark}"] path`)].reduce((n, p) => n + (p.getAttribute('d')?.match(/[ML]/g)?.length ?? 0), 0);
}

function countMarks(chart: ChartName, svg: Element): Marks {
  if (chart === 'line') return { line: vertices(svg, 'line'), band: vertices(svg, 'area') / 2 };
  if (chart === 'bar') return { bars: svg.querySelectorAll('g[aria-label="bar"] rect').length };
  return { points: svg.querySelectorAll('g[aria-label="dot"] circle').length };
}

function Chart({ chart, rows, onDrawn, onError }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    try {
      const svg = plot(chart, rows);
      box.current!.append(svg);
      onDrawn(countMarks(chart, svg), rows);
      return () => svg.remove();
    } catch (error) {
      onError(error);
    }
  }, [chart, rows, onDrawn, onError]);
  return <div ref={box} />;
}

mountBench(Chart);
