/**
 * Schedules, automation and freshness through the API and in real Chromium:
 * `GET /api/schedules` (next ticks, tick history, the daemon's lease, waiting
 * retries), the asset detail's freshness and automation decision, and the
 * pages that show them.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Daemon, startServer, type TrellisServer } from '../core/index.ts';
import type { ApiAssetDetail, ApiSchedules } from '../core/server/api-types.ts';
import { tickBadge } from '../ui/src/lib/ticks.ts';
import { launchChromium, type TestBrowser } from './support/browser.ts';
import { cleanupTemp, makeProject, projectEnv, REPO, tempHome } from './support/project.ts';

let server: TrellisServer;
let browser: TestBrowser;
let env: NodeJS.ProcessEnv;
let dir: string;
/** A day after the last materialization, on the Trellis clock the server reads too. */
const LATER = new Date(Date.now() + 30 * 3_600_000).toISOString();

beforeAll(async () => {
  browser = await launchChromium();
  execFileSync(process.execPath, [path.join(REPO, 'bin/build-ui.js'), '--quiet'], { stdio: 'inherit' });
  dir = makeProject({
    'trellis.config.ts': `import { defineConfig } from '@trellis';
export default defineConfig({ schedules: { nightly: { select: 'key:ui.base', cron: '0 2 * * *', timezone: 'Europe/Paris' } } });\n`,
    'assets/index.ts': `import { defineAsset } from '@trellis';
const one = [{ name: 'n', type: 'BIGINT' as const }];
export const base = defineAsset({ key: 'ui.base', freshness: { maxAgeHours: 26 }, async materialize(ctx) { await ctx.writeTable(one, [[1]]); } });
export const follow = defineAsset({ key: 'ui.follow', deps: ['ui.base'], automation: ['on_missing', 'any_upstream_updated'],
  async materialize(ctx) { await ctx.writeTable(one, [[2]]); } });\n`,
  });
  env = projectEnv({ TRELLIS_HOME: tempHome() });
  const daemon = await Daemon.start({ projectDir: dir, env, clock: () => new Date('2026-03-28T00:00:00Z') });
  await daemon.tick(new Date('2026-03-28T00:00:00Z'));
  await daemon.tick(new Date('2026-03-28T01:00:00Z')); // nightly runs ui.base; automation then builds ui.follow
  await daemon.tick(new Date('2026-03-29T01:00:00Z')); // nothing stale
  await daemon.stop();
  server = await startServer({ projectDir: dir, env: { ...env, TRELLIS_NOW: LATER }, port: 0 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  cleanupTemp();
});

const api = async <T>(url: string): Promise<T> => (await fetch(new URL(url, server.url))).json() as Promise<T>;

describe('schedules in the API and the UI', () => {
  it('GET /api/schedules lists next ticks and the tick history, newest first', async () => {
    const body = await api<ApiSchedules>('/api/schedules');
    expect(body.daemon).toBeNull();
    expect(body.schedules).toHaveLength(1);
    const nightly = body.schedules[0]!;
    expect(nightly).toMatchObject({ name: 'nightly', cron: '0 2 * * *', timezone: 'Europe/Paris', select: 'key:ui.base' });
    expect(nightly.next).toHaveLength(5);
    expect(new Date(nightly.next[0]!).getTime()).toBeGreaterThan(new Date(LATER).getTime());
    expect(nightly.ticks.map((t) => [t.scheduledAt, t.outcome])).toEqual([
      ['2026-03-29T01:00:00.000Z', 'skipped-nothing-stale'], ['2026-03-28T01:00:00.000Z', 'ran'],
    ]);
  });

  it('the asset detail carries freshness and the latest automation decision', async () => {
    const base = await api<ApiAssetDetail>('/api/assets/ui.base');
    expect(base.freshness).toMatchObject({ status: 'overdue', policy: 'no older than 26 h 00 min' });
    expect(base.automation).toBeNull();
    const follow = await api<ApiAssetDetail>('/api/assets/ui.follow');
    expect(follow.freshness).toBeNull();
    expect(follow.automation).toMatchObject({ conditions: ['on_missing', 'any_upstream_updated'] });
    expect(follow.automation!.latest).toMatchObject({ launch: false });
  });

  it('the schedules page shows the ticks with outcomes and links to their runs', async () => {
    const page = await browser.newPage();
    await page.goto(new URL('/schedules', server.url).href);
    const card = page.getByRole('region', { name: 'Schedule nightly' });
    await card.waitFor();
    expect(await card.locator('h2').innerText()).toMatch(/nightly\s+0 2 \* \* \*\s+Europe\/Paris/);
    const rows = card.locator('table.ticks tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toMatch(/skipped: nothing stale[\s\S]*nothing to do/);
    expect(await rows.nth(1).innerText()).toMatch(/ran\s+#1/);
    expect(await page.locator('.daemon-state').innerText()).toMatch(/The daemon is not running/);
    await rows.nth(1).getByRole('link', { name: '#1' }).click();
    await page.waitForURL(/\/runs\/1$/);
    expect(browser.errors.splice(0)).toEqual([]);
    await page.close();
  });

  it('the asset page flags an overdue asset and shows why automation did or did not launch', async () => {
    const page = await browser.newPage();
    await page.goto(new URL('/assets/ui.base', server.url).href);
    const ops = page.getByRole('region', { name: 'Freshness and automation' });
    await ops.waitFor();
    expect(await ops.locator('.freshness').innerText()).toMatch(/overdue\s+overdue: last materialized (29 h 59|30 h 00) min ago; the policy allows 26 h 00 min/);
    await page.goto(new URL('/assets/ui.follow', server.url).href);
    const follow = page.getByRole('region', { name: 'Freshness and automation' });
    await follow.waitFor();
    expect(await follow.locator('.decision').innerText()).toMatch(/not launched\s+on_missing: already materialized; any_upstream_updated: no upstream materialized since/);
    expect(browser.errors.splice(0)).toEqual([]);
    await page.close();
  });

  it('labels every tick outcome', () => {
    expect(['ran', 'skipped-nothing-stale', 'skipped-run-in-progress', 'failed-to-launch', 'missed'].map((o) => tickBadge(o).label))
      .toEqual(['ran', 'skipped: nothing stale', 'skipped: run in progress', 'failed to launch', 'missed']);
  });
});
