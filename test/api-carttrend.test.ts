/**
 * ACCEPTANCE.md walkthrough 6, API side, on the real Carttrend project: the
 * sample data at scale 0.1 in a temp CARTTREND_DATA_DIR, a fresh
 * TRELLIS_HOME, and the server in this process on a free loopback port.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../assets/carttrend/demo-data/index.ts';
import type { ApiAssetDetail, ApiGraph, ApiPreview, ApiRunDetail } from '../core/server/api-types.ts';
import { cleanupTemp, projectEnv, REPO, tempDir, tempHome } from './support/project.ts';
import { apiServer, finished, type ApiServer } from './support/server.ts';

let api: ApiServer;

beforeAll(async () => {
  const data = path.join(tempDir('trellis-carttrend-data-'), 'raw');
  await generateDemoData({ outDir: data, scale: 0.1, seed: 42 });
  api = await apiServer(REPO, projectEnv({ TRELLIS_HOME: tempHome(), CARTTREND_DATA_DIR: data }));
});

afterAll(async () => {
  await api?.server.close();
  cleanupTemp();
});

describe('walkthrough 6: the API over the Carttrend project', () => {
  it('GET /api/assets lists every asset, sources to marts', async () => {
    const r = await api.get<ApiGraph>('/api/assets');
    expect(r.status).toBe(200);
    const groups = new Set(r.body.assets.map((a) => a.group));
    expect([...groups]).toEqual(expect.arrayContaining(['sources', 'staging', 'marts']));
    expect(r.body.assets.filter((a) => a.group === 'marts').length).toBeGreaterThanOrEqual(11);
    expect(r.body.assets.every((a) => a.status === 'missing')).toBe(true);
    expect(r.body.edges).toContainEqual(['google_drive.carttrend_posts_posts', 'carttrend_clean.Canaux']);
  });

  it('GET /api/assets/carttrend_clean.Clients answers 200; an unknown key 404; a malformed selection 400', async () => {
    const clients = await api.get<ApiAssetDetail>('/api/assets/carttrend_clean.Clients');
    expect(clients.status).toBe(200);
    expect(clients.body.sql!.dialect).toBe('duckdb');
    expect(clients.body.columns.find((c) => c.name === 'id_client')?.description).toBeTruthy();
    expect(clients.body.checks.some((c) => c.name === 'unique(id_client)')).toBe(true);
    const unknown = await api.get('/api/assets/carttrend_clean.Clints');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toContain("did you mean 'carttrend_clean.Clients'?");
    const malformed = await api.get(`/api/assets?select=${encodeURIComponent('+key:carttrend_clean.mart_Commandes and (')}`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.position).toEqual(expect.any(Number));
  });

  it('POST /api/runs {"select": "key:carttrend_clean.Canaux"} returns a run id that reaches success', async () => {
    // Canaux reads the posts workbook: load that source first, then the acceptance's selection alone.
    const upstream = await api.post('/api/runs', { select: '+key:carttrend_clean.Canaux' });
    expect(upstream.status, JSON.stringify(upstream.body)).toBe(202);
    expect(await finished(api, upstream.body.runId)).toBe('success');
    const r = await api.post('/api/runs', { select: 'key:carttrend_clean.Canaux' });
    expect(r.status).toBe(202);
    expect(r.body.runId).toBe(upstream.body.runId + 1);
    expect(await finished(api, r.body.runId)).toBe('success');
    const detail = await api.get<ApiRunDetail>(`/api/runs/${r.body.runId}`);
    expect(detail.body.steps.filter((s) => s.decision === 'run').map((s) => [s.key, s.status])).toEqual([['carttrend_clean.Canaux', 'success']]);
    const preview = await api.get<ApiPreview>('/api/assets/carttrend_clean.Canaux/preview?limit=3');
    expect(preview.status).toBe(200);
    expect(preview.body.columns.map((c) => c.name)).toContain('id_canal');
    expect(preview.body.rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(preview.body.rows)).not.toContain('"[object');
  });
});
