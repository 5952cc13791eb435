/**
 * The HTTP API against a real server (loopback, free port), a real SQLite
 * run store and a real DuckDB warehouse: every endpoint and every refusal.
 * The project is the basic fixture plus an asset that waits for a gate file,
 * so that runs can be watched (and refused, and canceled) while in progress.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, RunStore, type RunRecord } from '../core/index.ts';
import type { ApiAssetDetail, ApiGraph, ApiPreview, ApiRunDetail } from '../core/server/api-types.ts';
import { cleanupTemp, tempDir } from './support/project.ts';
import { apiServer, finished, gatedProject, rawRequest, readSse, runEvents, waitFor, type ApiServer } from './support/server.ts';

let project: ReturnType<typeof gatedProject>;
let api: ApiServer;

beforeAll(async () => {
  project = gatedProject();
  api = await apiServer(project.dir, project.env, { heartbeatMs: 100 });
});

afterAll(async () => {
  await api?.server.close();
  cleanupTemp();
});

/** An error answer: the status, a message containing `text`, and nothing else (no stack). */
function expectError(r: { status: number; body: any }, status: number, ...texts: string[]): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(Object.keys(r.body).filter((k) => k !== 'position')).toEqual(['error']);
  for (const text of texts) expect(r.body.error).toContain(text);
  expect(r.body.error).not.toMatch(/\n\s+at /);
}

describe('the graph and the asset pages', () => {
  it('GET /api/assets lists every asset with status, level and the edges', async () => {
    const r = await api.get<ApiGraph>('/api/assets');
    expect(r.status).toBe(200);
    const byKey = new Map(r.body.assets.map((a) => [a.key, a]));
    expect([...byKey.keys()].sort()).toEqual(['analytics.customer_scores', 'gate.gated', 'marts.revenue_by_customer',
      'raw.customers', 'raw.orders', 'staging.stg_customers', 'staging.stg_orders']);
    expect(byKey.get('raw.orders')).toMatchObject({ kind: 'source', group: 'sources', status: 'missing', running: false, level: 0,
      causes: ['never materialized'] });
    expect(byKey.get('analytics.customer_scores')).toMatchObject({ kind: 'ts', tags: { ml: '', team: 'sales' }, owners: ['ana@example.com'], level: 3 });
    expect(r.body.edges).toContainEqual(['staging.stg_orders', 'marts.revenue_by_customer']);
    expect(r.body.edges).toHaveLength(6);
    expect(r.body).toMatchObject({ select: null, activeRun: null });
  });

  it('?select= keeps the selected assets and the edges between them', async () => {
    const r = await api.get<ApiGraph>(`/api/assets?select=${encodeURIComponent('+key:marts.revenue_by_customer and not kind:source')}`);
    expect(r.status).toBe(200);
    expect(r.body.assets.map((a) => a.key).sort()).toEqual(['marts.revenue_by_customer', 'staging.stg_customers', 'staging.stg_orders']);
    expect(r.body.edges).toEqual(expect.arrayContaining([['staging.stg_customers', 'marts.revenue_by_customer'], ['staging.stg_orders', 'marts.revenue_by_customer']]));
    expect(r.body.edges).toHaveLength(2);
    expect(r.body.select).toBe('+key:marts.revenue_by_customer and not kind:source');
  });

  it('a malformed selection is a 400 pointing at the error', async () => {
    const unclosed = await api.get(`/api/assets?select=${encodeURIComponent('(raw.orders')}`);
    expectError(unclosed, 400, 'unclosed parenthesis');
    expect(unclosed.body.position).toEqual(expect.any(Number));
    const nothing = await api.get(`/api/assets?select=${encodeURIComponent('group:staging and tag:nope')}`);
    expectError(nothing, 400, "no asset has tag 'nope'");
    expect(nothing.body.position).toBe('group:staging and '.length);
    expectError(await api.get('/api/assets?select=%20'), 400, "'select' is empty");
    expectError(await api.get('/api/assets?selct=x'), 400, "unknown query parameter 'selct'", "did you mean 'select'?");
    expectError(await api.get('/api/assets?select=a&select=b'), 400, "'select' must be given once");
  });

  it('GET /api/assets/:key: a SQL model with its rendered SQL, columns and checks', async () => {
    const r = await api.get<ApiAssetDetail>('/api/assets/marts.revenue_by_customer');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ key: 'marts.revenue_by_customer', kind: 'sql', status: 'missing', file: 'sql/marts/revenue_by_customer.sql',
      upstream: ['staging.stg_customers', 'staging.stg_orders'], downstream: ['analytics.customer_scores'], source: null, history: [] });
    expect(r.body.sql!.dialect).toBe('duckdb');
    expect(r.body.sql!.rendered).toContain('from "staging"."stg_customers" c');
    expect(r.body.columns.map((c) => c.name)).toEqual(['customer_id', 'revenue']);
    expect(r.body.checks.map((c) => [c.name, c.severity, c.latest])).toContainEqual(['unique(customer_id)', 'error', null]);
    expect(r.body.codeVersion).toMatch(/^[0-9a-f]+$/);
  });

  it('GET /api/assets/:key: a TypeScript asset with its module text', async () => {
    const r = await api.get<ApiAssetDetail>('/api/assets/analytics.customer_scores');
    expect(r.status).toBe(200);
    expect(r.body.sql).toBeNull();
    expect(r.body.source!.file).toBe('assets/index.ts');
    expect(r.body.source!.text).toContain("key: 'analytics.customer_scores'");
    expect(r.body.description).toBe('A score per customer, computed off the main thread.');
  });

  it('an unknown key is a 404 with the nearest keys', async () => {
    expectError(await api.get('/api/assets/marts.revenue_by_custmer'), 404, "no asset 'marts.revenue_by_custmer'", "did you mean 'marts.revenue_by_customer'?");
    expectError(await api.get('/api/assets/marts.revenue_by_custmer/preview'), 404, "did you mean 'marts.revenue_by_customer'?");
    expectError(await api.get('/api/nothing-here'), 404, 'no API route GET /api/nothing-here');
  });

  it('a preview before the first materialization says so', async () => {
    expectError(await api.get('/api/assets/marts.revenue_by_customer/preview'), 404, 'never been materialized');
  });
});

