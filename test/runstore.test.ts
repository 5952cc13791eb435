import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LATEST_VERSION, MIGRATIONS, RunStore, RunStoreError, RunStoreVersionError, migrate, schemaVersion,
  type RunSummary,
} from '../core/runstore/index.ts';

const DEAD_PID = 2 ** 30; // above any pid_max, so never a live process
const SQLITE = createRequire(import.meta.url).resolve('better-sqlite3');
const summary: RunSummary = { ran: 2, skipped: 1, failed: 0, checksFailed: 0, checksWarned: 1 };

let dir: string;
let opened: RunStore[];
let children: ChildProcess[];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-runstore-'));
  opened = [];
  children = [];
});

afterEach(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const s of opened) s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(file = 'state/runs.db'): RunStore {
  const store = RunStore.open(path.join(dir, file));
  opened.push(store);
  return store;
}

function newRun(store: RunStore, pid = process.pid, plannedKeys: string[] = ['raw.a', 'clean.b']): number {
  return store.createRun({ selection: '*', trigger: 'cli', pid, logicalDate: '2024-06-01', plannedKeys });
}

function materialization(runId: number, key: string, dataVersion: string) {
  return {
    runId, key, codeVersion: 'c1', dataVersion, inputVersions: { 'raw.a': 'd0' }, deps: ['raw.a'],
    rows: 10, durationMs: 5, metadata: {},
  };
}

/** Runs `script` in a child Node with better-sqlite3 as `Database` and the store file as `file`. */
function child(script: string, file: string): { proc: ChildProcess; line: Promise<string>; exit: Promise<number | null> } {
  const proc = spawn(process.execPath,
    ['-e', `const Database = require(${JSON.stringify(SQLITE)}); const file = process.argv[1];\n${script}`, file],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(proc);
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const line = new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    proc.on('exit', (code) => reject(new Error(`child exited (${code}) before writing a line: ${stderr}`)));
  });
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => {
    if (code) console.error(stderr);
    resolve(code);
  }));
  return { proc, line, exit };
}

describe('migrations', () => {
  it('apply to a fresh file, creating its directory', () => {
    const store = open('deep/er/runs.db');
    store.close();
    const db = new Database(path.join(dir, 'deep/er/runs.db'));
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all())
      .toEqual(MIGRATIONS.map((m) => m.version));
    db.close();
  });

  it('are idempotent on reopen and keep the data', () => {
    const first = open();
    const runId = newRun(first);
    first.close();
    const second = open();
    expect(second.getRun(runId)?.status).toBe('running');
    second.close();
    const db = new Database(path.join(dir, 'state/runs.db'));
    expect(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(LATEST_VERSION);
    db.close();
  });

  it('upgrade a store made at version 1 in place', () => {
    const file = path.join(dir, 'old.db');
    const db = new Database(file);
    expect(migrate(db, MIGRATIONS.slice(0, 1))).toBe(1);
    db.prepare(`INSERT INTO runs (status, selection, trigger, pid, logical_date, planned_keys, started_at)
      VALUES ('success', 'old', 'cli', 1, '2024-01-01', '["raw.a"]', '2024-01-01T00:00:00.000Z')`).run();
    db.close();

    const store = open('old.db');
    expect(store.listRuns().map((r) => [r.selection, r.status, r.plannedKeys])).toEqual([['old', 'success', ['raw.a']]]);
    store.putObservation('/data/a.xlsx', { size: 1, mtimeMs: 2, hash: 'h' }); // a table from version 2
    expect(store.getObservation('/data/a.xlsx')?.hash).toBe('h');
    store.close();
    const check = new Database(file);
    expect(schemaVersion(check)).toBe(LATEST_VERSION);
    check.close();
  });

  it('refuse a store written by a newer version, naming both versions', () => {
    open().close();
    const file = path.join(dir, 'state/runs.db');
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations VALUES (?, 'from the future', '2030-01-01T00:00:00.000Z')")
      .run(LATEST_VERSION + 1);
    db.close();
    expect(() => RunStore.open(file)).toThrow(RunStoreVersionError);
    expect(() => RunStore.open(file)).toThrow(
      `schema version ${LATEST_VERSION + 1}, but this Trellis knows only up to version ${LATEST_VERSION}`);
  });

  it('reject a list with a gap in its numbering', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [MIGRATIONS[1]!])).toThrow(/numbered 2, expected 1/);
    db.close();
  });
});

