/**
 * `ui_render_ms_1k`: how long the lineage page takes to show 1,000 assets in
 * Chromium, from navigation start to the first frame painted with the laid
 * out graph (the app stamps `data-render-ms` on <html> then). Everything is
 * real: a synthetic project of 1,000 SQL views forming a layered DAG, the
 * `trellis ui` server computing their statuses, Debian's Chromium.
 *
 * One warm-up load (browser caches, server JIT), then the median of three
 * fresh pages. Run alone: `node bin/run-ts.js bench/ui-render.ts`.
 *
 * @example
 * const ms = await measureUiRender();   // e.g. 900
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../core/index.ts';
import { launchChromium } from '../test/support/browser.ts';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');
const GROUPS = 20;

/**
 * Writes a project of `n` SQL views: every tenth is a root, the others ref
 * one or two earlier models (a seeded random choice), in `GROUPS` folders.
 */
export function writeSyntheticSqlProject(dir: string, n: number, seed = 7): void {
  let state = seed;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const name = (i: number) => `m${String(i).padStart(4, '0')}`;
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  for (let g = 0; g < GROUPS; g++) {
    const folder = path.join(dir, 'sql', `layer_${g}`);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'schema.yml'), `config:\n  schema: layer_${g}\n  materialized: view\n  group: group_${g}\n`);
  }
  for (let i = 0; i < n; i++) {
    const deps = i % 10 === 0 ? [] : [...new Set([Math.floor(random() * i), Math.floor(random() * i)])];
    const sql = deps.length === 0 ? `select ${i} as id`
      : deps.map((d) => `select id from {{ ref('${name(d)}') }}`).join('\nunion all\n');
    fs.writeFileSync(path.join(dir, 'sql', `layer_${i % GROUPS}`, `${name(i)}.sql`), `${sql}\n`);
  }
}

/** Median of three loads of `/` with 1,000 assets, in milliseconds since navigation start. */
export async function measureUiRender(n = 1000): Promise<number> {
  execFileSync(process.execPath, [path.join(root, 'bin/build-ui.js'), '--quiet'], { stdio: 'inherit' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-ui-'));
  const env: NodeJS.ProcessEnv = { ...process.env, TRELLIS_HOME: path.join(dir, '.trellis') };
  delete env.TRELLIS_PROJECT;
  writeSyntheticSqlProject(dir, n);
  const server = await startServer({ projectDir: dir, env, port: 0 });
  const browser = await launchChromium({ viewport: { width: 1400, height: 900 } });
  try {
    const load = async (): Promise<number> => {
      const page = await browser.newPage();
      await page.goto(server.url);
      await page.waitForFunction(() => document.documentElement.dataset.renderMs !== undefined, undefined, { timeout: 60_000 });
      const shown = await page.evaluate(() => Number(document.documentElement.dataset.renderNodes));
      if (shown !== n) throw new Error(`the page drew ${shown} assets, expected ${n}`);
      const ms = await page.evaluate(() => Number(document.documentElement.dataset.renderMs));
      await page.close();
      return ms;
    };
    await load();
    const runs = [await load(), await load(), await load()].sort((a, b) => a - b);
    if (browser.errors.length > 0) throw new Error(`the page reported errors:\n${browser.errors.join('\n')}`);
    return runs[1]!;
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ms = await measureUiRender();
  console.log(`ui_render_ms_1k: ${ms.toFixed(0)} ms (navigation start to the graph of 1,000 assets painted, Chromium, median of 3)`);
}
