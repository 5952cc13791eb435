/**
 * The materializer as a user relies on it: concurrency, worker compute,
 * failures and retries, checks that block or warn, and the last good table
 * surviving failed, killed, locked-out and canceled runs. Separate processes
 * are spawned only where a second process is the point.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../core/index.ts';
import {
  cleanupTemp, cli, copyFixture, makeProject, projectEnv, spawnCli, tempDir, tempHome, waitForFile, type SpawnedCli, queryWarehouse,
} from './support/project.ts';

const spawned: SpawnedCli[] = [];

afterAll(async () => {
  for (const s of spawned) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await Promise.all(spawned.map((s) => s.exited));
  cleanupTemp();
});

interface Materialized {
  readonly runId: number | null;
  readonly status: string;
  readonly assets: ReadonlyArray<{ key: string; decision: string; reason: string; rows: number | null }>;
  readonly checks: ReadonlyArray<{ asset: string; check: string; severity: string; passed: boolean; failingCount: number | null }>;
}

async function materialize(dir: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<Materialized & { code: number; stderr: string }> {
  const r = await cli(['materialize', '--json', ...args], { projectDir: dir, env });
  if (!r.stdout) throw new Error(`materialize printed nothing (exit ${r.code}):\n${r.stderr}`);
  return { code: r.code, stderr: r.stderr, ...r.json<Materialized>() };
}

const byKey = (m: Materialized) => Object.fromEntries(m.assets.map((a) => [a.key, a]));


const stagedRelations = (home: string) =>
  queryWarehouse(home, "SELECT table_schema || '.' || table_name AS name FROM information_schema.tables WHERE table_name LIKE '%__trellis_staged' ORDER BY 1");

describe('concurrency', () => {
  interface Probe { running: number; max: number; started: number; waiters: Array<() => void>; giveUpMs: number }
  const probe = () => (globalThis as { __trellisProbe?: Probe }).__trellisProbe!;
  const reset = (giveUpMs: number) => {
    (globalThis as { __trellisProbe?: Probe }).__trellisProbe = { running: 0, max: 0, started: 0, waiters: [], giveUpMs };
  };
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    // Each asset waits at a barrier until both have started: only a parallel run gets past it at once.
    dir = makeProject({
      'assets/index.ts': `
import { defineAsset, type AssetContext } from '@trellis';
interface Probe { running: number; max: number; started: number; waiters: Array<() => void>; giveUpMs: number }
async function overlapping(ctx: AssetContext): Promise<void> {
  const p = (globalThis as unknown as { __trellisProbe: Probe }).__trellisProbe;
  p.running++;
  p.started++;
  p.max = Math.max(p.max, p.running);
  await new Promise<void>((resolve) => {
    if (p.started >= 2) { for (const w of p.waiters.splice(0)) w(); resolve(); return; }
    p.waiters.push(resolve);
    setTimeout(resolve, p.giveUpMs);
  });
  p.running--;
  await ctx.writeTable([{ name: 'n', type: 'BIGINT' }], [[1]]);
}
export const a = defineAsset({ key: 'par.a', materialize: overlapping });
export const b = defineAsset({ key: 'par.b', materialize: overlapping });
`,
      'assets/spin.ts': `
// Busy-loops (no await, no Atomics.wait) until the main thread raises the flag.
export function spinUntilFlag(shared: SharedArrayBuffer): boolean {
  const flags = new Int32Array(shared);
  Atomics.store(flags, 1, 1);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) if (Atomics.load(flags, 0) === 1) return true;
  return false;
}
`,
      'assets/cpu.ts': `
import { defineAsset } from '@trellis';
export const busy = defineAsset({
  key: 'cpu.busy',
  async materialize(ctx) {
    const shared = (globalThis as unknown as { __trellisFlags: SharedArrayBuffer }).__trellisFlags;
    const saw = await ctx.compute<SharedArrayBuffer, boolean>(new URL('./spin.ts', import.meta.url), 'spinUntilFlag', shared);
    await ctx.writeTable([{ name: 'saw_flag', type: 'BOOLEAN' }], [[saw]]);
  },
});
`,
      'trellis.config.ts': "export default { assets: ['assets/index.ts', 'assets/cpu.ts'] };\n",
    });
    env = projectEnv({ TRELLIS_HOME: tempHome() });
  });

  it('runs independent assets at the same time up to the limit', async () => {
    reset(10_000);
    const run = await materialize(dir, env, '--select', 'key:par.*', '--concurrency', '2');
    expect(run.code, run.stderr).toBe(0);
    expect(probe().max).toBe(2);
  }, 30_000);

  it('runs them one at a time with --concurrency 1', async () => {
    reset(50);
    const run = await materialize(dir, env, '--select', 'key:par.*', '--concurrency', '1');
    expect(run.code, run.stderr).toBe(0);
    expect(probe().max).toBe(1);
    expect(probe().started).toBe(2);
  }, 30_000);

  it('keeps the event loop free while ctx.compute busy-loops in a worker', async () => {
    const shared = new SharedArrayBuffer(8);
    const flags = new Int32Array(shared);
    (globalThis as { __trellisFlags?: SharedArrayBuffer }).__trellisFlags = shared;
    // Raised only by timer ticks that happen while the worker spins: impossible if it blocked this thread.
    let ticksWhileSpinning = 0;
    const timer = setInterval(() => {
      if (Atomics.load(flags, 1) === 1 && ++ticksWhileSpinning >= 3) Atomics.store(flags, 0, 1);
    }, 5);
    try {
      const run = await materialize(dir, env, '--select', 'cpu.busy');
      expect(run.code, run.stderr).toBe(0);
    } finally {
      clearInterval(timer);
    }
    expect(ticksWhileSpinning).toBeGreaterThanOrEqual(3);
    expect(await queryWarehouse(env.TRELLIS_HOME!, 'SELECT saw_flag FROM cpu.busy')).toEqual([{ saw_flag: true }]);
  }, 30_000);
});

describe('failures and retries', () => {
  let run: Materialized & { code: number; stderr: string };
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = makeProject({
      'assets/index.ts': `
import { defineAsset } from '@trellis';
const one = [{ name: 'n', type: 'BIGINT' as const }];
export const bad = defineAsset({ key: 'out.bad', async materialize() { throw new Error('boom: the API answered 500'); } });
export const child = defineAsset({ key: 'out.child', deps: ['out.bad'], async materialize(ctx) { await ctx.writeTable(one, [[1]]); } });
export const grandchild = defineAsset({ key: 'out.grandchild', deps: ['out.child'], async materialize(ctx) { await ctx.writeTable(one, [[1]]); } });
export const sibling = defineAsset({ key: 'out.sibling', async materialize(ctx) { await ctx.writeTable(one, [[1]]); } });
export const flaky = defineAsset({
  key: 'out.flaky', retry: { maxRetries: 2, delayMs: 10, backoff: 2 },
  async materialize(ctx) {
    if (ctx.attempt < 3) throw new Error(\`flaky attempt \${ctx.attempt}\`);
    await ctx.writeTable(one, [[ctx.attempt]]);
  },
});
export const hopeless = defineAsset({
  key: 'out.hopeless', retry: { maxRetries: 1, delayMs: 10, backoff: 2 },
  async materialize(ctx) { throw new Error(\`hopeless attempt \${ctx.attempt}\`); },
});
export const nothing = defineAsset({ key: 'out.nothing', retry: { maxRetries: 2, delayMs: 10, backoff: 1 }, async materialize() {} });
`,
    });
    env = projectEnv({ TRELLIS_HOME: tempHome() });
    run = await materialize(dir, env);
  }, 30_000);

  const stepsOf = async (runId: number) =>
    (await cli(['run', String(runId), '--json'], { projectDir: dir, env })).json<{ steps: Array<{ key: string; status: string; attempt: number }>; events: Array<{ key: string | null; message: string }> }>();

  it('skips only the downstream of a failed asset, and fails the run with exit code 1', () => {
    expect(run.code).toBe(1);
    expect(run.status).toBe('failed');
    const steps = byKey(run);
    expect(steps['out.bad']).toMatchObject({ decision: 'failed', reason: expect.stringContaining('boom: the API answered 500') });
    expect(steps['out.child']).toMatchObject({ decision: 'skipped', reason: 'upstream out.bad failed' });
    expect(steps['out.grandchild']).toMatchObject({ decision: 'skipped', reason: 'upstream out.bad failed' });
    expect(steps['out.sibling']).toMatchObject({ decision: 'ran', rows: 1 });
  });

  it('retries with backoff until an attempt succeeds', async () => {
    expect(byKey(run)['out.flaky']).toMatchObject({ decision: 'ran', rows: 1 });
    expect(await queryWarehouse(env.TRELLIS_HOME!, 'SELECT n FROM "out"."flaky"')).toEqual([{ n: 3 }]);
    const { steps, events } = await stepsOf(run.runId!);
    expect(steps.find((s) => s.key === 'out.flaky')).toMatchObject({ status: 'success', attempt: 3 });
    expect(events.filter((e) => e.key === 'out.flaky' && e.message.startsWith('attempt')).map((e) => e.message)).toEqual([
      'attempt 1 failed: flaky attempt 1; retrying in 10 ms',
      'attempt 2 failed: flaky attempt 2; retrying in 20 ms',
    ]);
  });

  it('fails once the retries are used up', async () => {
    expect(byKey(run)['out.hopeless']).toMatchObject({ decision: 'failed', reason: 'hopeless attempt 2' });
    const { steps } = await stepsOf(run.runId!);
    expect(steps.find((s) => s.key === 'out.hopeless')).toMatchObject({ status: 'failed', attempt: 2 });
  });

  it('fails a TypeScript asset that writes no table, saying how to fix it, without retrying', async () => {
    expect(byKey(run)['out.nothing']).toMatchObject({ decision: 'failed',
      reason: 'out.nothing wrote no table\n    fix: call ctx.writeTable(columns, rows) or ctx.loadFile(file, { format }), or create ctx.target' });
    const { steps } = await stepsOf(run.runId!);
    expect(steps.find((s) => s.key === 'out.nothing')).toMatchObject({ attempt: 1 });
  });
});

describe('last good tables', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let before: { revenue: Row[]; customers: Row[]; orders: Row[] };
  const snapshot = async () => ({
    revenue: await queryWarehouse(env.TRELLIS_HOME!, 'SELECT * FROM marts.revenue_by_customer ORDER BY customer_id'),
    customers: await queryWarehouse(env.TRELLIS_HOME!, 'SELECT * FROM staging.stg_customers ORDER BY id'),
    orders: await queryWarehouse(env.TRELLIS_HOME!, 'SELECT * FROM raw.orders ORDER BY id'),
  });

  beforeAll(async () => {
    dir = copyFixture('basic');
    env = projectEnv({ TRELLIS_HOME: tempHome(), FIXTURE_DATA_DIR: path.join(dir, 'data') });
    expect((await materialize(dir, env)).code).toBe(0);
    before = await snapshot();
    expect(before.revenue).toHaveLength(4);
  }, 30_000);

  const editFile = (file: string, change: (t: string) => string) => {
    const full = path.join(dir, file);
    const original = fs.readFileSync(full, 'utf8');
    fs.writeFileSync(full, change(original));
    return () => fs.writeFileSync(full, original);
  };

  it('keeps the previous table when its new SQL fails at run time', async () => {
    const restore = editFile('sql/marts/revenue_by_customer.sql', (t) => t.replace('sum(o.amount)', 'sum(o.no_such_column)'));
    try {
      const run = await materialize(dir, env, '--all');
      expect(run.code).toBe(1);
      expect(byKey(run)['staging.stg_customers']).toMatchObject({ decision: 'ran' });
      expect(byKey(run)['marts.revenue_by_customer']).toMatchObject({ decision: 'failed', reason: expect.stringContaining('no_such_column') });
      expect(byKey(run)['analytics.customer_scores']).toMatchObject({ decision: 'skipped', reason: 'upstream marts.revenue_by_customer failed' });
      expect(await snapshot()).toEqual(before);
      expect(await stagedRelations(env.TRELLIS_HOME!)).toEqual([]);
    } finally {
      restore();
    }
  }, 30_000);

  it('keeps the previous view when its new SQL fails', async () => {
    const restore = editFile('sql/staging/stg_customers.sql', (t) => t.replace('country', 'no_such_column'));
    try {
      const run = await materialize(dir, env);
      expect(run.code).toBe(1);
      expect(byKey(run)['staging.stg_customers']).toMatchObject({ decision: 'failed', reason: expect.stringContaining('no_such_column') });
      expect(byKey(run)['marts.revenue_by_customer']).toMatchObject({ decision: 'skipped', reason: 'upstream staging.stg_customers failed' });
      expect(await queryWarehouse(env.TRELLIS_HOME!, "SELECT table_type FROM information_schema.tables WHERE table_schema = 'staging' AND table_name = 'stg_customers'"))
        .toEqual([{ table_type: 'VIEW' }]);
      expect(await snapshot()).toEqual(before);
      expect(await stagedRelations(env.TRELLIS_HOME!)).toEqual([]);
    } finally {
      restore();
    }
  }, 30_000);

  it('keeps the previous table and skips the downstream when an error check fails', async () => {
    const restore = editFile('data/orders.csv', (t) => `${t}10,2,1.0,paid\n`);
    try {
      const run = await materialize(dir, env);
      expect(run.code).toBe(1);
      expect(byKey(run)['raw.orders']).toMatchObject({ decision: 'failed', reason: expect.stringMatching(/^blocked by check unique\(id\) \(1 failing row\); previous version kept$/) });
      expect(byKey(run)['staging.stg_orders']).toMatchObject({ decision: 'skipped', reason: 'upstream raw.orders failed' });
      expect(byKey(run)['marts.revenue_by_customer']).toMatchObject({ decision: 'skipped', reason: 'upstream raw.orders failed' });
      expect(run.checks).toContainEqual(expect.objectContaining({ asset: 'raw.orders', check: 'unique(id)', severity: 'error', passed: false, failingCount: 1 }));
      expect(await snapshot()).toEqual(before);
      expect(await stagedRelations(env.TRELLIS_HOME!)).toEqual([]);
    } finally {
      restore();
    }
  }, 30_000);

  it('publishes despite a failing warn check, and reports it', async () => {
    const restore = editFile('data/orders.csv', (t) => `${t}15,2,3.0,refunded\n`);
    try {
      const run = await materialize(dir, env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.status).toBe('success');
      expect(byKey(run)['staging.stg_orders']).toMatchObject({ decision: 'ran' });
      expect(run.checks).toContainEqual(expect.objectContaining({ asset: 'staging.stg_orders', check: 'accepted_values(status)', severity: 'warn', passed: false, failingCount: 1 }));
      expect(await queryWarehouse(env.TRELLIS_HOME!, "SELECT id FROM staging.stg_orders WHERE status = 'refunded'")).toEqual([{ id: 15 }]);
    } finally {
      restore();
    }
  }, 30_000);
});

describe('other processes', () => {
  // Writes its rows (ROWS_VERSION) to the staged table, then, when HOLD_DIR is set,
  // says so and waits for HOLD_DIR/release: the run is caught half-way.
  const files = {
    'assets/index.ts': `
import fs from 'node:fs';
import path from 'node:path';
import { defineAsset } from '@trellis';
export const held = defineAsset({
  key: 'slow.held',
  async materialize(ctx) {
    await ctx.writeTable([{ name: 'version', type: 'VARCHAR' }], [[process.env.ROWS_VERSION ?? 'v1']]);
    const dir = process.env.HOLD_DIR;
    if (!dir) return;
    fs.writeFileSync(path.join(dir, 'started'), String(process.pid));
    while (!fs.existsSync(path.join(dir, 'release'))) {
      ctx.signal.throwIfAborted();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  },
});
`,
    'sql/slow/summary.sql': "{{ config(materialized='table', schema='slow') }}\nselect version, count(*) as n from {{ ref('held') }} group by version\n",
  };

  /** A project materialized once in this process (rows `v1`). */
  async function materializedProject() {
    const dir = makeProject(files);
    const env = projectEnv({ TRELLIS_HOME: tempHome() });
    const run = await materialize(dir, env);
    expect(run.code, run.stderr).toBe(0);
    return { dir, env };
  }

  function startHeld(dir: string, env: NodeJS.ProcessEnv, argv: string[]) {
    const hold = tempDir('trellis-hold-');
    const s = spawnCli(argv, { projectDir: dir, env: { ...env, HOLD_DIR: hold, ROWS_VERSION: 'v2' } });
    spawned.push(s);
    return { ...s, hold, started: waitForFile(path.join(hold, 'started'), s), release: () => fs.writeFileSync(path.join(hold, 'release'), '') };
  }

  const runs = async (dir: string, env: NodeJS.ProcessEnv) =>
    (await cli(['runs', '--json'], { projectDir: dir, env })).json<Array<{ id: number; status: string; pid: number }>>();

  it('marks a killed run interrupted at the next command, leaving the last good tables', async () => {
    const { dir, env } = await materializedProject();
    const held = startHeld(dir, env, ['materialize', '--all']);
    await held.started;
    held.child.kill('SIGKILL');
    expect((await held.exited).signal).toBe('SIGKILL');

    const [latest] = await runs(dir, env);
    expect(latest).toMatchObject({ status: 'interrupted', pid: held.child.pid });
    const detail = (await cli(['run', String(latest!.id), '--json'], { projectDir: dir, env })).json<{ steps: Array<{ key: string; status: string }> }>();
    expect(detail.steps.find((s) => s.key === 'slow.held')!.status).toBe('interrupted');
    expect(detail.steps.find((s) => s.key === 'slow.summary')!.status).toBe('canceled');

    expect(await queryWarehouse(env.TRELLIS_HOME!, 'SELECT version FROM slow.held')).toEqual([{ version: 'v1' }]);
    expect(await queryWarehouse(env.TRELLIS_HOME!, 'SELECT version, n FROM slow.summary')).toEqual([{ version: 'v1', n: 1 }]);

    // The dead process's lock does not block the next run, which cleans up after it.
    const next = await materialize(dir, env, '--all');
    expect(next.code, next.stderr).toBe(0);
    expect(await stagedRelations(env.TRELLIS_HOME!)).toEqual([]);
  }, 60_000);

  it('refuses a second materialize naming the holder, or waits for it with --wait', async () => {
    const dir = makeProject(files);
    const env = projectEnv({ TRELLIS_HOME: tempHome() });
    const first = startHeld(dir, env, ['materialize']);
    await first.started;

    const refused = await cli(['materialize'], { projectDir: dir, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`another Trellis process is using the warehouse: pid ${first.child.pid}`);
    expect(refused.stderr).toContain('--wait');

    // --all always has work, so it cannot finish without taking the lock: it must wait for the first.
    const waiting = cli(['materialize', '--all', '--wait', '30', '--json'], { projectDir: dir, env });
    first.release();
    const done = await first.exited;
    expect(done.code, done.stderr).toBe(0);
    const second = await waiting;
    expect(second.code, second.stderr).toBe(0);
    expect(second.json().status).toBe('success');
    expect((await runs(dir, env)).map((r) => r.status)).toEqual(['success', 'success']);
  }, 60_000);

  it('cancels on Ctrl+C: run canceled, exit code 1, the last good tables kept', async () => {
    const { dir, env } = await materializedProject();
    const held = startHeld(dir, env, ['materialize', '--all']);
    await held.started;
    held.child.kill('SIGINT');
    const done = await held.exited;
    expect(done.code, done.stderr).toBe(1);
    expect(done.stderr).toContain('canceling');

    const [latest] = await runs(dir, env);
    expect(latest).toMatchObject({ status: 'canceled', pid: held.child.pid });
    expect(await queryWarehouse(env.TRELLIS_HOME!, 'SELECT version FROM slow.held')).toEqual([{ version: 'v1' }]);
    expect(await queryWarehouse(env.TRELLIS_HOME!, 'SELECT version, n FROM slow.summary')).toEqual([{ version: 'v1', n: 1 }]);
    expect(await stagedRelations(env.TRELLIS_HOME!)).toEqual([]);
  }, 60_000);
});
