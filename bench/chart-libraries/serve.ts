/**
 * A loopback HTTP server for the chart-library bench: `/<library>/<chart>`
 * is a page with that chart's rows inlined (parsed before the clock starts)
 * and the library's bundle at `/<library>.js`, both cross-origin isolated.
 * Any other path is a 404.
 *
 * @example
 * const server = await servePages(bundles);
 * await page.goto(`${server.url}/echarts/line?run=1`);
 * await server.close();
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle, Library } from './build.ts';
import { CHARTS, chartData, type ChartName } from './data.ts';

export interface PageServer {
  readonly url: string;
  close(): Promise<void>;
}

function page(library: string, chart: ChartName, run: string): string {
  // No `<` in the inlined JSON, so that no row can close the script element.
  const rows = JSON.stringify(chartData(chart)).replaceAll('<', '\\u003c');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${library} ${chart}</title>
<style>body { margin: 0; font: 12px sans-serif } .echart { width: 900px; height: 400px }</style></head>
<body><div id="root"></div>
<script>window.__benchChart = ${JSON.stringify(chart)}; window.__benchRows = ${rows};</script>
<script>window.__t0 = performance.now();</script>
<script src="/${library}.js?run=${encodeURIComponent(run)}"></script>
</body></html>`;
}

/** Cross-origin isolated, so that the page may call `performance.measureUserAgentSpecificMemory()`. */
const HEADERS = { 'cache-control': 'no-store', 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

export async function servePages(bundles: Readonly<Record<Library, Bundle>>): Promise<PageServer> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, library, chart] = url.pathname.split('/');
    const script = url.pathname.endsWith('.js') ? bundles[url.pathname.slice(1, -3) as Library] : undefined;
    if (script) {
      res.writeHead(200, { ...HEADERS, 'content-type': 'text/javascript; charset=utf-8' }).end(script.code);
    } else if (library && library in bundles && CHARTS.includes(chart as ChartName)) {
      res.writeHead(200, { ...HEADERS, 'content-type': 'text/html; charset=utf-8' }).end(page(library, chart as ChartName, url.searchParams.get('run') ?? ''));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
