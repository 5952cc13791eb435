/**
 * `BENCH_ONLY=charts`: Apache ECharts, Vega-Lite and Observable Plot drawing
 * the same three charts from the same rows (bench/chart-libraries/data.ts) in
 * headless Chromium, each in a React 19 page bundled by esbuild. Per library:
 * the bundle (minified, gzipped); per chart, the median of 5 cold pages (no
 * HTTP cache, a new script URL each time) of the time from the bundle's
 * script start to the chart's frame painted, of the update to half the rows
 * (as a cross-filter: in place where the library can), the JS heap after a
 * garbage collection, the page's memory (JS and DOM) and its DOM nodes.
 * Every request off the loopback server is blocked and counted, as if
 * offline. Throws when a library draws other marks than the rows imply.
 *
 * @example
 * const { bundles, charts } = await measureChartLibraries();
 * charts.plot.scatter.ms       // 306: script start to 10,000 dots painted
 * charts.plot.scatter.updateMs // 92: to 5,000 after the filter
 */
import { launchChromium, type TestBrowser } from '../test/support/browser.ts';
import { buildPages, LIBRARIES, type Bundle, type Library } from './chart-libraries/build.ts';
import { expectedMarks, type BenchResult, type ChartName, type Marks } from './chart-libraries/data.ts';
import { servePages } from './chart-libraries/serve.ts';

export interface ChartFigures {
  /** Median of the runs, from script start to the frame with the chart painted. */
  readonly ms: number;
  /** Median of the runs, from handing the chart the filtered rows to their frame painted. */
  readonly updateMs: number;
  /** Median JS heap used with the chart on screen, after a garbage collection. */
  readonly heapBytes: number;
  /** Median of `performance.measureUserAgentSpecificMemory()` at that point: JS, DOM and shared (not canvas bitmaps). */
  readonly memoryBytes: number;
  readonly domNodes: number;
  readonly marks: Marks;
  /** React's version as the page saw it. */
  readonly react: string;
  /** Requests off the loopback server (all blocked). */
  readonly blockedRequests: number;
}

export interface ChartLibraryFigures {
  readonly bundles: Record<Library, Omit<Bundle, 'code'>>;
  readonly charts: Record<Library, Partial<Record<ChartName, ChartFigures>>>;
}

const RUNS = 5;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Run { readonly result: BenchResult; readonly heapBytes: number; readonly memoryBytes: number; readonly domNodes: number; readonly blocked: string[] }

async function loadOnce(browser: TestBrowser, url: string): Promise<Run> {
  const page = await browser.newPage();
  const blocked: string[] = [];
  const origin = new URL(url).origin;
  // Routing also turns off Chromium's HTTP cache for the page: every load is cold.
  await page.route('**/*', (route) => {
    if (new URL(route.request().url()).origin === origin) return route.continue();
    blocked.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  try {
    await page.goto(url);
    // Strings, not functions: tsx wraps functions with a `__name` the page does not have.
    await page.waitForFunction('window.__benchFirst !== undefined || window.__benchResult !== undefined', null, { timeout: 120_000 });
    const cdp = await page.context().newCDPSession(page);
    // The measurement resolves at the next garbage collection: force one.
    await page.evaluate('window.__memory = performance.measureUserAgentSpecificMemory(); undefined');
    await cdp.send('HeapProfiler.collectGarbage');
    const memoryBytes = await page.evaluate('window.__memory.then((m) => m.bytes)') as number;
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
    // Memory is measured with all the rows drawn; then the cross-filter.
    await page.evaluate('window.__benchUpdate?.()');
    await page.waitForFunction('window.__benchResult !== undefined', null, { timeout: 120_000 });
    const result = await page.evaluate('window.__benchResult') as BenchResult;
    return { result, heapBytes: metric('JSHeapUsedSize'), memoryBytes, domNodes: metric('Nodes'), blocked };
  } finally {
    await page.close();
  }
}

function checkMarks(library: Library, chart: ChartName, marks: Marks | undefined, filtered: boolean): void {
  const expected = library === 'react-only' ? {} : expectedMarks(chart, filtered);
  const wrong = Object.entries(expected).filter(([kind, n]) => marks?.[kind] !== n);
  if (wrong.length) {
    throw new Error(`${LIBRARIES[library].name} drew the wrong marks for the ${chart} chart${filtered ? ' once filtered' : ''}: ` +
      wrong.map(([kind, n]) => `${marks?.[kind] ?? 'no'} ${kind} where the rows imply ${n}`).join(', ') +
      `\n    fix: bench/chart-libraries/pages/${library}.tsx (its spec or its mark count)`);
  }
}

async function measureChart(browser: TestBrowser, base: string, library: Library, chart: ChartName): Promise<ChartFigures> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await loadOnce(browser, `${base}/${library}/${chart}?run=${i}-${Date.now()}`);
    if (run.result.error) throw new Error(`${LIBRARIES[library].name} failed on the ${chart} chart: ${run.result.error}`);
    checkMarks(library, chart, run.result.marks, false);
    checkMarks(library, chart, run.result.updateMarks, true);
    runs.push(run);
  }
  return {
    ms: median(runs.map((r) => r.result.ms!)), updateMs: median(runs.map((r) => r.result.updateMs!)), heapBytes: median(runs.map((r) => r.heapBytes)),
    memoryBytes: median(runs.map((r) => r.memoryBytes)), domNodes: median(runs.map((r) => r.domNodes)),
    marks: runs[0]!.result.marks!, react: runs[0]!.result.react, blockedRequests: runs.reduce((n, r) => n + r.blocked.length, 0),
  };
}

export async function measureChartLibraries(): Promise<ChartLibraryFigures> {
  const built = await buildPages();
  const server = await servePages(built);
  const browser = await launchChromium();
  try {
    const charts = {} as ChartLibraryFigures['charts'];
    for (const library of Object.keys(LIBRARIES) as Library[]) {
      charts[library] = {};
      for (const chart of LIBRARIES[library].charts) {
        charts[library][chart] = await measureChart(browser, server.url, library, chart);
      }
    }
    if (browser.errors.length) throw new Error(`the chart-library pages logged errors:\n${browser.errors.join('\n')}`);
    const bundles = Object.fromEntries(Object.entries(built).map(([name, { bytes, gzipBytes }]) => [name, { bytes, gzipBytes }])) as ChartLibraryFigures['bundles'];
    return { bundles, charts };
  } finally {
    await browser.close();
    await server.close();
  }
}
