/**
 * Staleness on the basic fixture, end to end: what a user edits (SQL, source
 * files) and what the status, its causes and the next run say about it.
 * One project is materialized once; each test works on a copy of it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace, type StaleStatus } from '../core/index.ts';
import { cleanupTemp, cli, copyFixture, projectEnv, tempDir, tempHome } from './support/project.ts';

interface Copy {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
}

let template: Copy;

function envFor(dir: string, home: string): NodeJS.ProcessEnv {
  return projectEnv({ TRELLIS_HOME: home, FIXTURE_DATA_DIR: path.join(dir, 'data') });
}

beforeAll(async () => {
  const dir = copyFixture('basic');
  template = { dir, env: envFor(dir, tempHome()) };
  const r = await cli(['materialize', '--json'], { projectDir: dir, env: template.env });
  expect(r.code, r.stderr).toBe(0);
}, 60_000);

afterAll(cleanupTemp);

/** A copy of the materialized project and its state, for one test to change. */
function materializedCopy(): Copy {
  const dir = tempDir('trellis-basic-copy-');
  const home = tempDir('trellis-home-copy-');
  fs.cpSync(template.dir, dir, { recursive: true });
  fs.cpSync(template.env.TRELLIS_HOME!, home, { recursive: true });
  return { dir, env: envFor(dir, home) };
}

async function statuses(p: Copy): Promise<Map<string, StaleStatus>> {
  const ws = await openWorkspace(p.dir, p.env);
  try {
    return new Map(ws.status().statuses);
  } finally {
    ws.close();
  }
}

function edit(p: Copy, file: string, change: (text: string) => string): void {
  const full = path.join(p.dir, file);
  const before = fs.readFileSync(full, 'utf8');
  const after = change(before);
  expect(after, `edit of ${file} changed nothing`).not.toBe(before);
  fs.writeFileSync(full, after);
}

async function materialize(p: Copy, ...args: string[]) {
  const r = await cli(['materialize', '--json', ...args], { projectDir: p.dir, env: p.env });
  return { code: r.code, stderr: r.stderr, ...r.json<{ runId: number | null; status: string; assets: Array<{ key: string; decision: string; reason: string }> }>() };
}

const decisions = (assets: ReadonlyArray<{ key: string; decision: string; reason: string }>) =>
  Object.fromEntries(assets.map((a) => [a.key, `${a.decision}: ${a.reason}`]));

const KEYS = ['raw.customers', 'raw.orders', 'staging.stg_customers', 'staging.stg_orders', 'marts.revenue_by_customer', 'analytics.customer_scores'];

const summary = (s: Map<string, StaleStatus>) => Object.fromEntries([...s].map(([k, v]) => [k, v.status]));

