/**
 * What every page of the chart-library bench shares: it mounts one chart
 * component in a React 19 root, with the rows the server inlined in the page,
 * and, once the component has drawn its chart and the next frame is painted,
 * sets `window.__benchFirst` (the bench measures memory then) and waits for
 * `window.__benchUpdate()`, which hands the component the filtered rows (as
 * a cross-filter would). Then it leaves in `window.__benchResult` the time
 * from the script's start (`window.__t0`, set just before the bundle's
 * script tag) to the first chart, the time of the update, and the marks
 * drawn each time.
 *
 * @example
 * mountBench(function Chart({ chart, rows, onDrawn }) { ...; onDrawn({ bars: 20 }, rows); return <div ref={box} />; });
 */
import { useCallback, useRef, useState, version, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { filteredRows, type BenchResult, type ChartName, type ChartRows, type Marks } from '../data.ts';

export interface ChartProps {
  readonly chart: ChartName;
  readonly rows: ChartRows;
  /** Called once the chart is drawn, with the marks it drew (counted from the library's own scene) and the rows drawn. */
  readonly onDrawn: (marks: Marks, rows: ChartRows) => void;
  readonly onError: (error: unknown) => void;
}

declare global {
  interface Window {
    __t0: number;
    __benchChart: ChartName;
    __benchRows: ChartRows;
    __benchResult?: BenchResult;
    __benchFirst?: { readonly ms: number; readonly marks: Marks };
    __benchUpdate?: () => void;
  }
}

/** The size every library draws at. */
export const SIZE = { width: 900, height: 400 } as const;

type Report = (result: BenchResult) => void;
type First = { ms: number; marks: Marks };

function Bench({ Chart, report, onError }: { Chart: ComponentType<ChartProps>; report: Report; onError: (error: unknown) => void }) {
  const [rows, setRows] = useState<ChartRows>(window.__benchRows);
  const current = useRef(rows);
  const first = useRef<First | null>(null);
  const updateStart = useRef(0);
  // A task queued from the next animation frame runs once that frame's style, layout and paint are done:
  // an SVG's cost is in them, a canvas's in the library's own drawing before.
  const onDrawn = useCallback((marks: Marks, drawn: ChartRows) => { requestAnimationFrame(() => setTimeout(() => {
    // A redraw of rows already reported (a resize, say) is not the one awaited.
    if (drawn !== current.current || (first.current && !updateStart.current)) return;
    const now = performance.now();
    if (!first.current) {
      first.current = window.__benchFirst = { ms: now - window.__t0, marks };
      window.__benchUpdate = () => {
        current.current = filteredRows<unknown>(window.__benchRows) as ChartRows;
        updateStart.current = performance.now();
        setRows(current.current);
      };
    } else {
      report({ react: version, ...first.current, updateMs: now - updateStart.current, updateMarks: marks });
    }
  })); }, [report]);
  return <Chart chart={window.__benchChart} rows={rows} onDrawn={onDrawn} onError={onError} />;
}

export function mountBench(Chart: ComponentType<ChartProps>): void {
  const report: Report = (result) => { window.__benchResult ??= result; };
  const onError = (error: unknown) => report({ react: version, error: error instanceof Error ? error.stack ?? error.message : String(error) });
  window.addEventListener('error', (event) => onError(event.error ?? event.message));
  window.addEventListener('unhandledrejection', (event) => onError(event.reason));
  createRoot(document.getElementById('root')!).render(<Bench Chart={Chart} report={report} onError={onError} />);
}
