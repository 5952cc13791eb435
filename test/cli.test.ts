/**
 * The CLI contract scripts rely on: exit codes (0 ok, 1 an asset or blocking
 * check failed, 2 bad usage or invalid project), the `--json` shapes of
 * DESIGN.md, selections, and the texts of `why`, `lineage` and `run`.
 * Driven in-process through `main()`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, RunStore } from '../core/index.ts';
import { cleanupTemp, cli, copyFixture, projectEnv, tempHome } from './support/project.ts';

afterAll(cleanupTemp);

function basicCopy() {
  const dir = copyFixture('basic');
  return { dir, env: projectEnv({ TRELLIS_HOME: tempHome(), FIXTURE_DATA_DIR: path.join(dir, 'data') }) };
}

describe('usage errors exit with 2 and say what to do', () => {
  let project: { dir: string; env: NodeJS.ProcessEnv };
  const run = (...argv: string[]) => cli(argv, { projectDir: project.dir, env: project.env });

  beforeAll(() => {
    project = basicCopy();
  });

  it('an unknown command, with a suggestion and the help', async () => {
    const r = await run('materialise');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'materialise'; did you mean 'materialize'?");
    expect(r.stderr).toContain('usage: trellis <command>');
  });

  it('an unknown flag, or one the command does not take', async () => {
    const unknown = await run('list', '--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--bogus'");
    const misplaced = await run('list', '--all');
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain('list does not take --all\n    usage: trellis list [--select S] [--json]');
  });

  it('a bad --concurrency, or --all with --select', async () => {
    for (const value of ['0', '-2', 'many', '1.5']) {
      const r = await run('materialize', `--concurrency=${value}`);
      expect(r.code, value).toBe(2);
      expect(r.stderr).toContain(`--concurrency must be a positive integer, got '${value}'`);
    }
    const both = await run('materialize', '--all', '--select', 'raw.orders');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--all and --select cannot be combined');
  });

  it('a bad --wait, --logical-date or --limit, before anything waits or runs', async () => {
    for (const value of ['soon', '0', '-1']) {
      const r = await run('materialize', `--wait=${value}`);
      expect(r.code, value).toBe(2);
      expect(r.stderr).toContain(`--wait must be a positive number, got '${value}'`);
    }
    for (const value of ['2024-02-30', '2024-13-01', "2024-01-01' OR '1", 'yesterday']) {
      const r = await run('materialize', `--logical-date=${value}`);
      expect(r.code, value).toBe(2);
      expect(r.stderr).toContain(`--logical-date must be a day as YYYY-MM-DD, got '${value}'`);
    }
    const limit = await run('runs', '--limit=lots');
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain("--limit must be a positive integer, got 'lots'");
  });

  it('a selection that matches nothing, with a caret under the culprit', async () => {
    const r = await run('list', '--select', 'group:staging and tag:nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("selection 'group:staging and tag:nope' matches no asset: no asset has tag 'nope'\n" +
      '  group:staging and tag:nope\n' +
      '                    ^');
    const typo = await run('materialize', '--select', 'group:mart');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("no asset in group 'mart', did you mean 'marts'?");
    const unclosed = await run('plan', '--select', '(raw.orders');
    expect(unclosed.code).toBe(2);
    expect(unclosed.stderr).toContain('unclosed parenthesis');
  });

  it('an unknown key for why and lineage, with the nearest key', async () => {
    for (const command of ['why', 'lineage']) {
      const r = await run(command, 'marts.revenue_by_custmer');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("no asset 'marts.revenue_by_custmer'; did you mean 'marts.revenue_by_customer'?");
    }
    expect((await run('why')).code).toBe(2);
  });

  it('an unknown run', async () => {
    const r = await run('run', '99');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no run '99'");
  });

  it('none of which touched the warehouse', async () => {
    const list = await run('list', '--json');
    expect(list.code).toBe(0);
    expect(list.json<Array<{ status: string }>>().every((a) => a.status === 'missing')).toBe(true);
    expect((await run('runs', '--json')).json()).toEqual([]);
  });
});

describe('a project from scratch', () => {
  let project: { dir: string; env: NodeJS.ProcessEnv };
  const run = (...argv: string[]) => cli(argv, { projectDir: project.dir, env: project.env });
  const edit = (file: string, change: (t: string) => string) => {
    const full = path.join(project.dir, file);
    const original = fs.readFileSync(full, 'utf8');
    fs.writeFileSync(full, change(original));
    return () => fs.writeFileSync(full, original);
  };
  const decisions = (json: { assets: Array<{ key: string; decision: string; reason: string }> }) =>
    Object.fromEntries(json.assets.map((a) => [a.key, `${a.decision}: ${a.reason}`]));

  beforeAll(() => {
    project = basicCopy();
  });

  it('list --json: key, kind, group, tags, status, causes', async () => {
    const r = await run('list', '--json');
    expect(r.code).toBe(0);
    const assets = r.json<Array<Record<string, unknown>>>();
    expect(assets.map((a) => a.key)).toEqual(['raw.customers', 'raw.orders', 'staging.stg_customers', 'staging.stg_orders',
      'marts.revenue_by_customer', 'analytics.customer_scores']);
    for (const a of assets) expect(Object.keys(a).sort()).toEqual(['causes', 'group', 'key', 'kind', 'status', 'tags']);
    expect(assets.find((a) => a.key === 'analytics.customer_scores')).toEqual({ key: 'analytics.customer_scores', kind: 'ts', group: 'analytics',
      tags: { ml: '', team: 'sales' }, status: 'missing', causes: ['never materialized'] });
    expect(assets.find((a) => a.key === 'raw.orders')).toMatchObject({ kind: 'source', group: 'sources', tags: {} });
    const selected = (await run('list', '--json', '--select', 'tag:ml')).json<Array<{ key: string }>>();
    expect(selected.map((a) => a.key)).toEqual(['analytics.customer_scores']);
  });

  it('materialize --json with --select +KEY: the key and its upstream, decisions and checks', async () => {
    const r = await run('materialize', '--json', '--select', '+marts.revenue_by_customer');
    expect(r.code, r.stderr).toBe(0);
    const json = r.json();
    expect(Object.keys(json).sort()).toEqual(['assets', 'checks', 'durationMs', 'runId', 'status']);
    expect(json).toMatchObject({ runId: 1, status: 'success', durationMs: expect.any(Number) });
    for (const a of json.assets) expect(Object.keys(a).sort()).toEqual(['decision', 'durationMs', 'key', 'reason', 'rows']);
    expect(decisions(json)).toEqual({
      'raw.customers': 'ran: selected; never materialized',
      'raw.orders': 'ran: selected; never materialized',
      'staging.stg_customers': 'ran: selected; never materialized',
      'staging.stg_orders': 'ran: selected; never materialized',
      'marts.revenue_by_customer': 'ran: selected; never materialized',
      'analytics.customer_scores': 'skipped: not selected (missing)',
    });
    expect(json.assets.find((a: { key: string }) => a.key === 'marts.revenue_by_customer').rows).toBe(4);
    expect(json.checks).toContainEqual({ asset: 'marts.revenue_by_customer', check: 'unique(customer_id)', severity: 'error',
      passed: true, failingCount: 0, message: null });
    expect(json.checks).toHaveLength(13);
  });

  it('materialize with no option brings the rest up to date, then has nothing to do', async () => {
    const first = await run('materialize', '--json');
    expect(first.code).toBe(0);
    expect(decisions(first.json())).toEqual({ 'analytics.customer_scores': 'ran: never materialized' });
    const again = await run('materialize', '--json');
    expect(again.code).toBe(0);
    expect(again.json()).toEqual({ runId: null, status: 'success', durationMs: 0, assets: [], checks: [] });
    const text = await run('materialize');
    expect(text.stdout).toBe('nothing to do: all 6 assets are fresh');
  });

  it('--select group:G rebuilds the group even when fresh', async () => {
    const r = await run('materialize', '--json', '--select', 'group:staging');
    expect(r.code).toBe(0);
    expect(decisions(r.json())).toEqual({
      'staging.stg_customers': 'ran: selected (fresh, rebuilt on request)',
      'staging.stg_orders': 'ran: selected (fresh, rebuilt on request)',
    });
  });

  describe('after editing a model', () => {
    let restore: () => void;
    beforeAll(() => {
      restore = edit('sql/staging/stg_orders.sql', (t) => t.replace('lower(status)', 'upper(status)'));
    });
    afterAll(() => restore());

    it('plan --json: each step, why, whether it is conditional, and its expected time', async () => {
      const r = await run('plan', '--json');
      expect(r.code).toBe(0);
      const plan = r.json();
      expect(plan.mode).toBe('stale');
      expect(plan.steps).toEqual([
        { key: 'staging.stg_orders', action: 'run', reason: expect.stringContaining('code changed (sql/staging/stg_orders.sql)'), conditional: false, expectedMs: expect.any(Number), expectedBytes: null, expectedBytesBilled: null },
        { key: 'marts.revenue_by_customer', action: 'run', reason: 'upstream staging.stg_orders is stale', conditional: true, expectedMs: expect.any(Number), expectedBytes: null, expectedBytesBilled: null },
        { key: 'analytics.customer_scores', action: 'run', reason: 'upstream marts.revenue_by_customer is stale', conditional: true, expectedMs: expect.any(Number), expectedBytes: null, expectedBytesBilled: null },
      ]);
      const text = await run('plan');
      expect(text.stdout).toContain('run?');
      expect(text.stdout).toContain('3 to run');
      // DuckDB reports no bytes: no column for them, no cost.
      expect(text.stdout).not.toContain('BYTES');
      expect(text.stdout).not.toContain('$');
    });

    it('why: the status and each cause in words', async () => {
      const own = await run('why', 'staging.stg_orders');
      expect(own.code).toBe(0);
      expect(own.stdout).toContain('staging.stg_orders  stale');
      expect(own.stdout).toContain('why it is stale:\n    - code changed (sql/staging/stg_orders.sql)');
      const downstream = await run('why', 'marts.revenue_by_customer');
      expect(downstream.stdout).toContain('- upstream staging.stg_orders is stale');
      expect(downstream.stdout).toContain('inputs unchanged');
      const fresh = await run('why', 'staging.stg_customers');
      expect(fresh.stdout).toContain('staging.stg_customers  fresh');
      expect(fresh.stdout).toMatch(/last materialized in run \d+/);
      const json = (await run('why', 'staging.stg_orders', '--json')).json();
      expect(json).toMatchObject({ key: 'staging.stg_orders', status: 'stale', causes: [{ kind: 'code_changed' }] });
    });

    it('--select S --stale touches only the stale members of S', async () => {
      const r = await run('materialize', '--json', '--select', 'group:staging', '--stale');
      expect(r.code).toBe(0);
      expect(decisions(r.json())).toEqual({
        'staging.stg_customers': 'skipped: fresh',
        'staging.stg_orders': expect.stringMatching(/^ran: code changed/),
        'marts.revenue_by_customer': 'skipped: not selected (stale)',
        'analytics.customer_scores': 'skipped: not selected (stale)',
      });
    });
  });

  it('lineage: upstream and downstream trees, or one direction', async () => {
    const both = await run('lineage', 'marts.revenue_by_customer');
    expect(both.code).toBe(0);
    expect(both.stdout).toBe([
      'upstream of marts.revenue_by_customer',
      '  ↖ staging.stg_customers',
      '    ↖ raw.customers',
      '  ↖ staging.stg_orders',
      '    ↖ raw.orders',
      'downstream of marts.revenue_by_customer',
      '  ↘ analytics.customer_scores',
    ].join('\n'));
    const down = await run('lineage', 'raw.orders', '--down');
    expect(down.stdout).toBe('downstream of raw.orders\n  ↘ staging.stg_orders\n    ↘ marts.revenue_by_customer\n      ↘ analytics.customer_scores');
    expect((await run('lineage', 'raw.orders', '--up')).stdout).toBe('upstream of raw.orders\n  (none)');
  });

  it('exit code 1 when a blocking check fails; runs and run ID keep steps, decisions and failing rows', async () => {
    const restoreOrders = edit('data/orders.csv', (t) => `${t}10,2,1.0,paid\n`);
    try {
      const failed = await run('materialize', '--json');
      expect(failed.code).toBe(1);
      const runId = failed.json().runId as number;

      const runs = (await run('runs', '--json')).json<Array<Record<string, any>>>();
      expect(runs[0]).toMatchObject({ id: runId, status: 'failed', trigger: 'cli', selection: 'stale() or missing()',
        summary: { ran: 0, skipped: 3, failed: 1, checksFailed: 1, checksWarned: 0 } });
      expect(runs.map((x) => x.id)).toEqual([...runs.map((x) => x.id)].sort((a, b) => b - a));

      const detail = (await run('run', String(runId), '--json')).json();
      expect(detail.run).toMatchObject({ id: runId, status: 'failed' });
      expect(detail.steps).toEqual(expect.arrayContaining([
        expect.objectContaining({ key: 'raw.orders', decision: 'run', status: 'failed', reason: expect.stringContaining('source file changed'),
          error: expect.stringContaining('blocked by check unique(id)') }),
        expect.objectContaining({ key: 'staging.stg_orders', decision: 'run', status: 'skipped', reason: 'upstream raw.orders failed' }),
      ]));
      expect(detail.checks).toContainEqual(expect.objectContaining({ key: 'raw.orders', check: 'unique(id)', severity: 'error',
        passed: false, failingCount: 1, sample: [{ id: 10, occurrences: 2 }] }));
      expect(detail.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['run_started', 'step_finished', 'run_finished']));

      const text = await run('run', String(runId));
      expect(text.stdout).toContain('checks not passing:');
      expect(text.stdout).toContain('error raw.orders unique(id): 1 failing row');
      expect(text.stdout).toContain('{"id":10,"occurrences":2}');
    } finally {
      restoreOrders();
    }
    expect((await run('materialize', '--json')).code).toBe(0);
  });

  it('check: exit 0 while the checks pass, 1 once an error check fails on the published data', async () => {
    const ok = await run('check', '--json');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json<Array<{ passed: boolean }>>().length).toBeGreaterThan(10);

    // Someone writes a duplicate straight into the warehouse.
    const warehouse = await openDuckDb(path.join(project.env.TRELLIS_HOME!, 'warehouse.duckdb'));
    const session = await warehouse.session();
    await session.run("INSERT INTO raw.customers VALUES (4, 'Dan again', 'US')");
    await session.close();
    await warehouse.close();

    const r = await run('check', '--select', 'raw.customers');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ raw.customers unique(id): 1 failing row');
    expect(r.stdout).toContain('✓ raw.customers not_null(id)');
    const json = (await run('check', '--json', '--select', 'raw.customers')).json<Array<Record<string, unknown>>>();
    expect(json).toContainEqual({ asset: 'raw.customers', check: 'unique(id)', severity: 'error', passed: false, failingCount: 1, message: '1 failing row' });
  });
});

describe('selecting an asset whose upstream was never built', () => {
  it('fails it with the upstream named and how to select it, and skips its downstream, exit 1', async () => {
    const project = basicCopy();
    const r = await cli(['materialize', '--select', 'marts.revenue_by_customer+', '--json'], { projectDir: project.dir, env: project.env });
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as { status: string; assets: Array<{ key: string; decision: string; reason: string }> };
    expect(result.status).toBe('failed');
    const byKey = Object.fromEntries(result.assets.map((a) => [a.key, a]));
    expect(byKey['marts.revenue_by_customer']).toMatchObject({ decision: 'failed',
      reason: "upstream staging.stg_customers has never been materialized; select it too, e.g. --select '+marts.revenue_by_customer'" });
    expect(byKey['analytics.customer_scores']).toMatchObject({ decision: 'skipped', reason: 'upstream marts.revenue_by_customer failed' });
  });
});

describe('plan: expected bytes and cost from history, where the engine reported them', () => {
  interface PlanStep { key: string; expectedBytes: number | null; expectedBytesBilled: number | null }

  /** A project materialized once on DuckDB, then given BigQuery-like materializations of stg_orders with `metadata`. */
  async function withHistory(...metadata: Record<string, number | string>[]) {
    const project = basicCopy();
    const run = (...argv: string[]) => cli(argv, { projectDir: project.dir, env: project.env });
    expect((await run('materialize')).code).toBe(0);
    // As a BigQuery run records them: job statistics in each materialization's metadata.
    const store = RunStore.open(path.join(project.env.TRELLIS_HOME!, 'runs.sqlite'));
    try {
      const [latest] = store.materializationHistory('staging.stg_orders', 1);
      const runId = store.createRun({ selection: '*', trigger: 'test', pid: process.pid, logicalDate: '2024-06-01', plannedKeys: [] });
      for (const m of metadata) store.recordMaterialization({ ...latest!, runId, metadata: { ...latest!.metadata, job_id: 'job_1', ...m } });
    } finally {
      store.close();
    }
    const steps = (await run('plan', '--all', '--json')).json<{ steps: PlanStep[] }>().steps;
    return { orders: steps.find((s) => s.key === 'staging.stg_orders')!, steps, text: (await run('plan', '--all')).stdout };
  }

  it('shows the mean bytes processed per asset and the on-demand price of the run', async () => {
    const { orders, steps, text } = await withHistory({ bytes_processed: 2 * 2 ** 30 }, { bytes_processed: 4 * 2 ** 30 });
    // The last five materializations: the DuckDB one reported no bytes and does not count.
    expect(orders.expectedBytes).toBe(3 * 2 ** 30);
    expect(steps.filter((s) => s.key !== 'staging.stg_orders').every((s) => s.expectedBytes === null)).toBe(true);
    expect(text).toMatch(/ACTION\s+ASSET\s+EXPECTED\s+BYTES\s+REASON/);
    expect(text).toMatch(/staging\.stg_orders\s+\S+( \S+)?\s+3\.0 GiB/);
    expect(text).toContain('3.0 GiB processed (about $0.02 at on-demand prices)');
  });

  it('adds what the checks and the fingerprint scanned, and prices the bytes billed', async () => {
    const { orders, text } = await withHistory({ bytes_processed: 2 ** 30, bytes_billed: 2 ** 30,
      check_jobs: 2, check_bytes_processed: 2 ** 20, check_bytes_billed: 20 * 2 ** 20,
      version_jobs: 1, version_bytes_processed: 2 ** 20, version_bytes_billed: 10 * 2 ** 20 });
    expect(orders).toMatchObject({ expectedBytes: 2 ** 30 + 2 * 2 ** 20, expectedBytesBilled: 2 ** 30 + 30 * 2 ** 20 });
    // 1.03 GiB billed at $6.25 per TiB.
    expect(text).toContain('1.0 GiB processed, 1.0 GiB billed (about $0.01 at on-demand prices)');
  });
});
