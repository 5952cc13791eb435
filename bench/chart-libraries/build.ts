/**
 * Bundles each page of the chart-library bench with esbuild: React 19 in
 * its production build, the library, the shell, minified into one classic
 * script per library, and measures each (bytes minified, and gzipped at
 * level 9). Nothing here enters the UI's bundle: the pages live under bench/.
 *
 * @example
 * const bundles = await buildPages(); // { echarts: { code, bytes, gzipBytes }, ... }
 */
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CHARTS, type ChartName } from './data.ts';

const pages = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pages');

/**
 * The pages compared, by file, with the charts each draws: `react-only` is the baseline without a
 * chart (its time is React's alone), `echarts-large` the scatter in ECharts' `large` mode.
 */
export const LIBRARIES = {
  'react-only': { name: 'React 19 alone', charts: ['line'] },
  echarts: { name: 'Apache ECharts 6.1.0 (canvas)', charts: CHARTS },
  'echarts-large': { name: 'Apache ECharts 6.1.0, scatter with large: true', charts: ['scatter'] },
  'vega-lite': { name: 'Vega-Lite 6.5.0 + Vega 6.4.0 (canvas)', charts: CHARTS },
  plot: { name: 'Observable Plot 0.6.17 (SVG)', charts: CHARTS },
} as const satisfies Record<string, { name: string; charts: readonly ChartName[] }>;
export type Library = keyof typeof LIBRARIES;

export interface Bundle {
  readonly code: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export async function buildPages(): Promise<Record<Library, Bundle>> {
  const names = Object.keys(LIBRARIES) as Library[];
  const result = await build({
    entryPoints: Object.fromEntries(names.map((name) => [name, path.join(pages, `${name}.tsx`)])),
    outdir: '/', write: false, bundle: true, minify: true, format: 'iife', target: 'es2022', jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' }, legalComments: 'none', logLevel: 'silent',
  });
  const out = {} as Record<Library, Bundle>;
  for (const file of result.outputFiles) {
    const name = path.basename(file.path, '.js') as Library;
    out[name] = { code: file.text, bytes: file.contents.length, gzipBytes: gzipSync(file.contents, { level: 9 }).length };
  }
  return out;
}
