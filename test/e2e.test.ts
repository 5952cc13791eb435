/**
 * The web UI in a real browser (Debian's Chromium through playwright-core)
 * against the real server on loopback, over the real Carttrend project at
 * scale 0.1. Everything is materialized first except the models and one mart,
 * `mart_Engagement_Campagnes`, which the test materializes from the UI and
 * watches turn from missing to fresh without reloading the page; the
 * forecast is materialized last, for its chart.
 *
 * Screenshots of each page go to test-results/ (git-ignored). Any page error
 * or console error fails the test, except the HTTP errors a step provokes.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../assets/carttrend/demo-data/index.ts';
import { startServer, type TrellisServer } from '../core/index.ts';
import type { ApiGraph } from '../core/server/api-types.ts';
import { launchChromium, type TestBrowser } from './support/browser.ts';
import { cleanupTemp, cli, projectEnv, REPO, spawnCli, tempDir, tempHome } from './support/project.ts';

const MART = 'carttrend_clean.mart_Engagement_Campagnes';
const SHOTS = path.join(REPO, 'test-results');
/** Waits for a value from the page; the server answers within seconds (a preview opens DuckDB). */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });
const node = (key: string) => `.asset-node[data-key="${key}"]`;

let env: NodeJS.ProcessEnv;
let server: TrellisServer;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  execFileSync(process.execPath, [path.join(REPO, 'bin/build-ui.js'), '--quiet'], { stdio: 'inherit' });
  const data = path.join(tempDir('trellis-e2e-data-'), 'raw');
  fs.mkdirSync(data, { recursive: true });
  await generateDemoData({ outDir: data, scale: 0.1, seed: 42 });
  env = projectEnv({ TRELLIS_HOME: tempHome(), CARTTREND_DATA_DIR: data });
  const first = await cli(['materialize', '--select', `not (group:models or key:${MART})`], { projectDir: REPO, env });
  expect(first.code, first.stderr).toBe(0);
  server = await startServer({ projectDir: REPO, env, port: 0 });
  page = await browser.newPage();
  fs.mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  cleanupTemp();
});

async function api<T>(url: string): Promise<T> {
  return (await fetch(new URL(url, server.url))).json() as Promise<T>;
}

/** Fails on the page errors since the last call, except HTTP answers with an `allowed` status. */
function expectNoPageErrors(...allowed: number[]): void {
  const expected = (e: string) => allowed.some((s) => e.includes(`Failed to load resource: the server responded with a status of ${s}`));
  expect(browser.errors.splice(0).filter((e) => !expected(e))).toEqual([]);
}

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `e2e-${name}.png`), fullPage: name !== 'lineage' });

