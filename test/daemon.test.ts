/**
 * The daemon, driven tick by tick with the Trellis clock against a real
 * SQLite run store and DuckDB warehouse: schedules run once per tick (a
 * restart never runs one twice), missed ticks are recorded and replayed
 * only with catchup, a second daemon is refused by name, Europe/Paris DST
 * nights fire as Vixie cron does, and a reused pid is not a live holder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Daemon, DaemonLeaseError, RunStore, isProcessAlive, processIdentity, ticksBetween } from '../core/index.ts';
import { cleanupTemp, cli, makeProject, projectEnv, tempHome } from './support/project.ts';

afterAll(cleanupTemp);

const ASSETS = `
import fs from 'node:fs';
import path from 'node:path';
import { defineAsset, defineSource } from '@trellis';
export const orders = defineSource({
  key: 'ops.orders',
  files: ({ projectDir }) => [path.join(projectDir, 'data/orders.txt')],
  async materialize(ctx) {
    const lines = fs.readFileSync(path.join(ctx.projectDir, 'data/orders.txt'), 'utf8').trim().split('\\n');
    await ctx.writeTable([{ name: 'n', type: 'BIGINT' }], lines.map((l) => [Number(l)]));
  },
});
export const total = defineAsset({ key: 'ops.total', deps: ['ops.orders'], async materialize(ctx) {
  const rows = await ctx.read('ops.orders');
  await ctx.writeTable([{ name: 'total', type: 'BIGINT' }], [[rows.reduce((t, r) => t + Number(r.n), 0)]]);
} });
`;

function project(config: string): { dir: string; env: NodeJS.ProcessEnv; home: string } {
  const dir = makeProject({
    'trellis.config.ts': `import { defineConfig } from '@trellis';\nexport default defineConfig(${config});\n`,
    'assets/index.ts': ASSETS,
    'data/orders.txt': '1\n2\n3\n',
  });
  const home = tempHome();
  return { dir, home, env: projectEnv({ TRELLIS_HOME: home }) };
}

const PARIS_DAILY = `{ schedules: { daily: { select: '*', cron: '0 2 * * *', timezone: 'Europe/Paris' } } }`;
const at = (iso: string) => new Date(iso);
const fixedClock = (iso: string) => () => new Date(iso);

function storeOf(home: string): RunStore {
  return RunStore.open(path.join(home, 'runs.sqlite'));
}

describe('schedules', () => {
  it('runs a tick once, skips it when nothing is stale, and fires through the spring-forward night', async () => {
    const p = project(PARIS_DAILY);
    const daemon = await Daemon.start({ projectDir: p.dir, env: p.env, clock: fixedClock('2026-03-28T00:30:00Z') });
    try {
      expect((await daemon.tick(at('2026-03-28T00:30:00Z'))).ticks).toEqual([]); // the schedule starts now: no past
      const first = await daemon.tick(at('2026-03-28T01:00:00Z')); // 02:00 CET
      expect(first.ticks).toMatchObject([{ schedule: 'daily', scheduledAt: '2026-03-28T01:00:00.000Z', outcome: 'ran' }]);
      const run = daemon.store.getRun(first.ticks[0]!.runId!)!;
      expect(run).toMatchObject({ status: 'success', trigger: 'schedule:daily', plannedKeys: ['ops.orders', 'ops.total'] });
      // The same instant again, and a tick in between: nothing more.
      expect((await daemon.tick(at('2026-03-28T01:00:00Z'))).ticks).toEqual([]);
      expect((await daemon.tick(at('2026-03-28T12:00:00Z'))).ticks).toEqual([]);
      // 29 March: 02:00 does not exist in Paris; Vixie cron fires at the jump, 03:00 CEST = 01:00Z.
      expect((await daemon.tick(at('2026-03-29T00:59:00Z'))).ticks).toEqual([]);
      const dst = await daemon.tick(at('2026-03-29T01:00:00Z'));
      expect(dst.ticks).toMatchObject([{ scheduledAt: '2026-03-29T01:00:00.000Z', outcome: 'skipped-nothing-stale', runId: null }]);
      expect(dst.ticks[0]!.reason).toMatch(/nothing to do: all 2 assets are fresh/);
      // New data: the next day's 02:00 CEST (00:00Z) runs both assets.
      fs.writeFileSync(path.join(p.dir, 'data/orders.txt'), '1\n2\n3\n4\n');
      const next = await daemon.tick(at('2026-03-30T00:00:00Z'));
      expect(next.ticks).toMatchObject([{ scheduledAt: '2026-03-30T00:00:00.000Z', outcome: 'ran' }]);
      expect(daemon.store.ops.ticks('daily').map((t) => [t.scheduledAt, t.outcome])).toEqual([
        ['2026-03-30T00:00:00.000Z', 'ran'], ['2026-03-29T01:00:00.000Z', 'skipped-nothing-stale'], ['2026-03-28T01:00:00.000Z', 'ran'],
      ]);
    } finally {
      await daemon.stop();
    }
  });

  it('a restart never runs a tick twice, records missed ticks, and settles a tick claimed by a daemon that died before its run', async () => {
    const p = project(PARIS_DAILY);
    let daemon = await Daemon.start({ projectDir: p.dir, env: p.env, clock: fixedClock('2026-03-28T00:00:00Z') });
    await daemon.tick(at('2026-03-28T00:00:00Z'));
    const ran = await daemon.tick(at('2026-03-28T01:00:30Z'));
    expect(ran.ticks.map((t) => t.outcome)).toEqual(['ran']);
    await daemon.stop();
    // A daemon killed between claiming a tick and starting its run leaves it 'launching'.
    const store = storeOf(p.home);
    store.ops.claimTick('daily', '2026-03-20T01:00:00.000Z', '2026-03-20T01:00:00.000Z');
    store.close();

    // Down for three days; back at 2026-03-31T09:00Z.
    daemon = await Daemon.start({ projectDir: p.dir, env: p.env, clock: fixedClock('2026-03-31T09:00:00Z') });
    try {
      const back = await daemon.tick(at('2026-03-31T09:00:00Z'));
      expect(back.ticks.map((t) => [t.scheduledAt, t.outcome])).toEqual([
        ['2026-03-29T01:00:00.000Z', 'missed'], ['2026-03-30T00:00:00.000Z', 'missed'], ['2026-03-31T00:00:00.000Z', 'missed'],
      ]);
      expect(back.ticks[0]!.reason).toMatch(/the daemon was not running at 2026-03-29T01:00:00.000Z; catchup is off/);
      expect(back.runs).toEqual([]);
      const ticks = daemon.store.ops.ticks('daily', 10);
      expect(ticks.find((t) => t.scheduledAt === '2026-03-20T01:00:00.000Z')).toMatchObject({ outcome: 'failed-to-launch' });
      // The tick that ran before the restart is still the one row for its instant.
      expect(ticks.filter((t) => t.scheduledAt === '2026-03-28T01:00:00.000Z')).toMatchObject([{ outcome: 'ran' }]);
      expect(daemon.store.listRuns().length).toBe(1);
    } finally {
      await daemon.stop();
    }
    // Rewinding the clock to an instant already recorded does not run it again.
    daemon = await Daemon.start({ projectDir: p.dir, env: p.env, clock: fixedClock('2026-03-28T01:00:00Z') });
    try {
      daemon.store.ops.setCursor('schedule:daily', '2026-03-28T00:00:00.000Z');
      expect((await daemon.tick(at('2026-03-28T01:00:00Z'))).ticks).toEqual([]);
      expect(daemon.store.listRuns().length).toBe(1);
    } finally {
      await daemon.stop();
    }
  });

  it('replays missed ticks in order with catchup: true', async () => {
    const p = project(`{ schedules: { hourly: { cron: '0 * * * *', catchup: true } } }`);
    let daemon = await Daemon.start({ projectDir: p.dir, env: p.env, clock: fixedClock('2026-05-01T00:30:00Z') });
    await daemon.tick(at('2026-05-01T00:30:00Z'));
    await daemon.stop();
    daemon = await Daemon.start({ projectDir: p.dir, env: p.env, clock: fixedClock('2026-05-01T03:10:00Z') });
    try {
      const report = await daemon.tick(at('2026-05-01T03:10:00Z'));
      expect(report.ticks.map((t) => [t.scheduledAt.slice(11, 16), t.outcome])).toEqual([
        ['01:00', 'ran'], ['02:00', 'skipped-nothing-stale'], ['03:00', 'skipped-nothing-stale'],
      ]);
    } finally {
      await daemon.stop();
    }
  });

  it('skips a tick while another run is in progress, naming it', async () => {
    const p = project(`{ schedules: { often: { cron: '*/5 * * * *' } } }`);
    const daemon = await Daemon.start({ projectDir: p.dir, env: p.env, clock: fixedClock('2026-05-01T00:01:00Z') });
    try {
      await daemon.tick(at('2026-05-01T00:01:00Z'));
      // A live process (this one) has a run in progress, as a `trellis materialize` would.
      const other = daemon.store.createRun({ selection: '*', trigger: 'cli', pid: process.pid, logicalDate: '2026-05-01', plannedKeys: [] });
      const report = await daemon.tick(at('2026-05-01T00:05:00Z'));
      expect(report.ticks).toMatchObject([{ outcome: 'skipped-run-in-progress', reason: `run ${other} (cli, pid ${process.pid}) is in progress` }]);
      daemon.store.finishRun(other, 'success', { ran: 0, skipped: 0, failed: 0, checksFailed: 0, checksWarned: 0 });
      expect((await daemon.tick(at('2026-05-01T00:10:00Z'))).ticks).toMatchObject([{ outcome: 'ran' }]);
    } finally {
      await daemon.stop();
    }
  });

  it('DST in Europe/Paris: a skipped time fires once at the jump, a repeated time once, an hourly job every real hour', () => {
    const paris = (cron: string) => ({ cron, timezone: 'Europe/Paris' });
    const iso = (ds: Date[]) => ds.map((d) => d.toISOString().slice(0, 16));
    expect(iso(ticksBetween(paris('30 2 * * *'), at('2026-03-28T12:00Z'), at('2026-03-30T12:00Z')))).toEqual(['2026-03-29T01:00', '2026-03-30T00:30']);
    expect(iso(ticksBetween(paris('30 2 * * *'), at('2026-10-24T12:00Z'), at('2026-10-26T12:00Z')))).toEqual(['2026-10-25T00:30', '2026-10-26T01:30']);
    expect(iso(ticksBetween(paris('30 * * * *'), at('2026-10-25T00:00Z'), at('2026-10-25T02:00Z')))).toEqual(['2026-10-25T00:30', '2026-10-25T01:30']);
    expect(iso(ticksBetween(paris('0 * * * *'), at('2026-03-28T23:30Z'), at('2026-03-29T02:00Z')))).toEqual(['2026-03-29T00:00', '2026-03-29T01:00', '2026-03-29T02:00']);
  });
});

