/**
 * What the daemon does without a schedule: automation conditions (each
 * decision and its reason stored), deferred retries launched later as runs
 * linked to the failed one (the warehouse is free while they wait), and
 * freshness flagged overdue by `list`, `why` and the daemon.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Daemon, RunStore, evaluateFreshness, isDeferred, retryDelayMs, type RetryPolicy } from '../core/index.ts';
import { cleanupTemp, cli, makeProject, projectEnv, tempHome } from './support/project.ts';

afterAll(cleanupTemp);

const clockAt = (iso: string) => () => new Date(iso);
const at = (iso: string) => new Date(iso);

function project(assets: string, config = '{}') {
  const dir = makeProject({
    'trellis.config.ts': `import { defineConfig } from '@trellis';\nexport default defineConfig(${config});\n`,
    'assets/index.ts': `import { defineAsset, AssetError } from '@trellis';\nconst one = [{ name: 'n', type: 'BIGINT' as const }];\n${assets}`,
  });
  const home = tempHome();
  return { dir, home, env: projectEnv({ TRELLIS_HOME: home }) };
}

describe('automation conditions', () => {
  it('launches what is due in one run and stores every decision with its reason', async () => {
    const p = project(`
export const base = defineAsset({ key: 'auto.base', automation: 'on_missing', async materialize(ctx) { await ctx.writeTable(one, [[1]]); } });
export const follower = defineAsset({ key: 'auto.follower', deps: ['auto.base'], automation: ['any_upstream_updated', 'on_missing'],
  async materialize(ctx) { await ctx.writeTable(one, [[2]]); } });
export const hourly = defineAsset({ key: 'auto.hourly', automation: { on_cron: '0 * * * *' }, async materialize(ctx) { await ctx.writeTable(one, [[3]]); } });
export const manual = defineAsset({ key: 'auto.manual', async materialize(ctx) { await ctx.writeTable(one, [[4]]); } });
`);
    const daemon = await Daemon.start({ projectDir: p.dir, env: p.env, clock: clockAt('2026-05-01T00:10:00Z') });
    try {
      const first = await daemon.tick(at('2026-05-01T00:10:00Z'));
      expect(first.runs).toHaveLength(1);
      const run = daemon.store.getRun(first.runs[0]!)!;
      expect(run).toMatchObject({ trigger: 'automation', status: 'success' });
      expect([...run.plannedKeys].sort()).toEqual(['auto.base', 'auto.follower']);
      const decisions = daemon.store.ops.decisions();
      expect(decisions.get('auto.base')).toMatchObject({ launch: true, condition: 'on_missing', reason: 'on_missing: never materialized', runId: run.id });
      expect(decisions.get('auto.hourly')).toMatchObject({ launch: false, reason: "on_cron: no '0 * * * *' tick since the last evaluation" });
      expect(decisions.has('auto.manual')).toBe(false);

      // Nothing changed: nothing launched, and each says why.
      const quiet = await daemon.tick(at('2026-05-01T00:20:00Z'));
      expect(quiet.runs).toEqual([]);
      expect(daemon.store.ops.decisions().get('auto.follower')).toMatchObject({ launch: false,
        reason: 'any_upstream_updated: no upstream materialized since; on_missing: already materialized' });

      // The hour ticks: the on_cron asset runs alone.
      const hour = await daemon.tick(at('2026-05-01T01:00:00Z'));
      expect(hour.runs).toHaveLength(1);
      expect(daemon.store.getRun(hour.runs[0]!)!.plannedKeys).toEqual(['auto.hourly']);
      expect(daemon.store.ops.decisions().get('auto.hourly')!.reason).toBe("on_cron: cron '0 * * * *' (UTC) ticked at 2026-05-01T01:00:00.000Z");

      // Someone rebuilds the upstream: the follower follows at the next tick.
      const r = await cli(['materialize', '--select', 'auto.base'], { projectDir: p.dir, env: p.env });
      expect(r.code).toBe(0);
      const follow = await daemon.tick(at('2026-05-01T01:05:00Z'));
      expect(daemon.store.getRun(follow.runs[0]!)!.plannedKeys).toEqual(['auto.follower']);
      expect(daemon.store.ops.decisions().get('auto.follower')!.reason).toMatch(/^any_upstream_updated: upstream auto\.base was materialized in run \d+, after this one/);

      const why = await cli(['why', 'auto.follower'], { projectDir: p.dir, env: p.env });
      expect(why.stdout).toMatch(/automation \(2026-05-01T01:05:00.000Z\): launched in run \d+: any_upstream_updated/);
    } finally {
      await daemon.stop();
    }
  });

  it('rejects an unknown condition with its line and a suggestion', async () => {
    const p = project(`export const a = defineAsset({ key: 'auto.a', automation: ['on_mising'], async materialize(ctx) { await ctx.writeTable(one, [[1]]); } });\n`);
    const r = await cli(['list'], { projectDir: p.dir, env: p.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/assets\/index\.ts:3.*auto\.a.*automation\[0\]: "on_mising" is not one of 'on_missing'/);
    expect(r.stderr).toMatch(/did you mean 'on_missing'/);
  });
});

describe('retries', () => {
  it('spaces attempts linearly or exponentially, with jitter, and defers long waits', () => {
    const policy: RetryPolicy = { maxRetries: 3, delayMs: 1000, backoff: 2 };
    expect([1, 2, 3].map((n) => retryDelayMs(policy, n))).toEqual([1000, 2000, 4000]);
    expect([1, 2, 3].map((n) => retryDelayMs({ ...policy, strategy: 'linear' }, n))).toEqual([1000, 2000, 3000]);
    expect(retryDelayMs({ ...policy, jitter: 0.1 }, 1, () => 0)).toBe(900);
    expect(retryDelayMs({ ...policy, jitter: 0.1 }, 1, () => 0.999999)).toBe(1100);
    expect(isDeferred({ maxRetries: 1, delayMs: 30 * 60_000, backoff: 1 }, 30 * 60_000)).toBe(true);
    expect(isDeferred(policy, 1000)).toBe(false);
  });

  it("launches Airflow's retry after 30 minutes as a new run linked to the first, without holding the warehouse meanwhile", async () => {
    const p = project(`
const g = globalThis as unknown as { __flaky?: number };
export const flaky = defineAsset({ key: 'retry.flaky', retry: { maxRetries: 1, delayMs: 1_800_000 }, async materialize(ctx) {
  g.__flaky = (g.__flaky ?? 0) + 1;
  if (g.__flaky === 1) throw new Error('the API timed out');
  await ctx.writeTable(one, [[ctx.attempt]]);
} });
export const after = defineAsset({ key: 'retry.after', deps: ['retry.flaky'], async materialize(ctx) { await ctx.writeTable(one, [[1]]); } });
export const never = defineAsset({ key: 'retry.never', retry: { maxRetries: 2, delayMs: 1_800_000 }, async materialize() {
  throw new AssetError('retry.never', new Error('bad config'), { retryable: false });
} });
`, `{ schedules: { daily: { cron: '0 2 * * *' } } }`);
    const daemon = await Daemon.start({ projectDir: p.dir, env: p.env, clock: clockAt('2026-05-01T01:00:00Z') });
    try {
      await daemon.tick(at('2026-05-01T01:00:00Z'));
      const first = await daemon.tick(at('2026-05-01T02:00:00Z'));
      const failedRun = first.ticks[0]!.runId!;
      expect(daemon.store.getRun(failedRun)!.status).toBe('failed');
      // Due 30 minutes after the failure, on the Trellis clock (the run took a few real milliseconds).
      expect(daemon.store.ops.retriesOf(failedRun)).toMatchObject([{ key: 'retry.flaky', nextAttempt: 2, launchedRunId: null }]);
      expect(daemon.store.ops.retriesOf(failedRun)[0]!.dueAt).toMatch(/^2026-05-01T02:30:0\d/);
      // The wait holds nothing: another process can take the warehouse now.
      const store = RunStore.open(path.join(p.home, 'runs.sqlite'));
      expect(store.acquireLock({ pid: process.ppid, command: 'trellis materialize' }).acquired).toBe(true);
      store.releaseLock(process.ppid);
      store.close();

      expect((await daemon.tick(at('2026-05-01T02:10:00Z'))).retries).toEqual([]);
      const retried = await daemon.tick(at('2026-05-01T02:31:00Z'));
      expect(retried.retries).toMatchObject([{ retryOf: failedRun, keys: ['retry.flaky'], outcome: 'ran' }]);
      const retryRun = daemon.store.getRun(retried.runs[0]!)!;
      expect(retryRun).toMatchObject({ trigger: 'retry', retryOf: failedRun, status: 'success' });
      expect([...retryRun.plannedKeys].sort()).toEqual(['retry.after', 'retry.flaky']);
      expect(daemon.store.steps(retryRun.id).find((s) => s.key === 'retry.flaky')).toMatchObject({ status: 'success', attempt: 2 });
      expect(daemon.store.ops.retriesOf(failedRun)[0]!.launchedRunId).toBe(retryRun.id);
      // A non-retryable failure is never deferred.
      expect(daemon.store.ops.retriesOf(failedRun).map((r) => r.key)).not.toContain('retry.never');
      expect((await daemon.tick(at('2026-05-01T03:30:00Z'))).runs).toEqual([]);
    } finally {
      await daemon.stop();
    }
  });
});

describe('freshness', () => {
  it('evaluates a maximum age and a cron deadline', () => {
    const day = { maxAgeMs: 26 * 3_600_000 };
    expect(evaluateFreshness(day, '2026-05-01T02:00:00Z', at('2026-05-02T03:00:00Z')).status).toBe('fresh');
    const late = evaluateFreshness(day, '2026-05-01T02:00:00Z', at('2026-05-02T05:00:00Z'));
    expect(late).toMatchObject({ status: 'overdue', message: 'overdue: last materialized 27 h 00 min ago; the policy allows 26 h 00 min', dueBy: '2026-05-02T04:00:00.000Z' });
    const by9 = { deadline: { cron: '0 9 * * *', timezone: 'Europe/Paris' } };
    expect(evaluateFreshness(by9, '2026-05-01T06:00:00Z', at('2026-05-02T06:00:00Z')).status).toBe('fresh'); // before today's 09:00
    expect(evaluateFreshness(by9, '2026-05-01T06:00:00Z', at('2026-05-02T08:00:00Z')).status).toBe('overdue'); // 10:00 Paris, not since yesterday's 09:00
    expect(evaluateFreshness(by9, undefined, at('2026-05-02T08:00:00Z')).message).toMatch(/^overdue: never materialized/);
  });

  it('`list` and `why` flag an overdue asset, and the daemon reports it', async () => {
    const p = project(`
export const daily = defineAsset({ key: 'fresh.daily', freshness: { maxAgeHours: 26 }, async materialize(ctx) { await ctx.writeTable(one, [[1]]); } });
export const other = defineAsset({ key: 'fresh.other', async materialize(ctx) { await ctx.writeTable(one, [[1]]); } });
`);
    expect((await cli(['materialize'], { projectDir: p.dir, env: p.env })).code).toBe(0);
    const later = new Date(Date.now() + 27 * 3_600_000).toISOString();
    const list = await cli(['list', '--json', '--now', later], { projectDir: p.dir, env: p.env });
    const rows = list.json<Array<{ key: string; status: string; freshness?: { status: string; message: string } }>>();
    expect(rows.find((r) => r.key === 'fresh.daily')).toMatchObject({ status: 'fresh', freshness: { status: 'overdue' } });
    expect(rows.find((r) => r.key === 'fresh.other')!.freshness).toBeUndefined();
    const text = await cli(['list', '--now', later], { projectDir: p.dir, env: p.env });
    expect(text.stdout).toMatch(/fresh\.daily\s+default\s+ts\s+fresh ⚠ overdue\s+overdue: last materialized 27 h 00 min ago/);
    expect(text.stdout).toMatch(/2 assets: 2 fresh; 1 overdue/);
    const now = await cli(['list'], { projectDir: p.dir, env: p.env });
    expect(now.stdout).not.toMatch(/overdue/);
    const why = await cli(['why', 'fresh.daily'], { projectDir: p.dir, env: { ...p.env, TRELLIS_NOW: later } });
    expect(why.stdout).toMatch(/freshness: ⚠ overdue: last materialized 27 h 00 min ago; the policy allows 26 h 00 min/);
    const daemon = await Daemon.start({ projectDir: p.dir, env: p.env, clock: clockAt(later) });
    try {
      expect((await daemon.tick(new Date(later))).overdue).toMatchObject([{ key: 'fresh.daily' }]);
    } finally {
      await daemon.stop();
    }
  });
});
