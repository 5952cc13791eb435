/**
 * The run loop's two hard paths, in process against a real DuckDB file and
 * SQLite store: a run store that fails after a successful publish (not a
 * build failure, never retried, the run marked failed), and a run that
 * breaks while another step is still running (no new step starts, the
 * running one is aborted and awaited before `materialize` settles). Also the
 * scheduler alone, and the user-code boundary keeping the cause's stack.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace, type Workspace } from '../core/index.ts';
import { materialize, schedule } from '../core/execution/index.ts';
import { planLaunch } from '../core/launch.ts';
import { cleanupTemp, makeProject, projectEnv, queryWarehouse, tempHome } from './support/project.ts';

afterAll(cleanupTemp);

interface Probe { firstCalls: number; slowStarted: boolean; slowSettled: boolean; slowSawAbort: boolean }
const probe = () => (globalThis as { __execProbe?: Probe }).__execProbe!;

const PROJECT = {
  'assets/index.ts': `
import { defineAsset } from '@trellis';
interface Probe { firstCalls: number; slowStarted: boolean; slowSettled: boolean; slowSawAbort: boolean }
const probe = () => (globalThis as unknown as { __execProbe: Probe }).__execProbe;
export const first = defineAsset({ key: 'exec.first', retry: { maxRetries: 3, delayMs: 1 }, async materialize(ctx) {
  probe().firstCalls++;
  // Waits for the slow asset to be under way, so that the failure below lands while it runs.
  for (let i = 0; i < 200 && !probe().slowStarted; i++) await new Promise((r) => setTimeout(r, 10));
  await ctx.writeTable([{ name: 'n', type: 'BIGINT' }], [[1], [2]]);
} });
export const slow = defineAsset({ key: 'exec.slow', async materialize(ctx) {
  probe().slowStarted = true;
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 20_000);
      ctx.signal.addEventListener('abort', () => { clearTimeout(timer); probe().slowSawAbort = true; resolve(); });
    });
    // Cleanup that takes a while: materialize must not settle before it is done.
    await new Promise((r) => setTimeout(r, 300));
    ctx.signal.throwIfAborted();
    await ctx.writeTable([{ name: 'n', type: 'BIGINT' }], [[1]]);
  } finally {
    probe().slowSettled = true;
  }
} });
export const after = defineAsset({ key: 'exec.after', deps: ['exec.first'], async materialize(ctx) {
  await ctx.writeTable([{ name: 'n', type: 'BIGINT' }], [[1]]);
} });
export const broken = defineAsset({ key: 'exec.broken', retry: { maxRetries: 0 }, async materialize() {
  JSON.parse('{ not json');
} });
`,
  'sql/exec/bad_sql.sql': `SELECT * FROM nowhere_at_all`,
  'sql/exec/schema.yml': 'config:\n  schema: exec\n',
};

/** Opens the project in a fresh state directory, its run store failing on the first `recordMaterialization`. */
async function workspaceWithFailingBookkeeping(): Promise<{ ws: Workspace; home: string }> {
  const home = tempHome();
  const ws = await openWorkspace(makeProject(PROJECT), projectEnv({ TRELLIS_HOME: home }));
  const record = ws.store.recordMaterialization.bind(ws.store);
  let failed = false;
  ws.store.recordMaterialization = (m) => {
    if (!failed) {
      failed = true;
      throw new Error('SQLITE_IOERR: disk I/O error');
    }
    record(m);
  };
  return { ws, home };
}

async function run(ws: Workspace, select: string, concurrency = 1) {
  const launch = planLaunch(ws, { select });
  return ws.withWarehouse('test', (warehouse) => materialize({
    project: ws.project, store: ws.store, warehouse, plan: launch.plan, statuses: launch.status.statuses,
    sources: launch.status.sources, history: launch.status.history, selection: select, concurrency,
  }));
}

beforeEach(() => {
  (globalThis as { __execProbe?: Probe }).__execProbe = { firstCalls: 0, slowStarted: true, slowSettled: false, slowSawAbort: false };
});