describe('one daemon at a time', () => {
  it('refuses a second daemon, in this process and from the CLI, naming the holder', async () => {
    const p = project(PARIS_DAILY);
    const daemon = await Daemon.start({ projectDir: p.dir, env: p.env, clock: fixedClock('2026-03-28T00:00:00Z') });
    try {
      const second = Daemon.start({ projectDir: p.dir, env: p.env, clock: fixedClock('2026-03-28T00:00:00Z') });
      await expect(second).rejects.toBeInstanceOf(DaemonLeaseError);
      await expect(second).rejects.toThrow(new RegExp(`another trellis daemon is running: pid ${process.pid} on .+, since 2026-03-28T00:00:00.000Z`));
      const r = await cli(['daemon', '--once'], { projectDir: p.dir, env: p.env });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`another trellis daemon is running: pid ${process.pid}[\\s\\S]*fix: stop it first \\(kill ${process.pid}\\)`));
    } finally {
      await daemon.stop();
    }
    // Once stopped, the lease is free.
    const r = await cli(['daemon', '--once', '--now', '2026-03-28T00:10:00Z'], { projectDir: p.dir, env: p.env });
    expect(r.code).toBe(0);
  });

  it('takes over the lease of a daemon whose pid now names another process', async () => {
    const p = project(PARIS_DAILY);
    const store = storeOf(p.home);
    // The holder recorded this pid but another start time: the pid was reused (e.g. after a container restart).
    store.ops.acquireLease('dead-daemon', process.pid, '2026-01-01T00:00:00.000Z', isProcessAlive);
    store.close();
    const db = (await import('better-sqlite3')).default(path.join(p.home, 'runs.sqlite'));
    db.prepare("UPDATE daemon_lease SET process_identity = 'another-boot:1'").run();
    db.close();
    const daemon = await Daemon.start({ projectDir: p.dir, env: p.env, clock: fixedClock('2026-03-28T00:00:00Z') });
    expect(daemon.store.ops.lease()).toMatchObject({ pid: process.pid, since: '2026-03-28T00:00:00.000Z' });
    await daemon.stop();
  });
});

