/**
 * The HTTP API, continued: serving the web app, the token when bound beyond
 * loopback, and edits of the project's files while the server runs. A real
 * server on a free port over the basic fixture (plus its gated asset).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiAssetDetail, ApiGraph } from '../core/server/api-types.ts';
import { cleanupTemp, tempDir } from './support/project.ts';
import { apiServer, finished, gatedProject, type ApiServer } from './support/server.ts';

let project: ReturnType<typeof gatedProject>;
let api: ApiServer;

beforeAll(async () => {
  project = gatedProject();
  // Its tests edit a file and read it back at once: the server looks at the files at every request.
  api = await apiServer(project.dir, project.env, { reloadCheckMs: 0 });
  const first = await api.post('/api/runs', { select: '+key:marts.revenue_by_customer' });
  expect(await finished(api, first.body.runId)).toBe('success');
});

afterAll(async () => {
  await api?.server.close();
  cleanupTemp();
});

/** An error answer: the status, a message containing `text`, and nothing else (no stack). */
function expectError(r: { status: number; body: any }, status: number, ...texts: string[]): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(Object.keys(r.body)).toEqual(['error']);
  for (const text of texts) expect(r.body.error).toContain(text);
}

describe('serving the web app', () => {
  it('serves the built app with a fallback to index.html for deep links', async () => {
    const uiDir = tempDir('trellis-ui-dist-');
    fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><title>Trellis</title><div id="root"></div>');
    fs.mkdirSync(path.join(uiDir, 'assets'));
    fs.writeFileSync(path.join(uiDir, 'assets/app.js'), 'console.log(1)');
    const withUi = await apiServer(project.dir, project.env, { uiDir });
    try {
      for (const url of ['/', '/assets/marts.revenue_by_customer', '/runs/1']) {
        const r = await withUi.get(url);
        expect(r.status, url).toBe(200);
        expect(r.body, url).toContain('<div id="root"></div>');
      }
      const script = await withUi.get('/assets/app.js');
      expect(script.headers.get('content-type')).toContain('javascript');
      expect((await withUi.get('/api/assets')).status).toBe(200);
    } finally {
      await withUi.server.close();
    }
  });

  it('without a built app, / says how to build it', async () => {
    const r = await api.get('/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('npm install');
    expect(r.body).toContain('npx trellis ui');
  });
});

describe('bound beyond loopback', () => {
  it('requires the token for every write, and prints a generated one', async () => {
    const open = await apiServer(project.dir, { ...project.env, TRELLIS_UI_TOKEN: '' }, { host: '0.0.0.0' });
    try {
      const token = open.server.token!;
      expect(open.server.generatedToken).toBe(true);
      expect(token.length).toBeGreaterThanOrEqual(24);
      expect((await open.get('/api/assets')).status).toBe(200);
      const body = { select: 'raw.orders', stale: true };
      expectError(await open.post('/api/runs', body), 403, 'requires a token', 'Authorization: Bearer');
      expectError(await open.post('/api/runs', body, { authorization: 'Bearer wrong-token' }), 403, 'requires a token');
      expect((await open.post('/api/runs', body, { authorization: `Bearer ${token}` })).status).toBe(200);
      // A browser gets the token as a cookie by opening /?token=…
      const page = await fetch(`http://127.0.0.1:${open.server.port}/?token=${token}`, { redirect: 'manual' });
      expect(page.status).toBe(302);
      const cookie = page.headers.get('set-cookie')!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect((await open.post('/api/runs', body, { cookie: cookie.split(';')[0]! })).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${open.server.port}/?token=nope`)).status).toBe(403);
    } finally {
      await open.server.close();
    }
  });

  it('takes the token from TRELLIS_UI_TOKEN', async () => {
    const open = await apiServer(project.dir, { ...project.env, TRELLIS_UI_TOKEN: 'from-the-environment' }, { host: '0.0.0.0' });
    try {
      expect(open.server).toMatchObject({ token: 'from-the-environment', generatedToken: false });
      const body = { select: 'raw.orders', stale: true };
      expectError(await open.post('/api/runs', body), 403, 'requires a token');
      expect((await open.post('/api/runs', body, { authorization: 'Bearer from-the-environment' })).status).toBe(200);
    } finally {
      await open.server.close();
    }
  });
});

describe('edits on disk while the server runs', () => {
  const sqlFile = () => path.join(project.dir, 'sql/marts/revenue_by_customer.sql');

  it('an edited SQL model shows up at the next request: new SQL, stale for its code', async () => {
    fs.appendFileSync(sqlFile(), '\nhaving count(*) > 0\n');
    const r = await api.get<ApiAssetDetail>('/api/assets/marts.revenue_by_customer');
    expect(r.body.sql!.rendered).toContain('having count(*) > 0');
    expect(r.body.status).toBe('stale');
    expect(r.body.causes.join('\n')).toContain('code changed');
    expect((await api.get<ApiGraph>('/api/assets')).body.notice).toBeUndefined();
  });

  it('a model that does not load keeps the last good graph on show, says why, and refuses runs until fixed', async () => {
    const broken = path.join(project.dir, 'sql/marts/broken.sql');
    fs.writeFileSync(broken, "select * from {{ ref('no_such_model') }}\n");
    const graph = await api.get<ApiGraph>('/api/assets');
    expect(graph.status).toBe(200);
    expect(graph.body.assets.map((a) => a.key)).not.toContain('marts.broken');
    expect(graph.body.notice).toContain('the project on disk does not load');
    expect(graph.body.notice).toContain('no_such_model');
    expectError(await api.post('/api/runs', { all: true }), 409, 'no_such_model');
    fs.rmSync(broken);
    expect((await api.get<ApiGraph>('/api/assets')).body.notice).toBeUndefined();
    const run = await api.post('/api/runs', { select: 'key:marts.revenue_by_customer' });
    expect(run.status).toBe(202);
    expect(await finished(api, run.body.runId)).toBe('success');
  });

  it('a model file that cannot be read (a checkout in progress) fails the request, and the next one loads the edit', async () => {
    fs.appendFileSync(sqlFile(), '\nlimit 1000\n');
    // A dangling link: listed among the models but unreadable (ENOENT), as a file removed mid-checkout.
    const vanishing = path.join(project.dir, 'sql/marts/vanishing.sql');
    fs.symlinkSync(path.join(project.dir, 'no-such-file.sql'), vanishing);
    const failed = await api.get('/api/assets/marts.revenue_by_customer');
    expect(failed.status).toBe(500);
    expect(failed.body.error).toContain('ENOENT');
    fs.rmSync(vanishing);
    const r = await api.get<ApiAssetDetail>('/api/assets/marts.revenue_by_customer');
    expect(r.status).toBe(200);
    expect(r.body.sql!.rendered).toContain('limit 1000');
    expect((await api.get<ApiGraph>('/api/assets')).body.notice).toBeUndefined();
  });

  it('an edited TypeScript asset asks for a restart instead of running stale code', async () => {
    const before = await api.get<ApiAssetDetail>('/api/assets/gate.gated');
    fs.appendFileSync(path.join(project.dir, 'assets/gated.ts'), 'export const extra = 1;\n');
    const graph = await api.get<ApiGraph>('/api/assets');
    expect(graph.body.notice).toContain('TypeScript assets or trellis.config.ts changed since `trellis ui` started: restart it');
    const after = await api.get<ApiAssetDetail>('/api/assets/gate.gated');
    expect(after.body.codeVersion).toBe(before.body.codeVersion);
  });
});