describe('the web UI in Chromium', () => {
  it('draws the whole lineage graph with each asset status by colour and label', async () => {
    const graph = await api<ApiGraph>('/api/assets');
    await page.goto(server.url);
    await page.waitForSelector('.asset-node');
    await poll(() => page.locator('.asset-node').count()).toBe(graph.assets.length);
    const clients = page.locator(node('carttrend_clean.Clients'));
    await poll(() => clients.getAttribute('data-status')).toBe('fresh');
    expect(await clients.innerText()).toMatch(/carttrend_clean\s+Clients\s+sql\s+staging\s+fresh/i);
    expect(await page.locator(node(MART)).getAttribute('data-status')).toBe('missing');
    expect(await page.locator(node('carttrend_transform.ml_predictions_ca')).innerText()).toContain('missing');
    // Sources on the left, the marts further right.
    const x = async (key: string) => (await page.locator(node(key)).boundingBox())!.x;
    expect(await x('google_drive.carttrend_posts_posts')).toBeLessThan(await x('carttrend_clean.Canaux'));
    expect(await x('carttrend_clean.Canaux')).toBeLessThan(await x(MART));
    expect(Number(await page.evaluate(() => document.documentElement.dataset.renderMs))).toBeGreaterThan(0);

    await page.hover(node(MART));
    await poll(() => page.getByTestId('hover-card').innerText()).toContain('never materialized');
    await shot('lineage');
    expectNoPageErrors();
  });

  it('zoomed out, draws the assets as coloured boxes that still open their page', async () => {
    const count = (await api<ApiGraph>('/api/assets')).assets.length;
    for (let i = 0; i < 10 && await page.locator('.overview-node').count() === 0; i++) {
      await page.locator('.react-flow__controls-zoomout').click();
    }
    await poll(() => page.locator('.overview-node').count()).toBe(count);
    expect(await page.locator('.react-flow__node').count()).toBe(0);
    expect(await page.locator(`.overview-node[data-key="${MART}"]`).getAttribute('data-status')).toBe('missing');
    await shot('overview');
    await page.locator('.overview-node[data-key="carttrend_clean.Canaux"]').click();
    await page.waitForURL(/\/assets\/carttrend_clean\.Canaux$/);
    expectNoPageErrors();
  });

  it('highlights a selection, then filters to it, keeping it in the address', async () => {
    await page.goto(server.url);
    await page.waitForSelector('.asset-node');
    const select = '+key:carttrend_clean.mart_Commandes';
    const selected = await api<ApiGraph>(`/api/assets?select=${encodeURIComponent(select)}`);
    const total = (await api<ApiGraph>('/api/assets')).assets.length;
    await page.getByLabel('Selection', { exact: true }).fill(select);
    await page.getByLabel('Selection', { exact: true }).press('Enter');
    await poll(() => page.locator('.selection-count').innerText()).toBe(`${selected.assets.length} matched`);
    await poll(() => page.locator('.asset-node.dimmed').count()).toBe(total - selected.assets.length);
    expect(await page.locator(node('carttrend_clean.Commandes')).getAttribute('class')).not.toContain('dimmed');

    await page.getByRole('button', { name: 'Filter' }).click();
    await poll(() => page.locator('.asset-node').count()).toBe(selected.assets.length);
    expect(new URL(page.url()).searchParams.get('select')).toBe(select);
    expect(new URL(page.url()).searchParams.get('mode')).toBe('filter');
    await shot('filtered');
    expectNoPageErrors();
  });

  it('shows a malformed selection with a caret under the error', async () => {
    const bad = 'group:marts and (kind:sql';
    const answer = await fetch(new URL(`/api/assets?select=${encodeURIComponent(bad)}`, server.url));
    const body = await answer.json() as { error: string; position: number };
    expect(answer.status).toBe(400);
    await page.getByLabel('Selection', { exact: true }).fill(bad);
    await page.getByRole('button', { name: 'Apply' }).click();
    const error = page.locator('.selection-error');
    await error.waitFor();
    expect(await error.locator('.error-message').innerText()).toBe(body.error.split('\n')[0]);
    expect(await error.locator('.caret').innerText()).toBe(`${bad}\n${' '.repeat(body.position)}^`);
    expect(await page.getByRole('button', { name: 'Materialize selection' }).isDisabled()).toBe(true);
    await shot('bad-selection');
    expectNoPageErrors(400);
  });

  it('opens an asset page from the graph, with its SQL, lineage, history and preview', async () => {
    await page.goto(server.url);
    await page.locator(node('carttrend_clean.mart_Commandes')).click();
    await page.waitForURL(/\/assets\/carttrend_clean\.mart_Commandes$/);
    await poll(() => page.locator('h1').innerText()).toContain('carttrend_clean.mart_Commandes');
    expect(await page.getByTestId('asset-sql').innerText()).toMatch(/select/i);
    expect(await page.locator('.lineage-links').innerText()).toContain('carttrend_clean.Commandes');
    await poll(() => page.getByTestId('history').locator('tbody tr').count()).toBe(1);
    await poll(() => page.locator('table.preview tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('.checks').innerText()).toContain('passed');
    await shot('asset');
    expectNoPageErrors();
  });

  it('materializes a selection from the UI and shows it reach success live, then its timeline', async () => {
    await page.goto(`${server.url}?select=${encodeURIComponent(`key:${MART}`)}`);
    await poll(() => page.locator(node(MART)).getAttribute('data-status')).toBe('missing');
    // Marks this document: if the page reloaded, the mark would be gone.
    await page.evaluate(() => { (window as unknown as { sameDocument: boolean }).sameDocument = true; });
    await page.getByRole('button', { name: 'Materialize selection' }).click();
    const result = page.locator('.launch-result');
    await poll(() => result.innerText()).toMatch(/^Run #\d+ started/);
    const runId = Number(/#(\d+)/.exec(await result.innerText())![1]);

    await page.waitForSelector(`${node(MART)}[data-status="fresh"]`, { timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await shot('after-run');

    await result.getByRole('link').click();
    await page.waitForURL(new RegExp(`/runs/${runId}$`));
    await page.waitForSelector('.run-page[data-run-status="success"]');
    const bar = page.getByTestId('gantt').locator(`.gantt-row[data-key="${MART}"]`);
    expect(await bar.getAttribute('data-status')).toBe('success');
    expect(await bar.locator('.gantt-bar').count()).toBe(1);
    expect(await page.getByTestId('steps').innerText()).toContain(MART);
    await poll(() => page.getByTestId('event-log').innerText()).toContain(`run ${runId} success`);
    await shot('run');
    expectNoPageErrors();
  });

  it('lists the runs with their status and trigger, filtered by status', async () => {
    await page.goto(`${server.url}runs`);
    const table = page.getByTestId('runs-table');
    await table.waitFor();
    const uiRun = table.locator('tbody tr').first();
    expect(await uiRun.innerText()).toMatch(/success\s+key:carttrend_clean\.mart_Engagement_Campagnes\s+ui/);
    expect(await table.locator('tbody tr').count()).toBe(2);
    await page.getByLabel('Status filter').selectOption('failed');
    await page.waitForURL(/status=failed/);
    await poll(() => page.getByText('No run matches.').count()).toBe(1);
    await page.getByLabel('Status filter').selectOption('');
    await poll(() => table.locator('tbody tr').count()).toBe(2);
    expectNoPageErrors();
  });

  it('shows a run started from a terminal while the page is open, without a reload', async () => {
    await page.evaluate(() => { (window as unknown as { sameDocument: boolean }).sameDocument = true; });
    const terminal = spawnCli(['materialize', '--select', 'key:carttrend_clean.Canaux'], { projectDir: REPO, env });
    const done = await terminal.exited;
    expect(done.code, done.stderr).toBe(0);
    const rows = page.getByTestId('runs-table').locator('tbody tr');
    await poll(() => rows.count()).toBe(3);
    await poll(() => rows.first().innerText()).toMatch(/success\s+key:carttrend_clean\.Canaux\s+cli/);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await shot('runs');
    expectNoPageErrors();
  });

  it('draws the revenue forecast with its interval, and the model\'s metrics', async () => {
    const forecast = 'carttrend_transform.ml_predictions_ca';
    const run = await cli(['materialize', '--select', forecast, '--json'], { projectDir: REPO, env });
    expect(run.code, run.stderr).toBe(0);
    await page.goto(new URL(`/assets/${forecast}`, server.url).href);
    const chart = page.getByTestId('forecast-chart');
    await chart.waitFor();
    // History, forecast and band are drawn as non-empty paths.
    for (const path of ['.history-line', '.forecast-line', '.band']) {
      expect((await chart.locator(path).getAttribute('d'))?.length ?? 0, path).toBeGreaterThan(100);
    }
    const metrics = await page.getByTestId('metrics').innerText();
    expect(metrics).toContain('holdout_mape_pct');
    expect(metrics).toContain('naive_holdout_mape_pct');
    await shot('forecast');
    expectNoPageErrors();
  });
});