describe('launching a run and following it', () => {
  let runId: number;

  it('POST /api/runs answers 202 with the run id, and the run reaches success', async () => {
    const r = await api.post('/api/runs', { select: '+key:marts.revenue_by_customer' });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.message).toMatch(/^run \d+ started: 5 assets to bring up to date$/);
    runId = r.body.runId;
    expect(await finished(api, runId)).toBe('success');
    const detail = await api.get<ApiRunDetail>(`/api/runs/${runId}`);
    expect(detail.body.run).toMatchObject({ id: runId, trigger: 'ui', selection: '+key:marts.revenue_by_customer', pid: process.pid });
    // In the plan's topological order.
    expect(detail.body.steps.map((s) => [s.key, s.status])).toEqual([['raw.customers', 'success'], ['raw.orders', 'success'],
      ['gate.gated', 'skipped'], ['staging.stg_customers', 'success'], ['staging.stg_orders', 'success'],
      ['marts.revenue_by_customer', 'success'], ['analytics.customer_scores', 'skipped']]);
    expect(detail.body.steps.at(-1)!.reason).toBe('not selected (missing)');
    expect(detail.body.checks.length).toBeGreaterThan(5);
    const types = detail.body.events.map((e) => e.type);
    expect(types[0]).toBe('run_started');
    expect(types.filter((t) => t === 'step_started')).toHaveLength(5);
    expect(types.at(-1)).toBe('run_finished');
  });

  it('the asset page then shows its history and check results, and the graph its status', async () => {
    const r = await api.get<ApiAssetDetail>('/api/assets/marts.revenue_by_customer');
    expect(r.body.status).toBe('fresh');
    expect(r.body.history).toHaveLength(1);
    expect(r.body.history[0]).toMatchObject({ runId, rows: 4 });
    expect(r.body.checks.find((c) => c.name === 'unique(customer_id)')!.latest).toMatchObject({ runId, passed: true });
    const graph = await api.get<ApiGraph>('/api/assets');
    expect(graph.body.assets.find((a) => a.key === 'analytics.customer_scores')!.status).toBe('missing');
    expect(graph.body.assets.find((a) => a.key === 'staging.stg_orders')!.status).toBe('fresh');
  });

  it('previews the first rows, JSON-safe, with the column types', async () => {
    const r = await api.get<ApiPreview>('/api/assets/marts.revenue_by_customer/preview?limit=2');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ key: 'marts.revenue_by_customer', limit: 2, truncated: true,
      columns: [{ name: 'customer_id', type: 'BIGINT' }, { name: 'revenue', type: 'DOUBLE' }], rows: [[1, 25.5], [2, 0]] });
    const all = await api.get<ApiPreview>('/api/assets/staging.stg_orders/preview');
    expect(all.body.limit).toBe(100);
    expect(all.body.truncated).toBe(false);
    expect(all.body.columns.map((c) => c.name)).toEqual(['id', 'customer_id', 'amount', 'status']);
    for (const bad of ['0', '5001', 'ten', '1.5', '-3']) {
      expectError(await api.get(`/api/assets/staging.stg_orders/preview?limit=${bad}`), 400, "'limit' must be an integer from 1 to 5000", `got '${bad}'`);
    }
  });

  it('a key with SQL in it never reaches the warehouse', async () => {
    for (const key of ['marts.revenue_by_customer"; DROP TABLE "marts"."revenue_by_customer', "raw.orders' OR 1=1 --", 'marts.*']) {
      expectError(await api.get(`/api/assets/${encodeURIComponent(key)}/preview`), 404, 'no asset');
    }
    const r = await api.get<ApiPreview>('/api/assets/marts.revenue_by_customer/preview?limit=5000');
    expect(r.body.rows).toHaveLength(4);
  });

  it('nothing to do answers 200 with no run id', async () => {
    const r = await api.post('/api/runs', { select: '+key:marts.revenue_by_customer', stale: true });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ runId: null, message: 'nothing to do: all 5 assets are fresh' });
  });

  it('GET /api/runs filters by status and asset, pages, and validates each parameter', async () => {
    const all = await api.get<{ runs: RunRecord[] }>('/api/runs');
    expect(all.body.runs.map((r) => r.id)).toEqual([runId]);
    expect((await api.get('/api/runs?status=success&asset=raw.orders&limit=1&offset=0')).body.runs.map((r: RunRecord) => r.id)).toEqual([runId]);
    expect((await api.get('/api/runs?status=failed')).body.runs).toEqual([]);
    expect((await api.get('/api/runs?offset=1')).body.runs).toEqual([]);
    expectError(await api.get('/api/runs?limit=0'), 400, "'limit' must be an integer from 1 to 1000, got '0'");
    expectError(await api.get('/api/runs?limit=lots'), 400, "'limit' must be an integer");
    expectError(await api.get('/api/runs?offset=-1'), 400, "'offset' must be an integer from 0");
    expectError(await api.get('/api/runs?status=done'), 400, "'status' must be one of running, success, failed, canceled, interrupted, got 'done'");
    expectError(await api.get('/api/runs?asset=raw.order'), 404, "did you mean 'raw.orders'?");
    expectError(await api.get('/api/runs/999'), 404, 'no run 999');
    expectError(await api.get('/api/runs/abc'), 404, "no run 'abc'");
    expectError(await api.get('/api/runs/999/events'), 404, 'no run 999');
  });

  it('refuses bad launch bodies, naming what is accepted', async () => {
    const forms = '{"select": S}, {"select": S, "stale": true}, {"stale": true} or {"all": true}';
    expectError(await api.post('/api/runs', '{"select": '), 400, 'the body is not valid JSON');
    expectError(await api.post('/api/runs', []), 400, 'the body must be a JSON object', forms);
    expectError(await api.post('/api/runs', {}), 400, "give exactly one of 'select', 'stale' and 'all'");
    expectError(await api.post('/api/runs', { select: 'raw.orders', all: true }), 400, 'give exactly one');
    expectError(await api.post('/api/runs', { stale: true, all: true }), 400, 'give exactly one');
    expectError(await api.post('/api/runs', { stale: 'yes' }), 400, "'stale' must be true or false");
    expectError(await api.post('/api/runs', { select: 3 }), 400, "'select' must be a non-empty selection string");
    expectError(await api.post('/api/runs', { select: 'raw.orders', concurrency: 2 }), 400, "unknown field 'concurrency'");
    const malformed = await api.post('/api/runs', { select: 'raw.orders or (' });
    expectError(malformed, 400);
    expect(malformed.body.position).toEqual(expect.any(Number));
    expectError(await api.post('/api/runs', { select: 'group:mart' }), 400, "did you mean 'marts'?");
    expect((await api.get<{ runs: RunRecord[] }>('/api/runs')).body.runs).toHaveLength(1);
  });

  it('refuses writes that a web page of another site could send', async () => {
    const form = await api.post('/api/runs', 'select=raw.orders', { 'content-type': 'application/x-www-form-urlencoded' });
    expectError(form, 415, 'Content-Type: application/json');
    expectError(await api.post('/api/runs', '{"all":true}', { 'content-type': 'text/plain' }), 415);
    const crossSite = await api.post('/api/runs', { all: true }, { origin: 'http://evil.example' });
    expectError(crossSite, 403, 'cross-site request refused: Origin http://evil.example');
    // The same origin is fine (the UI itself).
    const own = await api.post('/api/runs', { select: 'raw.orders', stale: true }, { origin: `http://127.0.0.1:${api.server.port}` });
    expect(own.status).toBe(200);
    // DNS rebinding: a hostile name resolving to 127.0.0.1 cannot even read.
    const rebound = await rawRequest(api.server.port, { path: '/api/assets', headers: { host: `evil.example:${api.server.port}` } });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).error).toContain("answers only to localhost names, not 'evil.example");
    expect((await rawRequest(api.server.port, { path: '/api/runs', headers: { host: `localhost:${api.server.port}` } })).status).toBe(200);
    expect((await api.get<{ runs: RunRecord[] }>('/api/runs')).body.runs).toHaveLength(1);
  });
});

