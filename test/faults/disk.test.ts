/**
 * Disks that fail under Trellis, through the real CLI: the state directory
 * full before a command and in the middle of a run, the warehouse's disk
 * full, and a read-only state directory. Each is a real file system: a small
 * tmpfs, filled to the last byte, and a read-only bind mount (this machine's
 * tests run as root, which ignores file permissions, so chmod would prove
 * nothing). Every time: a clear error, the last good tables intact, and the
 * next run, once the disk is fixed, brings everything up to date.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanupTemp, tempDir, tempHome } from '../support/project.ts';
import { faultProject, killChildren, reached, release, stagedLeftovers, staleProject, storeIntegrity, versions } from './support.ts';

const mounted: string[] = [];
afterEach(() => {
  killChildren();
  for (const dir of mounted.splice(0).reverse()) execFileSync('umount', [dir]);
});
afterAll(cleanupTemp);

function mount(args: readonly string[], dir?: string): void {
  try {
    execFileSync('mount', [...args], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`these tests need to mount file systems (as root): \`mount ${args.join(' ')}\` failed: ${(error as { stderr?: Buffer }).stderr ?? error}`);
  }
  if (dir) mounted.push(dir);
}

/** A new directory on a tmpfs of `mb` megabytes. */
function smallDisk(mb: number): string {
  const dir = tempDir('trellis-disk-');
  mount(['-t', 'tmpfs', '-o', `size=${mb}m`, 'tmpfs', dir], dir);
  return dir;
}

/** Fills the file system holding `dir` to the last byte; returns how to free it again. */
function fill(dir: string): () => void {
  const file = path.join(dir, 'filler');
  const fd = fs.openSync(file, 'w');
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) fs.writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  for (let small = Buffer.alloc(512); ;) {
    try { fs.writeSync(fd, small); } catch { break; }
  }
  fs.closeSync(fd);
  expect(fs.statfsSync(dir).bavail).toBe(0);
  return () => fs.rmSync(file);
}

const ran = (r: { assets: Array<{ key: string; decision: string }> }) => r.assets.filter((a) => a.decision === 'ran').map((a) => a.key).sort();

describe('a full disk', () => {
  it('under the state directory, before the command: a clear error, then the next run catches up', async () => {
    const home = smallDisk(16);
    const p = faultProject(undefined, home);
    await p.materialize();
    p.edit('v2');
    const free = fill(home);
    const refused = await p.run(['materialize']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`error: the disk holding the run store ${path.join(home, 'runs.sqlite')} is full`);
    expect(refused.stderr).toContain(`fix: free space there (\`df -h ${home}\`)`);
    free();
    expect(await versions(p)).toEqual({ a: 'v1', b: 'v1' });
    expect(ran(await p.materialize())).toEqual(['f.a', 'f.b']);
    expect(await versions(p)).toEqual({ a: 'v2', b: 'v2' });
    expect(storeIntegrity(home)).toBe('ok');
  });

  it('under the state directory, in the middle of a run: old or new tables, never neither, and no run left running', async () => {
    const home = smallDisk(16);
    const p = faultProject(undefined, home);
    await p.materialize();
    p.edit('v2');
    const pause = tempDir('trellis-pause-');
    const run = p.start(['materialize'], { TRELLIS_FAULTS: `build.staged=pause:${pause}` });
    await reached(pause, 'build.staged', run);
    const free = fill(home);
    release(pause, 'build.staged');
    const done = await run.exited;
    expect(done.code).not.toBe(0);
    expect(`${done.stdout}\n${done.stderr}`).toMatch(/No space left on device|is full/);
    free();
    expect(['v1', 'v2']).toContain((await versions(p)).a);
    const next = await p.materialize();
    expect(next.status).toBe('success');
    expect(await versions(p)).toEqual({ a: 'v2', b: 'v2' });
    expect(p.runs().filter((r) => r.status === 'running')).toEqual([]);
    expect(await stagedLeftovers(p)).toEqual([]);
    expect(storeIntegrity(home)).toBe('ok');
  });

  it('under the warehouse: the step fails naming the disk, the old table stays, the next run rebuilds', async () => {
    const disk = smallDisk(16);
    const p = faultProject(undefined, tempHome(), path.join(disk, 'warehouse.duckdb'));
    await p.materialize();
    p.edit('v2');
    const free = fill(disk);
    const failed = await p.run(['materialize']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/✗ f\.a: SQL failed: .*No space left on device/);
    expect(failed.stderr).toContain('f.b  upstream f.a failed');
    free();
    expect(await versions(p)).toEqual({ a: 'v1', b: 'v1' });
    expect(ran(await p.materialize())).toEqual(['f.a', 'f.b']);
    expect(await versions(p)).toEqual({ a: 'v2', b: 'v2' });
  });
});

describe('a read-only state directory', () => {
  it('is refused with the directory named and the fix; made writable again, the next run catches up', async () => {
    const home = tempHome();
    const p = faultProject(undefined, home);
    await p.materialize();
    p.edit('v2');
    mount(['--bind', home, home], home);
    mount(['-o', 'remount,bind,ro', home]); // the same mount, now read-only
    const refused = await p.run(['materialize']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`error: the run store ${path.join(home, 'runs.sqlite')} cannot be written`);
    expect(refused.stderr).toContain(`fix: make ${home} and its files writable by this user, or set TRELLIS_HOME to a writable directory`);
    expect(refused.stderr).not.toContain('    at ');
    execFileSync('umount', [mounted.pop()!]);
    expect(await versions(p)).toEqual({ a: 'v1', b: 'v1' });
    expect(ran(await p.materialize())).toEqual(['f.a', 'f.b']);
    expect(storeIntegrity(home)).toBe('ok');
  });
});
