/**
 * SIGKILL at each step of publishing a table, through the real CLI: while
 * the table is built under its staging name, inside the publish transaction,
 * just after it, and just before the run's end is recorded. Each time the
 * published table is the old one or the new one, never neither; the run is
 * marked interrupted; and the next `materialize` rebuilds only what is needed
 * and leaves no staging table behind.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanupTemp } from '../support/project.ts';
import { killChildren, stagedLeftovers, staleProject, storeIntegrity, versions } from './support.ts';

afterAll(cleanupTemp);
afterEach(killChildren);

const ran = (r: { assets: Array<{ key: string; decision: string }> }) => r.assets.filter((a) => a.decision === 'ran').map((a) => a.key).sort();

describe('SIGKILL while publishing', () => {
  it('during the table build: the old tables stay, the next run rebuilds f.a and f.b only', async () => {
    const p = await staleProject();
    const killed = await p.run(['materialize'], { TRELLIS_FAULTS: 'build.staged=kill' });
    expect(killed.signal).toBe('SIGKILL');
    expect(await versions(p)).toEqual({ a: 'v1', b: 'v1' });

    const next = await p.materialize();
    const [, interrupted] = p.runs();
    expect(interrupted).toMatchObject({ status: 'interrupted', steps: { 'f.a': 'interrupted', 'f.b': 'canceled' } });
    expect(ran(next)).toEqual(['f.a', 'f.b']);
    expect(await versions(p)).toEqual({ a: 'v2', b: 'v2' });
    expect(await stagedLeftovers(p)).toEqual([]);
    expect(storeIntegrity(p.home)).toBe('ok');
  });

  it('inside the publish transaction: the old table is intact (rolled back), then rebuilt', async () => {
    const p = await staleProject();
    const killed = await p.run(['materialize'], { TRELLIS_FAULTS: 'publish.before-commit=kill' });
    expect(killed.signal).toBe('SIGKILL');
    expect(await versions(p)).toEqual({ a: 'v1', b: 'v1' });

    const next = await p.materialize();
    expect(p.runs()[1]!.status).toBe('interrupted');
    expect(ran(next)).toEqual(['f.a', 'f.b']);
    expect(await versions(p)).toEqual({ a: 'v2', b: 'v2' });
    expect(await stagedLeftovers(p)).toEqual([]);
  });

  it('just after the publish: the new table is in, unrecorded, so the next run builds it again and then its downstream', async () => {
    const p = await staleProject();
    const killed = await p.run(['materialize'], { TRELLIS_FAULTS: 'publish.after-commit=kill' });
    expect(killed.signal).toBe('SIGKILL');
    expect(await versions(p)).toEqual({ a: 'v2', b: 'v1' });

    const next = await p.materialize();
    expect(p.runs()[1]).toMatchObject({ status: 'interrupted', steps: { 'f.a': 'interrupted' } });
    expect(ran(next)).toEqual(['f.a', 'f.b']);
    expect(await versions(p)).toEqual({ a: 'v2', b: 'v2' });
  });

  it('after every table, before the run is recorded as finished: nothing to redo', async () => {
    const p = await staleProject();
    const killed = await p.run(['materialize'], { TRELLIS_FAULTS: 'runstore.before-finish=kill' });
    expect(killed.signal).toBe('SIGKILL');
    expect(await versions(p)).toEqual({ a: 'v2', b: 'v2' });

    const next = await p.run(['materialize']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toContain('nothing to do');
    expect(p.runs()[0]).toMatchObject({ status: 'interrupted', steps: { 'f.a': 'success', 'f.b': 'success' } });
  });

  it('a staging table left by a killed --all is dropped by the next command that opens the warehouse', async () => {
    const p = await staleProject();
    await p.materialize();
    const killed = await p.run(['materialize', '--all'], { TRELLIS_FAULTS: 'build.staged=kill' });
    expect(killed.signal).toBe('SIGKILL');
    expect(await stagedLeftovers(p)).toEqual(['f.a__trellis_staged']);
    // A no-op does not open the warehouse (that is what keeps it fast); a run of anything else does, and tidies.
    const next = await p.materialize(['--select', 'f.c']);
    expect(ran(next)).toEqual(['f.c']);
    expect(await stagedLeftovers(p)).toEqual([]);
    expect(await versions(p)).toEqual({ a: 'v2', b: 'v2' });
  });
});