describe('staleness', () => {
  it('is fresh everywhere after a full materialization', async () => {
    const s = await statuses(template);
    expect(summary(s)).toEqual(Object.fromEntries(KEYS.map((k) => [k, 'fresh'])));
    for (const status of s.values()) expect(status.causes).toEqual([]);
  });

  it('marks an edited SQL model stale for its code and its downstream for the upstream', async () => {
    const p = materializedCopy();
    edit(p, 'sql/staging/stg_orders.sql', (t) => t.replace('lower(status)', 'upper(status)'));
    const s = await statuses(p);
    expect(s.get('staging.stg_orders')).toEqual({ status: 'stale', causes: [
      expect.objectContaining({ kind: 'code_changed', message: expect.stringContaining('code changed (sql/staging/stg_orders.sql)') }),
    ] });
    expect(s.get('marts.revenue_by_customer')).toEqual({ status: 'stale', causes: [
      { kind: 'upstream_stale', upstream: 'staging.stg_orders', message: 'upstream staging.stg_orders is stale' },
    ] });
    expect(s.get('analytics.customer_scores')!.causes.map((c) => c.message)).toEqual(['upstream marts.revenue_by_customer is stale']);
    expect(s.get('staging.stg_customers')!.status).toBe('fresh');
    expect(s.get('raw.orders')!.status).toBe('fresh');
  });

  it('ignores whitespace and comment edits', async () => {
    const p = materializedCopy();
    edit(p, 'sql/staging/stg_orders.sql', (t) => `/* Reformatted. */\n${t.replace('select id, customer_id,', 'select\n    id,   -- the key\n    customer_id,\n   ')}\n\n`);
    edit(p, 'sql/marts/revenue_by_customer.sql', (t) => `${t}\n-- trailing note\n`);
    expect(summary(await statuses(p))).toEqual(Object.fromEntries(KEYS.map((k) => [k, 'fresh'])));
    expect((await materialize(p)).runId).toBeNull();
  });

  it('marks a source stale when its file changes, and everything downstream of it', async () => {
    const p = materializedCopy();
    edit(p, 'data/orders.csv', (t) => `${t}15,2,3.5,paid\n`);
    const s = await statuses(p);
    expect(s.get('raw.orders')).toEqual({ status: 'stale', causes: [
      expect.objectContaining({ kind: 'source_changed', message: expect.stringMatching(/^source file changed .*: orders\.csv$/) }),
    ] });
    expect(s.get('staging.stg_orders')!.causes.map((c) => c.message)).toEqual(['upstream raw.orders is stale']);
    expect(s.get('marts.revenue_by_customer')!.status).toBe('stale');
    expect(s.get('analytics.customer_scores')!.status).toBe('stale');
    expect(s.get('raw.customers')!.status).toBe('fresh');
    expect(s.get('staging.stg_customers')!.status).toBe('fresh');

    const run = await materialize(p);
    expect(run.code).toBe(0);
    expect(run.assets.map((a) => [a.key, a.decision])).toEqual([
      ['raw.orders', 'ran'], ['staging.stg_orders', 'ran'], ['marts.revenue_by_customer', 'ran'], ['analytics.customer_scores', 'ran'],
    ]);
    expect(summary(await statuses(p))).toEqual(Object.fromEntries(KEYS.map((k) => [k, 'fresh'])));
  });

  it('keeps a source fresh when its file is touched but its content is the same', async () => {
    const p = materializedCopy();
    const file = path.join(p.dir, 'data/orders.csv');
    fs.writeFileSync(file, fs.readFileSync(file));
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(file, later, later);
    expect((await statuses(p)).get('raw.orders')!.status).toBe('fresh');
    expect((await materialize(p)).runId).toBeNull();
  });

  it('names an upstream rebuilt on its own as having new data', async () => {
    const p = materializedCopy();
    edit(p, 'data/customers.csv', (t) => t.replace('Dan', 'Daniel'));
    const run = await materialize(p, '--select', 'raw.customers');
    expect(decisions(run.assets)).toEqual({
      'raw.customers': expect.stringMatching(/^ran: selected; source file changed/),
      'staging.stg_customers': 'skipped: not selected (stale)',
      'marts.revenue_by_customer': 'skipped: not selected (stale)',
      'analytics.customer_scores': 'skipped: not selected (stale)',
    });
    const s = await statuses(p);
    expect(s.get('raw.customers')!.status).toBe('fresh');
    expect(s.get('staging.stg_customers')).toEqual({ status: 'stale', causes: [
      expect.objectContaining({ kind: 'upstream_data', upstream: 'raw.customers', message: expect.stringMatching(/^upstream raw\.customers has new data \(run \d+\)/) }),
    ] });
  });

  it('skips the downstream of a rebuild whose data comes out identical, which then stays fresh', async () => {
    const p = materializedCopy();
    // A different query, the same rows.
    edit(p, 'sql/marts/revenue_by_customer.sql', (t) => t.replace(/select[\s\S]*$/, (q) => `select * from (\n${q}\n) as same_rows`));
    const s = await statuses(p);
    expect(s.get('marts.revenue_by_customer')!.causes.map((c) => c.kind)).toEqual(['code_changed']);
    expect(s.get('analytics.customer_scores')!.causes.map((c) => c.kind)).toEqual(['upstream_stale']);

    const run = await materialize(p);
    expect(run.code).toBe(0);
    expect(decisions(run.assets)).toEqual({
      'marts.revenue_by_customer': expect.stringMatching(/^ran: code changed/),
      'analytics.customer_scores': 'skipped: inputs unchanged',
    });
    expect(summary(await statuses(p))).toEqual(Object.fromEntries(KEYS.map((k) => [k, 'fresh'])));
    expect((await materialize(p)).runId).toBeNull();
  });

  it('skips a table downstream of a source whose rows were only reordered', async () => {
    const p = materializedCopy();
    edit(p, 'data/orders.csv', (t) => {
      const [header, ...rows] = t.trimEnd().split('\n');
      return `${[header, ...rows.reverse()].join('\n')}\n`;
    });
    const run = await materialize(p);
    expect(decisions(run.assets)).toEqual({
      'raw.orders': expect.stringMatching(/^ran: source file changed/),
      'staging.stg_orders': expect.stringMatching(/^ran: /),
      'marts.revenue_by_customer': expect.stringMatching(/^ran: /),
      'analytics.customer_scores': 'skipped: inputs unchanged',
    });
    expect(summary(await statuses(p))).toEqual(Object.fromEntries(KEYS.map((k) => [k, 'fresh'])));
  });

  it('names a dependency added or removed', async () => {
    const p = materializedCopy();
    edit(p, 'sql/staging/stg_customers.sql', (t) => `${t.trim()}\nwhere id in (select customer_id from {{ source('raw', 'orders') }}) or true\n`);
    edit(p, 'sql/marts/revenue_by_customer.sql', () =>
      "{{ config(materialized='table') }}\nselect customer_id, sum(amount) as revenue from {{ ref('stg_orders') }} group by customer_id\n");
    const s = await statuses(p);
    expect(s.get('staging.stg_customers')!.causes).toEqual(expect.arrayContaining([
      { kind: 'dependency_added', upstream: 'raw.orders', message: 'dependency added: raw.orders' },
    ]));
    expect(s.get('marts.revenue_by_customer')!.causes).toEqual(expect.arrayContaining([
      { kind: 'dependency_removed', upstream: 'staging.stg_customers', message: 'dependency removed: staging.stg_customers' },
    ]));
    expect(s.get('marts.revenue_by_customer')!.status).toBe('stale');
  });

  it('marks an asset whose last attempt failed as failed, until it succeeds again', async () => {
    const p = materializedCopy();
    const sql = path.join(p.dir, 'sql/marts/revenue_by_customer.sql');
    const good = fs.readFileSync(sql, 'utf8');
    fs.writeFileSync(sql, good.replace('sum(o.amount)', 'sum(o.no_such_column)'));
    const run = await materialize(p);
    expect(run.code).toBe(1);
    const s = await statuses(p);
    const failed = s.get('marts.revenue_by_customer')!;
    expect(failed.status).toBe('failed');
    expect(failed.causes).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'last_attempt_failed', runId: run.runId, message: expect.stringMatching(new RegExp(`^last attempt failed in run ${run.runId}: .*no_such_column`)) }),
    ]));
    expect(s.get('analytics.customer_scores')!.causes.map((c) => c.message)).toEqual(['upstream marts.revenue_by_customer is failed']);

    fs.writeFileSync(sql, good);
    const again = await materialize(p);
    expect(again.code).toBe(0);
    expect(decisions(again.assets)['marts.revenue_by_customer']).toMatch(/^ran: last attempt failed/);
    expect(summary(await statuses(p))).toEqual(Object.fromEntries(KEYS.map((k) => [k, 'fresh'])));
  });

  it('names the missing file of a source', async () => {
    const p = materializedCopy();
    const file = path.join(p.dir, 'data/orders.csv');
    fs.rmSync(file);
    const s = await statuses(p);
    expect(s.get('raw.orders')).toEqual({ status: 'stale', causes: [
      expect.objectContaining({ kind: 'source_missing', message: expect.stringContaining(`source file missing: ${file}`) }),
    ] });
    expect(s.get('staging.stg_orders')!.status).toBe('stale');
  });

  it('reports a never-materialized project as missing', async () => {
    const dir = copyFixture('basic');
    const s = await statuses({ dir, env: envFor(dir, tempHome()) });
    expect(summary(s)).toEqual(Object.fromEntries(KEYS.map((k) => [k, 'missing'])));
    expect(s.get('raw.orders')!.causes.map((c) => c.message)).toEqual(['never materialized']);
  });
});
