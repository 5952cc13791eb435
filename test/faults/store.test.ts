/**
 * The run store under faults, through the real CLI: another writer holding
 * its lock (the CLI waits, then stops with a clear error, and nothing is
 * corrupted), and a damaged file (a clear error naming the recovery command;
 * `trellis store repair` keeps the damaged file, salvages what it can, and
 * the next `materialize` brings the warehouse back in line).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanupTemp } from '../support/project.ts';
import { faultProject, killChildren, storeIntegrity, versions } from './support.ts';

afterAll(cleanupTemp);
afterEach(killChildren);

const ran = (r: { assets: Array<{ key: string; decision: string }> }) => r.assets.filter((a) => a.decision === 'ran').map((a) => a.key).sort();

describe('the run store locked by another writer', () => {
  it('waits for a writer that finishes within 5 s', async () => {
    const p = faultProject();
    await p.materialize();
    const db = new Database(path.join(p.home, 'runs.sqlite'));
    db.exec('BEGIN IMMEDIATE');
    const run = p.start(['materialize', '--all', '--json']);
    await new Promise((r) => setTimeout(r, 1500));
    db.exec('COMMIT');
    db.close();
    const done = await run.exited;
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout).status).toBe('success');
  });

  it('stops with a clear error after 5 s, writes nothing, and the store stays sound', async () => {
    const p = faultProject();
    await p.materialize();
    const before = p.runs();
    const db = new Database(path.join(p.home, 'runs.sqlite'));
    db.exec('BEGIN IMMEDIATE');
    try {
      const t0 = Date.now();
      const done = await p.run(['materialize', '--all']);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(5000);
      expect(done.code).toBe(2);
      expect(done.stderr).toContain(`error: the run store ${path.join(p.home, 'runs.sqlite')} stayed locked by another process for more than 5 s; nothing was written`);
      expect(done.stderr).toContain('fix: another program (or a Trellis command) is writing to it: run again when it is done');
      expect(done.stderr).not.toContain('SqliteError');
    } finally {
      db.exec('ROLLBACK');
      db.close();
    }
    expect(storeIntegrity(p.home)).toBe('ok');
    expect(p.runs()).toEqual(before);
    const next = await p.materialize(['--all']);
    expect(next.status).toBe('success');
  });
});

describe('a damaged run store', () => {
  it('that is not a database at all: a clear error, then `trellis store repair` starts afresh and the next run rebuilds', async () => {
    const p = faultProject();
    await p.materialize();
    const file = path.join(p.home, 'runs.sqlite');
    // Checkpointed and closed: the WAL is folded in, so the damage below is the whole story.
    fs.rmSync(`${file}-wal`, { force: true });
    fs.rmSync(`${file}-shm`, { force: true });
    fs.writeFileSync(file, Buffer.alloc(8192, 'not a database '));

    const refused = await p.run(['list']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`error: the run store ${file} is damaged: file is not a database`);
    expect(refused.stderr).toContain('fix: run `trellis store repair`');

    const repaired = await p.run(['store', 'repair']);
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stdout).toContain(`repaired the run store ${file}`);
    const kept = fs.readdirSync(p.home).filter((f) => f.startsWith('runs.sqlite.damaged-'));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(p.home, kept[0]!), 'utf8')).toMatch(/^not a database/);

    expect((await p.run(['store', 'repair'])).stdout).toContain('is healthy: nothing to repair');
    const next = await p.materialize();
    expect(ran(next)).toEqual(['f.a', 'f.b', 'f.c']);
    expect(await versions(p)).toEqual({ a: 'v1', b: 'v1' });
    expect(storeIntegrity(p.home)).toBe('ok');
  });

  it('with a damaged page: the readable history is salvaged', async () => {
    const p = faultProject();
    await p.materialize();
    p.edit('v2');
    await p.materialize();
    const file = path.join(p.home, 'runs.sqlite');
    const db = new Database(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    // The page holding the events index: damage that SQLite notices, leaving the tables readable.
    const page = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'events_run'").pluck().get() as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize, 0xab), 0, pageSize, (page - 1) * pageSize);
    fs.closeSync(fd);
    expect(storeIntegrity(p.home)).not.toBe('ok');

    const repaired = await p.run(['store', 'repair']);
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stdout).toMatch(/runs: 2 rows salvaged/);
    expect(repaired.stdout).toMatch(/materializations: 5 rows salvaged/);
    expect(storeIntegrity(p.home)).toBe('ok');
    // The history survived: nothing is stale, so nothing runs.
    const next = await p.run(['materialize']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toContain('nothing to do');
  });
});
