/**
 * `dashboard_paint_ms_<id>_s<scale>`: how long each Carttrend dashboard takes
 * in Chromium from navigation start to the first frame painted with every
 * chart drawn (each chart card has its marks, then one animation frame), on
 * the sample data at a given scale, materialized by a real `trellis
 * materialize --all`. One warm-up load per dashboard, then the median of three.
 *
 * @example
 * const ms = await measureDashboards(dataDir); // { 'ventes-chiffres': 420, ... }
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../core/index.ts';
import type { ApiDashboardList } from '../core/server/dashboard-types.ts';
import { launchChromium } from '../test/support/browser.ts';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');

/**
 * The page's clock when every one of its `n` chart cards has its marks (or
 * its error) and one more frame was painted. Given as text: a function would
 * be sent with the `__name` wrappers tsx adds, which the page does not have.
 */
function paintedWhenDrawn(n: number): string {
  return `new Promise((resolve) => {
    const done = () => {
      const cards = [...document.querySelectorAll('[data-chart]')];
      return cards.length === ${n} && cards.every((c) => c.getAttribute('data-marks') !== '' || c.querySelector('.error-box'));
    };
    const tick = () => (done() ? requestAnimationFrame(() => resolve(performance.now())) : setTimeout(tick, 5));
    tick();
  })`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function measureDashboards(data: string): Promise<Record<string, number>> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-dash-'));
  const env = { ...process.env, TRELLIS_HOME: home, CARTTREND_DATA_DIR: data };
  try {
    // Every asset is built; a model blocked by its check leaves its chart empty, as a user sees it.
    const built = spawnSync(process.execPath, [path.join(root, 'bin/trellis.js'), 'materialize', '--all', '--json'], { cwd: root, env, stdio: 'pipe', maxBuffer: 2 ** 26 });
    if (built.status !== 0 && built.status !== 1) throw new Error(`trellis materialize --all exited ${built.status}: ${built.stderr}`);
    execFileSync(process.execPath, [path.join(root, 'bin/build-ui.js'), '--quiet'], { stdio: 'inherit' });
    const server = await startServer({ projectDir: root, env, port: 0 });
    const browser = await launchChromium();
    try {
      const list = await (await fetch(new URL('/api/dashboards', server.url))).json() as ApiDashboardList;
      const out: Record<string, number> = {};
      for (const d of list.dashboards) {
        const times: number[] = [];
        for (let i = 0; i < 4; i++) {
          const page = await browser.newPage();
          await page.goto(new URL(`/dashboards/${d.id}`, server.url).href);
          const ms = await page.evaluate(paintedWhenDrawn(d.charts)) as number;
          await page.close();
          if (i > 0) times.push(ms);
        }
        out[d.id] = Math.round(median(times));
      }
      if (browser.errors.length) throw new Error(`the dashboards logged errors:\n${browser.errors.join('\n')}`);
      return out;
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
