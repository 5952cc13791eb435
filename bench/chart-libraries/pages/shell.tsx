/**
 * What every page of the chart-library bench shares: it mounts one chart
 * component in a React 19 root, with the rows the server inlined in the page,
 * and, once the component has drawn its chart and the next frame is painted,
 * leaves in `window.__benchResult` the time since the script started
 * (`window.__t0`, set just before the bundle's script tag) and the marks drawn.
 *
 * @example
 * mountBench(function Chart({ chart, rows, onDrawn }) { ...; onDrawn({ bars: 20 }); return <div ref={box} />; });
 */
import { version, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import type { BenchResult, ChartName, ChartRows, Marks } from '../data.ts';

export interface ChartProps {
  readonly chart: ChartName;
  readonly rows: ChartRows;
  /** Called once the chart is drawn, with the marks it drew (counted from the library's own scene). */
  readonly onDrawn: (marks: Marks) => void;
  readonly onError: (error: unknown) => void;
}

declare global {
  interface Window {
    __t0: number;
    __benchChart: ChartName;
    __benchRows: ChartRows;
    __benchResult?: BenchResult;
  }
}

/** The size every library draws at. */
export const SIZE = { width: 900, height: 400 } as const;

export function mountBench(Chart: ComponentType<ChartProps>): void {
  const report = (result: BenchResult) => { window.__benchResult ??= result; };
  const onError = (error: unknown) => report({ react: version, error: error instanceof Error ? error.stack ?? error.message : String(error) });
  window.addEventListener('error', (event) => onError(event.error ?? event.message));
  window.addEventListener('unhandledrejection', (event) => onError(event.reason));
  // A task queued from the next animation frame runs once that frame's style, layout and paint are done:
  // an SVG's cost is in them, a canvas's in the library's own drawing before.
  const onDrawn = (marks: Marks) => requestAnimationFrame(() => setTimeout(() => report({ react: version, ms: performance.now() - window.__t0, marks })));
  createRoot(document.getElementById('root')!).render(<Chart chart={window.__benchChart} rows={window.__benchRows} onDrawn={onDrawn} onError={onError} />);
}