describe('a run store failing after a successful publish', () => {
  it('fails the run with the store error, without building the asset again', async () => {
    const { ws, home } = await workspaceWithFailingBookkeeping();
    try {
      await expect(run(ws, 'exec.first')).rejects.toThrow('SQLITE_IOERR: disk I/O error');
      // Built once although it has three retries: the build succeeded, the bookkeeping did not.
      expect(probe().firstCalls).toBe(1);
      const [last] = ws.store.listRuns({ limit: 1 });
      expect(last).toMatchObject({ status: 'failed' });
      expect(ws.store.events(last!.id).at(-1)?.message).toContain('failed: SQLITE_IOERR: disk I/O error');
      // Published before the store failed: the table is there, and the lock is free for the next run.
      expect(await queryWarehouse(home, 'SELECT count(*)::INT AS n FROM exec.first')).toEqual([{ n: 2 }]);
      const next = await run(ws, 'exec.first');
      expect(next.status).toBe('success');
    } finally {
      ws.close();
    }
  });
});

describe('a run that breaks while another step runs', () => {
  it('starts nothing more, aborts the running step and waits for it before settling', async () => {
    probe().slowStarted = false;
    const { ws } = await workspaceWithFailingBookkeeping();
    try {
      const outcome = run(ws, 'exec.first or exec.slow or exec.after', 2);
      await expect(outcome).rejects.toThrow('SQLITE_IOERR');
      const p = probe();
      expect(p).toMatchObject({ slowSawAbort: true, slowSettled: true });
      const [last] = ws.store.listRuns({ limit: 1 });
      const steps = Object.fromEntries(ws.store.steps(last!.id).map((s) => [s.key, s]));
      expect(last!.status).toBe('failed');
      expect(steps['exec.slow']).toMatchObject({ status: 'canceled' });
      expect(steps['exec.slow']!.reason).toMatch(/^run failed: SQLITE_IOERR/);
      // Downstream of the asset whose bookkeeping failed: never started.
      expect(steps['exec.after']!.status).toBe('pending');
    } finally {
      ws.close();
    }
  });
});

describe('the user-code boundary', () => {
  it('records a failing asset body and failing SQL with their phase, cause and stack', async () => {
    const home = tempHome();
    const ws = await openWorkspace(makeProject(PROJECT), projectEnv({ TRELLIS_HOME: home }));
    try {
      const result = await run(ws, 'exec.broken or exec.bad_sql');
      const byKey = Object.fromEntries(result.steps.map((s) => [s.key, s]));
      expect(byKey['exec.broken']).toMatchObject({ decision: 'failed', attempts: 1 });
      expect(byKey['exec.broken']!.reason).toMatch(/JSON/);
      expect(byKey['exec.bad_sql']!.reason).toMatch(/^SQL failed: Catalog Error: Table with name nowhere_at_all does not exist/);
      const failures = ws.store.events(result.runId).filter((e) => e.type === 'attempt_failed');
      const broken = failures.find((e) => e.key === 'exec.broken')!;
      // The asset's own stack, under the boundary's: where the JSON.parse was called from.
      expect(String(broken.data?.stack)).toMatch(/caused by: SyntaxError[^]*assets[/\\]index\.ts/);
      const sql = failures.find((e) => e.key === 'exec.bad_sql')!;
      expect(String(sql.data?.stack)).toContain('caused by: ');
    } finally {
      ws.close();
    }
  });
});

describe('the scheduler', () => {
  const steps = ['a', 'b', 'c', 'd'].map((key) => ({ key }));
  const deps: Record<string, string[]> = { a: [], b: [], c: ['a'], d: ['b'] };

  it('runs every step after its dependencies, at most `limit` at a time', async () => {
    const order: string[] = [];
    let running = 0;
    let peak = 0;
    await schedule(steps, 2, (k) => deps[k]!, async (s) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      order.push(s.key);
      running--;
    });
    expect(peak).toBe(2);
    expect(order.indexOf('c')).toBeGreaterThan(order.indexOf('a'));
    expect(order.indexOf('d')).toBeGreaterThan(order.indexOf('b'));
  });

  it('on a rejection starts nothing more, calls onFailure once, and rejects after the running steps settle', async () => {
    const started: string[] = [];
    let bSettled = false;
    const failures: unknown[] = [];
    const outcome = schedule(steps, 2, (k) => deps[k]!, async (s) => {
      started.push(s.key);
      if (s.key === 'a') throw new Error('store broke');
      await new Promise((r) => setTimeout(r, 50));
      bSettled = true;
    }, (error) => failures.push(error));
    await expect(outcome).rejects.toThrow('store broke');
    expect(bSettled).toBe(true);
    expect(started).toEqual(['a', 'b']);
    expect(failures).toHaveLength(1);
  });
});