describe('process liveness', () => {
  it('trusts a pid only with the start time it recorded', async () => {
    const me = processIdentity(process.pid);
    expect(me).toMatch(/^[0-9a-f-]{36}:\d+$/);
    expect(isProcessAlive(process.pid, me)).toBe(true);
    expect(isProcessAlive(process.pid, 'another-boot:1')).toBe(false);
    expect(isProcessAlive(2 ** 30)).toBe(false);

    const home = tempHome();
    const store = storeOf(home);
    const reused = store.createRun({ selection: '*', trigger: 'cli', pid: process.pid, logicalDate: '2026-05-01', plannedKeys: [] });
    const live = store.createRun({ selection: '*', trigger: 'cli', pid: process.pid, logicalDate: '2026-05-01', plannedKeys: [] });
    expect(store.acquireLock({ pid: process.pid, command: 'trellis materialize' }).acquired).toBe(true);
    store.close();
    const db = (await import('better-sqlite3')).default(path.join(home, 'runs.sqlite'));
    db.prepare("UPDATE runs SET process_identity = 'another-boot:1' WHERE id = ?").run(reused);
    db.prepare("UPDATE warehouse_lock SET process_identity = 'another-boot:1', pid = ?").run(process.ppid);
    db.close();
    const again = storeOf(home);
    try {
      expect(again.markInterruptedRuns()).toEqual([reused]);
      expect(again.getRun(live)!.status).toBe('running');
      // The lock's holder pid is alive (our parent) but not the process that took it.
      expect(again.acquireLock({ pid: process.pid, command: 'trellis daemon' }).acquired).toBe(true);
    } finally {
      again.close();
    }
  });
});