describe('RunStore', () => {
  it('uses WAL mode and enforces foreign keys', () => {
    const store = open();
    const db = new Database(path.join(dir, 'state/runs.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(() => store.appendEvent(999, { type: 'log', message: 'x' })).toThrow(/run 999 does not exist/);
    expect(() => store.recordDecision(999, 'raw.a', 'run', 'missing')).toThrow(RunStoreError);
  });

  it('works in memory', () => {
    const store = RunStore.open(':memory:');
    opened.push(store);
    expect(store.getRun(newRun(store))?.status).toBe('running');
  });

  it('keeps a run from start to finish with its summary', () => {
    const store = open();
    const id = newRun(store, 4242, ['raw.a']);
    const started = store.getRun(id)!;
    expect(started).toMatchObject({
      id, status: 'running', selection: '*', trigger: 'cli', pid: 4242, logicalDate: '2024-06-01',
      plannedKeys: ['raw.a'], endedAt: null, durationMs: null, summary: null,
    });
    expect(started.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    store.finishRun(id, 'failed', summary);
    const done = store.getRun(id)!;
    expect(done.status).toBe('failed');
    expect(done.summary).toEqual(summary);
    expect(done.endedAt! >= done.startedAt).toBe(true);
    expect(done.durationMs).toBeGreaterThanOrEqual(0);
    expect(store.getRun(id + 1)).toBeUndefined();
    expect(() => store.finishRun(id + 1, 'success', summary)).toThrow(/run \d+ does not exist/);
    expect(() => store.finishRun(id, 'running', summary)).toThrow(RunStoreError);
  });

  it('lists runs newest first, filtered by status and asset, paged', () => {
    const store = open();
    const ids = [newRun(store), newRun(store), newRun(store), newRun(store)];
    store.finishRun(ids[0]!, 'success', summary);
    store.finishRun(ids[2]!, 'success', summary);
    store.recordDecision(ids[1]!, 'clean.b', 'run', 'missing');
    store.recordDecision(ids[3]!, 'clean.b', 'skip', 'fresh');
    store.recordDecision(ids[3]!, 'raw.a', 'skip', 'fresh');

    expect(store.listRuns().map((r) => r.id)).toEqual([...ids].reverse());
    expect(store.listRuns({ status: 'success' }).map((r) => r.id)).toEqual([ids[2], ids[0]]);
    expect(store.listRuns({ asset: 'clean.b' }).map((r) => r.id)).toEqual([ids[3], ids[1]]);
    expect(store.listRuns({ asset: 'clean.b', status: 'running', limit: 1 }).map((r) => r.id)).toEqual([ids[3]]);
    expect(store.listRuns({ limit: 2, offset: 1 }).map((r) => r.id)).toEqual([ids[2], ids[1]]);
  });

  it('keeps decisions in order and steps through their outcome', () => {
    const store = open();
    const run = newRun(store);
    store.recordDecision(run, 'raw.z', 'run', 'missing');
    store.recordDecision(run, 'raw.a', 'skip', 'fresh');
    store.recordDecision(run, 'clean.b', 'run', 'code version changed');
    store.recordDecision(run, 'raw.a', 'run', 'selected'); // revised before it started
    expect(store.steps(run).map((s) => [s.key, s.decision, s.status, s.reason])).toEqual([
      ['raw.z', 'run', 'pending', 'missing'],
      ['raw.a', 'run', 'pending', 'selected'],
      ['clean.b', 'run', 'pending', 'code version changed'],
    ]);

    store.startStep(run, 'raw.z', 1);
    expect(store.steps(run)[0]).toMatchObject({ status: 'running', attempt: 1, endedAt: null });
    store.finishStep(run, 'raw.z', { status: 'failed', error: 'boom' });
    store.startStep(run, 'raw.z', 2); // retry
    store.finishStep(run, 'raw.z', { status: 'success', rows: 12, attempts: 2 });
    store.finishStep(run, 'clean.b', { status: 'skipped', reason: 'upstream raw.a failed' });

    const [z, a, b] = store.steps(run);
    expect(z).toMatchObject({ runId: run, status: 'success', attempt: 2, rows: 12, error: null, decision: 'run' });
    expect(z!.durationMs).toBeGreaterThanOrEqual(0);
    expect(z!.endedAt! >= z!.startedAt!).toBe(true);
    expect(a).toMatchObject({ status: 'pending', startedAt: null });
    expect(b).toMatchObject({ status: 'skipped', reason: 'upstream raw.a failed', startedAt: null, durationMs: null });

    store.recordDecision(run, 'raw.z', 'skip', 'late'); // a started step keeps its status
    expect(store.steps(run)[0]).toMatchObject({ decision: 'skip', status: 'success' });
    expect(() => store.startStep(run, 'raw.nope', 1)).toThrow(/no step for raw\.nope; call recordDecision/);
    expect(() => store.finishStep(run, 'raw.nope', { status: 'success' })).toThrow(RunStoreError);
  });

  it('finds the newest materialization per key across runs', () => {
    const store = open();
    const r1 = newRun(store);
    const r2 = newRun(store);
    store.recordMaterialization(materialization(r1, 'raw.a', 'a1'));
    store.recordMaterialization(materialization(r1, 'clean.b', 'b1'));
    store.recordMaterialization(materialization(r2, 'raw.a', 'a2'));
    store.recordMaterialization({
      ...materialization(r2, 'mart.c', 'c1'), inputVersions: { 'raw.a': 'a2', 'clean.b': 'b1' },
      deps: ['raw.a', 'clean.b'], rows: null, metadata: { bytes: 12n, huge: 2n ** 70n, nested: { ok: true } },
    });

    const latest = store.latestMaterializations();
    expect([...latest.keys()].sort()).toEqual(['clean.b', 'mart.c', 'raw.a']);
    expect(latest.get('raw.a')).toMatchObject({ runId: r2, dataVersion: 'a2', codeVersion: 'c1', rows: 10 });
    expect(latest.get('clean.b')).toMatchObject({ runId: r1, dataVersion: 'b1' });
    expect(latest.get('mart.c')).toMatchObject({
      inputVersions: { 'raw.a': 'a2', 'clean.b': 'b1' }, deps: ['raw.a', 'clean.b'], rows: null,
      metadata: { bytes: 12, huge: (2n ** 70n).toString(), nested: { ok: true } },
    });
    expect(store.materializationHistory('raw.a').map((m) => m.dataVersion)).toEqual(['a2', 'a1']);
    expect(store.materializationHistory('raw.a', 1).map((m) => m.dataVersion)).toEqual(['a2']);
    expect(store.materializationHistory('raw.none')).toEqual([]);
  });

  it('reports the latest finished attempt per asset', () => {
    const store = open();
    const r1 = newRun(store);
    const r2 = newRun(store);
    const r3 = newRun(store);
    for (const key of ['raw.a', 'clean.b']) {
      store.recordDecision(r1, key, 'run', 'missing');
      store.startStep(r1, key, 1);
      store.finishStep(r1, key, { status: 'success' });
    }
    store.recordDecision(r2, 'raw.a', 'run', 'stale');
    store.startStep(r2, 'raw.a', 1);
    store.finishStep(r2, 'raw.a', { status: 'failed', error: 'division by zero' });
    store.recordDecision(r3, 'raw.a', 'skip', 'upstream failed'); // a skip is not an attempt
    store.recordDecision(r3, 'clean.b', 'run', 'stale');
    store.startStep(r3, 'clean.b', 1); // still running: not finished

    const attempts = store.latestAttempts();
    expect(attempts.size).toBe(2);
    expect(attempts.get('raw.a')).toMatchObject({ runId: r2, status: 'failed', error: 'division by zero' });
    expect(attempts.get('raw.a')!.endedAt).toMatch(/Z$/);
    expect(attempts.get('clean.b')).toMatchObject({ runId: r1, status: 'success', error: null });
  });

  it('round-trips check results with sample rows and keeps the newest per check', () => {
    const store = open();
    const r1 = newRun(store);
    const r2 = newRun(store);
    const sample = [{ id: 1n, email: null, when: '2024-01-02', tags: ['a', 'b'] }, { id: 2, email: 'x@y' }];
    const base = { key: 'clean.b', severity: 'error' as const, failingCount: null, message: null, sample: [], metadata: {} };
    store.recordCheckResult({ ...base, runId: r1, check: 'not_null(email)', passed: false, failingCount: 2,
      message: '2 rows have a null email', sample, metadata: { sql: 'SELECT …' } });
    store.recordCheckResult({ ...base, runId: r1, check: 'unique(id)', passed: true, failingCount: 0 });
    store.recordCheckResult({ ...base, runId: r2, check: 'not_null(email)', passed: true, failingCount: 0 });
    store.recordCheckResult({ ...base, runId: r2, key: 'raw.a', check: 'row_count', severity: 'warn', passed: false });

    const [first] = store.checkResults({ runId: r1 });
    expect(first).toMatchObject({
      runId: r1, key: 'clean.b', check: 'not_null(email)', severity: 'error', passed: false, failingCount: 2,
      message: '2 rows have a null email', metadata: { sql: 'SELECT …' },
    });
    expect(first!.sample).toEqual([{ id: 1, email: null, when: '2024-01-02', tags: ['a', 'b'] }, { id: 2, email: 'x@y' }]);
    expect(store.checkResults({ runId: r1 })).toHaveLength(2);
    expect(store.checkResults({ key: 'clean.b' })).toHaveLength(3);
    expect(store.checkResults({ runId: r2, key: 'raw.a' }).map((c) => c.check)).toEqual(['row_count']);
    expect(store.checkResults({})).toHaveLength(4);
    expect(store.latestCheckResults('clean.b').map((c) => [c.check, c.runId, c.passed])).toEqual([
      ['not_null(email)', r2, true],
      ['unique(id)', r1, true],
    ]);
  });

  it('summarizes failed checks when a run is interrupted', () => {
    const store = open();
    const run = newRun(store, DEAD_PID);
    store.recordCheckResult({ runId: run, key: 'raw.a', check: 'c', severity: 'warn', passed: false,
      failingCount: 1, message: null, sample: [], metadata: {} });
    store.markInterruptedRuns();
    expect(store.getRun(run)!.summary).toEqual({ ran: 0, skipped: 0, failed: 0, checksFailed: 0, checksWarned: 1 });
  });

  it('appends events that can be tailed by id', () => {
    const store = open();
    expect(store.lastEventId()).toBe(0);
    const r1 = newRun(store);
    const r2 = newRun(store);
    const e1 = store.appendEvent(r1, { type: 'run_started', message: 'started' });
    const e2 = store.appendEvent(r2, { type: 'log', key: 'raw.a', level: 'warn', message: 'odd', data: { n: 3n } });
    const e3 = store.appendEvent(r1, { type: 'step_started', key: 'raw.a', message: 'raw.a' });
    expect(e1 < e2 && e2 < e3).toBe(true);

    expect(store.events(r1)).toMatchObject([
      { id: e1, runId: r1, type: 'run_started', key: null, level: 'info', message: 'started', data: null },
      { id: e3, type: 'step_started', key: 'raw.a' },
    ]);
    expect(store.events(r1, e1).map((e) => e.id)).toEqual([e3]);
    expect(store.eventsSince(e1).map((e) => e.id)).toEqual([e2, e3]);
    expect(store.eventsSince(0, 2).map((e) => e.id)).toEqual([e1, e2]);
    expect(store.eventsSince(e3)).toEqual([]);
    expect(store.lastEventId()).toBe(e3);
    expect(store.events(r2)[0]).toMatchObject({ level: 'warn', data: { n: 3 } });
  });

  it('caches source observations', () => {
    const store = open();
    expect(store.getObservation('/data/raw/Clients.xlsx')).toBeUndefined();
    store.putObservation('/data/raw/Clients.xlsx', { size: 100, mtimeMs: 1717000000000.25, hash: 'h1' });
    store.putObservation('/data/raw/Clients.xlsx', { size: 120, mtimeMs: 1717000000001.5, hash: 'h2' });
    expect(store.getObservation('/data/raw/Clients.xlsx')).toEqual({ size: 120, mtimeMs: 1717000000001.5, hash: 'h2' });
  });
});

describe('the warehouse lock', () => {
  it('refuses a second holder, naming the first', () => {
    const store = open();
    const alive = () => true;
    expect(store.acquireLock({ pid: 1001, command: 'trellis materialize' }, alive)).toEqual({ acquired: true });
    const refused = store.acquireLock({ pid: 1002, command: 'trellis ui' }, alive);
    expect(refused).toMatchObject({ acquired: false, holder: { pid: 1001, command: 'trellis materialize' } });
    expect(refused.acquired === false && refused.holder.since).toMatch(/Z$/);
    expect(store.acquireLock({ pid: 1001, command: 'trellis materialize' }, alive)).toEqual({ acquired: true });

    store.releaseLock(1002); // not the holder: nothing happens
    expect(store.acquireLock({ pid: 1002, command: 'trellis ui' }, alive).acquired).toBe(false);
    store.releaseLock(1001);
    expect(store.acquireLock({ pid: 1002, command: 'trellis ui' }, alive)).toEqual({ acquired: true });
  });

  it('takes over a lock whose holder died', () => {
    const store = open();
    expect(store.acquireLock({ pid: DEAD_PID, command: 'trellis materialize' }).acquired).toBe(true);
    expect(store.acquireLock({ pid: process.pid, command: 'trellis materialize' })).toEqual({ acquired: true });
    const other = open();
    expect(other.acquireLock({ pid: 1, command: 'x' }, (pid) => pid === process.pid))
      .toMatchObject({ acquired: false, holder: { pid: process.pid } });
  });

  it('is refused while another process holds it, and taken once that process dies', async () => {
    const store = open();
    const file = path.join(dir, 'state/runs.db');
    const holder = child(`
      const db = new Database(file);
      db.pragma('busy_timeout = 5000');
      db.prepare("INSERT INTO warehouse_lock (id, pid, command, since) VALUES (1, ?, 'trellis materialize', ?)")
        .run(process.pid, new Date().toISOString());
      console.log('held');
      setInterval(() => {}, 1000);`, file);
    expect(await holder.line).toBe('held');

    const refused = store.acquireLock({ pid: process.pid, command: 'trellis materialize' });
    expect(refused).toMatchObject({ acquired: false, holder: { pid: holder.proc.pid, command: 'trellis materialize' } });

    holder.proc.kill('SIGKILL');
    await holder.exit;
    expect(store.acquireLock({ pid: process.pid, command: 'trellis materialize' })).toEqual({ acquired: true });
  });
});

describe('interrupted runs', () => {
  it('marks runs of dead processes interrupted and leaves live ones alone', () => {
    const store = open();
    const dead = newRun(store, DEAD_PID);
    const live = newRun(store, process.pid);
    store.recordDecision(dead, 'raw.a', 'run', 'missing');
    store.recordDecision(dead, 'clean.b', 'run', 'missing');
    store.recordDecision(dead, 'mart.c', 'skip', 'fresh');
    store.startStep(dead, 'raw.a', 1);
    store.recordDecision(live, 'raw.a', 'run', 'missing');
    store.startStep(live, 'raw.a', 1);

    expect(store.markInterruptedRuns()).toEqual([dead]);
    const run = store.getRun(dead)!;
    expect(run.status).toBe('interrupted');
    expect(run.endedAt).not.toBeNull();
    expect(run.summary).toEqual({ ran: 0, skipped: 1, failed: 1, checksFailed: 0, checksWarned: 0 });
    expect(store.steps(dead).map((s) => [s.key, s.status])).toEqual([
      ['raw.a', 'interrupted'], ['clean.b', 'canceled'], ['mart.c', 'skipped'],
    ]);
    expect(store.steps(dead)[0]!.error).toBe('the run was interrupted');
    expect(store.getRun(live)!.status).toBe('running');
    expect(store.steps(live)[0]!.status).toBe('running');
    expect(store.markInterruptedRuns()).toEqual([]);
  });

  it('uses the given liveness test', () => {
    const store = open();
    const run = newRun(store, process.pid);
    expect(store.markInterruptedRuns(() => false)).toEqual([run]);
  });
});

describe('concurrent writers', () => {
  it('two connections on one file interleave writes without loss', () => {
    const a = open();
    const b = open();
    const runA = newRun(a);
    const runB = newRun(b);
    for (let i = 0; i < 200; i++) {
      a.appendEvent(runA, { type: 'log', message: `a${i}` });
      b.appendEvent(runB, { type: 'log', message: `b${i}` });
      a.recordMaterialization(materialization(runA, `s.k${i % 50}`, `a${i}`));
      b.recordMaterialization(materialization(runB, `s.k${i % 50}`, `b${i}`));
      b.putObservation(`/f${i}`, { size: i, mtimeMs: i, hash: `h${i}` });
    }
    const c = open();
    expect(c.events(runA)).toHaveLength(200);
    expect(c.events(runB)).toHaveLength(200);
    expect(c.eventsSince(0, 10_000).map((e) => e.id)).toEqual([...Array(400).keys()].map((i) => i + 1));
    expect(c.materializationHistory('s.k7')).toHaveLength(8);
    expect(c.latestMaterializations().get('s.k49')!.dataVersion).toBe('b199');
    expect(c.getObservation('/f199')?.hash).toBe('h199');

    const db = new Database(path.join(dir, 'state/runs.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('two processes appending at once lose nothing', async () => {
    const store = open();
    const run = newRun(store);
    const writer = child(`
      const db = new Database(file);
      db.pragma('busy_timeout = 5000');
      const insert = db.prepare("INSERT INTO events (run_id, type, level, message, created_at) VALUES (?, 'log', 'info', ?, ?)");
      console.log('ready');
      for (let i = 0; i < 2000; i++) insert.run(${run}, 'child ' + i, new Date().toISOString());
      db.close();`, path.join(dir, 'state/runs.db'));
    await writer.line;
    for (let i = 0; i < 2000; i++) store.appendEvent(run, { type: 'log', message: `parent ${i}` });
    expect(await writer.exit).toBe(0);

    const events = store.events(run);
    expect(events).toHaveLength(4000);
    expect(events.filter((e) => e.message.startsWith('child'))).toHaveLength(2000);
    expect(new Set(events.map((e) => e.id)).size).toBe(4000);
  });
});

describe('latest state per asset', () => {
  const materialization = (runId: number, key: string, data: string, inputs: Record<string, string>) => ({
    runId, key, codeVersion: `c-${data}`, dataVersion: data, inputVersions: inputs, deps: Object.keys(inputs).reverse(),
    rows: 1, durationMs: 1, metadata: { note: data },
  });

  it('keeps the newest materialization of each asset with its inputs aligned to its sorted deps', () => {
    const store = open();
    const first = newRun(store);
    store.recordMaterialization(materialization(first, 'clean.b', 'b1', { 'raw.z': 'z1', 'raw.a': 'a1' }));
    const second = newRun(store);
    store.recordMaterialization(materialization(second, 'clean.b', 'b2', { 'raw.z': 'z2', 'raw.a': 'a2' }));
    store.recordMaterialization(materialization(second, 'raw.a', 'a2', {}));
    const states = store.latestStates();
    expect(states.get('clean.b')).toMatchObject({ runId: second, codeVersion: 'c-b2', dataVersion: 'b2',
      depsText: 'raw.a\nraw.z', inputsText: 'a2\nz2', deps: ['raw.a', 'raw.z'], inputVersions: { 'raw.a': 'a2', 'raw.z': 'z2' } });
    expect(states.get('raw.a')).toMatchObject({ depsText: '', inputsText: '', deps: [], inputVersions: {} });
    expect(states.get('clean.b')!.dataVersion).toBe(store.latestMaterializations().get('clean.b')!.dataVersion);
  });

  /** A store file as schema `version` left it, with one run; `materialize` adds a materialization of it and returns its id. */
  function storeAtVersion(name: string, version: number) {
    const file = path.join(dir, name);
    const db = new Database(file);
    migrate(db, MIGRATIONS.slice(0, version), file);
    db.prepare(`INSERT INTO runs (status, selection, trigger, pid, logical_date, planned_keys, started_at)
      VALUES ('success', '*', 'cli', 1, '2024-06-01', '[]', '2024-06-01T00:00:00.000Z')`).run();
    const insert = db.prepare(`INSERT INTO materializations (run_id, asset_key, code_version, data_version, input_versions,
      deps, rows, duration_ms, metadata, created_at) VALUES (1, ?, 'c', ?, ?, ?, 1, 1, '{}', '2024-06-01T00:00:00.000Z')`);
    const materialize = (key: string, data: string, inputs = '{}', deps = '[]') => Number(insert.run(key, data, inputs, deps).lastInsertRowid);
    return { file, db, materialize };
  }

  it('is filled from the history when a store from before it is upgraded', () => {
    const { db, materialize } = storeAtVersion('old.db', 4);
    materialize('clean.b', 'b1', '{"raw.a":"a1","raw.z":"z1"}', '["raw.a","raw.z"]');
    materialize('clean.b', 'b2', '{"raw.a":"a2","raw.z":"z2"}', '["raw.a","raw.z"]');
    db.prepare(`INSERT INTO asset_state (asset_key, materialization_id) VALUES ('clean.b', 2)`).run();
    db.close();
    const store = open('old.db');
    expect(store.latestStates().get('clean.b')).toMatchObject({ runId: 1, dataVersion: 'b2', depsText: 'raw.a\nraw.z', inputsText: 'a2\nz2' });
  });

  it('knows, after the upgrade that adds them, the input ids a state had before it', () => {
    const { file, db, materialize } = storeAtVersion('v8.db', 8);
    const point = db.prepare(`INSERT INTO asset_state (asset_key, materialization_id, run_id, code_version, data_version, deps_text,
      inputs_text, packed) VALUES (@key, @id, 1, 'c', @data, @deps, @inputs, concat_ws(char(31), @key, 1, 'c', @data, @deps, @inputs))`);
    const state = (key: string, data: string, deps = '', inputs = '') =>
      point.run({ key, id: materialize(key, data), data, deps, inputs });
    state('raw.a', 'a1');
    state('clean.b', 'b1', 'raw.a\nraw.z', 'a1\nz1'); // raw.z is materialized after clean.b: its id is not the one read
    state('raw.z', 'z1');
    state('clean.c', 'c1', 'raw.a', 'a0');
    db.close();
    open('v8.db').close();
    const upgraded = new Database(file, { readonly: true });
    expect(Object.fromEntries(upgraded.prepare('SELECT asset_key, ids FROM asset_state').raw().all() as [string, string][]))
      .toEqual({ 'raw.a': '1', 'clean.b': '2,1,0', 'raw.z': '3', 'clean.c': '4,0' });
    // The columns that repeated the packed fields are gone; the fields read as before.
    expect(upgraded.prepare(`SELECT name FROM pragma_table_info('asset_state')`).pluck().all()).toEqual(['asset_key', 'materialization_id', 'packed', 'ids']);
    upgraded.close();
    expect(open('v8.db').latestStates().get('clean.b')).toMatchObject({ dataVersion: 'b1', depsText: 'raw.a\nraw.z', inputsText: 'a1\nz1' });
  });
});