describe('a run in progress', () => {
  let runId: number;

  it('streams its step events live, answers 409 to a second launch, and ends the stream with `end`', async () => {
    project.reset();
    const everything = await readSse(`http://127.0.0.1:${api.server.port}/api/events`);
    const launch = await api.post('/api/runs', { select: 'key:gate.gated' });
    expect(launch.status, JSON.stringify(launch.body)).toBe(202);
    runId = launch.body.runId;
    const stream = await readSse(`http://127.0.0.1:${api.server.port}/api/runs/${runId}/events`);
    await stream.until((m) => runEvents(m).some((e) => e.type === 'step_started' && e.key === 'gate.gated'));
    // Caught while the step waits for the gate: the run is in progress everywhere.
    expect((await api.get(`/api/runs/${runId}`)).body.run.status).toBe('running');
    const graph = await api.get<ApiGraph>('/api/assets');
    expect(graph.body.activeRun?.id).toBe(runId);
    expect(graph.body.assets.filter((a) => a.running).map((a) => a.key)).toEqual(['gate.gated']);
    const second = await api.post('/api/runs', { all: true });
    expectError(second, 409, `run ${runId}, launched from this UI, is in progress`, `POST /api/runs/${runId}/cancel`);
    // A preview meanwhile reads through the run's open warehouse.
    const preview = await api.get<ApiPreview>('/api/assets/raw.orders/preview');
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.rows).toHaveLength(5);
    expect(stream.ended).toBe(false);

    project.open();
    await waitFor(() => (stream.ended ? true : undefined), 'the run stream to end');
    const events = runEvents(stream.messages);
    expect(events.map((e) => e.type)).toEqual(['run_started', 'step_started', 'step_finished', 'run_finished']);
    expect(events.every((e) => e.runId === runId)).toBe(true);
    const ids = stream.messages.filter((m) => m.event === 'run-event').map((m) => Number(m.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const end = stream.messages.at(-1)!;
    expect(end.event).toBe('end');
    expect(JSON.parse(end.data)).toEqual({ runId, status: 'success' });

    // The all-runs stream saw the same events, and sends heartbeats while idle.
    await everything.until((m) => runEvents(m).some((e) => e.type === 'run_finished' && e.runId === runId));
    expect(runEvents(everything.messages).filter((e) => e.runId === runId).map((e) => e.type)).toEqual(events.map((e) => e.type));
    await waitFor(() => (everything.comments > 0 ? true : undefined), 'a heartbeat');
    everything.close();
  });

  it('a finished run streams its whole history then `end` at once; Last-Event-ID resumes after an id', async () => {
    const all = await readSse(`http://127.0.0.1:${api.server.port}/api/runs/${runId}/events`);
    await waitFor(() => (all.ended ? true : undefined), 'the stream to end');
    const events = runEvents(all.messages);
    expect(events).toHaveLength(4);
    const resumed = await readSse(`http://127.0.0.1:${api.server.port}/api/runs/${runId}/events`, { 'last-event-id': String(events[1]!.id) });
    await waitFor(() => (resumed.ended ? true : undefined), 'the resumed stream to end');
    expect(runEvents(resumed.messages).map((e) => e.type)).toEqual(['step_finished', 'run_finished']);
    // The run page starts its stream after the last event it already has.
    const after = await readSse(`http://127.0.0.1:${api.server.port}/api/runs/${runId}/events?after=${events[2]!.id}`);
    await waitFor(() => (after.ended ? true : undefined), 'the stream from ?after= to end');
    expect(runEvents(after.messages).map((e) => e.type)).toEqual(['run_finished']);
  });

  it('a run whose process died (kill -9) shows as interrupted everywhere, and its stream ends', async () => {
    const store = RunStore.open(path.join(project.env.TRELLIS_HOME!, 'runs.sqlite'));
    let dead: number;
    try {
      dead = store.createRun({ selection: 'key:gate.gated', trigger: 'cli', pid: 2 ** 30, logicalDate: '2024-06-01', plannedKeys: ['gate.gated'] });
      store.recordDecision(dead, 'gate.gated', 'run', 'missing');
      store.startStep(dead, 'gate.gated', 1);
      store.appendEvent(dead, { type: 'step_started', key: 'gate.gated', message: 'gate.gated started' });
    } finally {
      store.close();
    }
    const stream = await readSse(`http://127.0.0.1:${api.server.port}/api/runs/${dead}/events`);
    await waitFor(() => (stream.ended ? true : undefined), 'the stream of a dead run to end');
    expect(runEvents(stream.messages).map((e) => e.type)).toEqual(['step_started']);
    expect(JSON.parse(stream.messages.at(-1)!.data)).toEqual({ runId: dead, status: 'interrupted' });
    const graph = await api.get<ApiGraph>('/api/assets');
    expect(graph.body.activeRun).toBeNull();
    expect(graph.body.assets.some((a) => a.running)).toBe(false);
    expect((await api.get<{ runs: RunRecord[] }>('/api/runs?status=running')).body.runs).toEqual([]);
    const detail = await api.get<ApiRunDetail>(`/api/runs/${dead}`);
    expect(detail.body.run.status).toBe('interrupted');
    expect(detail.body.steps.map((s) => s.status)).toEqual(['interrupted']);
  });

  it('POST /api/runs/:id/cancel stops the server\'s own run, recorded as canceled', async () => {
    project.reset();
    const launch = await api.post('/api/runs', { select: 'key:gate.gated' });
    expect(launch.status).toBe(202);
    const id = launch.body.runId as number;
    await waitFor(async () => ((await api.get<ApiRunDetail>(`/api/runs/${id}`)).body.steps[0]?.status === 'running' ? true : undefined), 'the step to start');
    const cancel = await api.post(`/api/runs/${id}/cancel`, undefined);
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(202);
    expect(cancel.body.runId).toBe(id);
    expect(await finished(api, id)).toBe('canceled');
    const detail = await api.get<ApiRunDetail>(`/api/runs/${id}`);
    expect(detail.body.steps.filter((s) => s.decision === 'run').map((s) => [s.key, s.status])).toEqual([['gate.gated', 'canceled']]);
    expectError(await api.post(`/api/runs/${id}/cancel`, undefined), 409, `run ${id} has already finished (canceled)`);
    expectError(await api.post('/api/runs/999/cancel', undefined), 404, 'no run 999');
    // The previous table is kept.
    expect((await api.get<ApiPreview>('/api/assets/gate.gated/preview')).body.rows).toEqual([[1]]);
  });
});

describe('the warehouse after all this', () => {
  it('previews every column type as JSON: numbers, ISO dates, and text for what JSON cannot hold', async () => {
    // raw.customers rewritten behind the server's back (it holds nothing between requests).
    const warehouse = await openDuckDb(path.join(project.env.TRELLIS_HOME!, 'warehouse.duckdb'));
    try {
      const session = await warehouse.session();
      await session.run(`CREATE OR REPLACE TABLE "raw"."customers" AS SELECT 9007199254740993::BIGINT AS big, 12::BIGINT AS small,
        12.50::DECIMAL(10, 2) AS price, DATE '2024-06-01' AS day, TIMESTAMP '2024-06-01 10:30:00' AS at,
        INTERVAL 2 DAY AS span, [1, 2] AS list, {'a': 1} AS struct, 'x'::BLOB AS bytes, 170141183460469231731687303715884105727::HUGEINT AS huge,
        NULL::VARCHAR AS nothing, 'it''s' AS "select"`);
      await session.close();
    } finally {
      await warehouse.close();
    }
    const r = await api.get<ApiPreview>('/api/assets/raw.customers/preview');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.columns.map((c) => c.type)).toEqual(['BIGINT', 'BIGINT', 'DECIMAL(10,2)', 'DATE', 'TIMESTAMP', 'INTERVAL',
      'INTEGER[]', 'STRUCT(a INTEGER)', 'BLOB', 'HUGEINT', 'VARCHAR', 'VARCHAR']);
    expect(r.body.rows).toEqual([['9007199254740993', 12, 12.5, '2024-06-01', '2024-06-01T10:30:00.000Z', '2 days',
      '[1, 2]', '{\'a\': 1}', 'x', '170141183460469231731687303715884105727', null, "it's"]]);
  });


  it('holds every published table', async () => {
    const file = path.join(project.env.TRELLIS_HOME!, 'warehouse.duckdb');
    const warehouse = await openDuckDb(file);
    try {
      const session = await warehouse.session();
      expect(await session.query('SELECT count(*)::INT AS n FROM "marts"."revenue_by_customer"')).toEqual([{ n: 4 }]);
      await session.close();
    } finally {
      await warehouse.close();
    }
  });
});