describe('schedule configuration', () => {
  it('names the schedule, the line and the fix for a bad cron or time zone', async () => {
    const p = project(`{
  schedules: {
    daily: { select: '*', cron: '0 2 * * *', timezone: 'Europe/Paris' },
    broken: { cron: '61 * * * *' },
    zoned: { cron: '0 3 * * *', timezone: 'Europe/Pariss' },
  },
}`);
    const r = await cli(['schedules'], { projectDir: p.dir, env: p.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/trellis\.config\.ts:5.*schedules\.broken\.cron: schedule 'broken': '61 \* \* \* \*' is not a cron expression/);
    expect(r.stderr).toMatch(/trellis\.config\.ts:6.*schedules\.zoned\.timezone: schedule 'zoned': 'Europe\/Pariss' is not a time zone/);
    expect(r.stderr).toMatch(/fix: use an IANA name such as 'Europe\/Paris'/);
  });

  it('`trellis schedules` lists next ticks and last outcomes', async () => {
    const p = project(PARIS_DAILY);
    const daemon = await Daemon.start({ projectDir: p.dir, env: p.env, clock: fixedClock('2026-03-28T00:00:00Z') });
    await daemon.tick(at('2026-03-28T00:00:00Z'));
    await daemon.tick(at('2026-03-28T01:00:00Z'));
    await daemon.stop();
    const r = await cli(['schedules', '--json', '--now', '2026-03-28T12:00:00Z'], { projectDir: p.dir, env: p.env });
    expect(r.code).toBe(0);
    const body = r.json();
    expect(body.daemon).toBeNull();
    expect(body.schedules[0]).toMatchObject({ name: 'daily', cron: '0 2 * * *', timezone: 'Europe/Paris', catchup: false,
      next: ['2026-03-29T01:00:00.000Z', '2026-03-30T00:00:00.000Z', '2026-03-31T00:00:00.000Z'] });
    expect(body.schedules[0].ticks).toMatchObject([{ scheduledAt: '2026-03-28T01:00:00.000Z', outcome: 'ran' }]);
    const text = await cli(['schedules', '--now', '2026-03-28T12:00:00Z'], { projectDir: p.dir, env: p.env });
    expect(text.stdout).toMatch(/daily  '0 2 \* \* \*' Europe\/Paris  select \*\n  next: 2026-03-29T01:00:00.000Z/);
    expect(text.stdout).toMatch(/2026-03-28T01:00:00.000Z  ran  run 1/);
    expect(text.stdout).toMatch(/daemon: not running/);
  });
});

