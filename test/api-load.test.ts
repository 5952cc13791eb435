/**
 * The list views under concurrency (no timing here: the figures are in
 * bench/api-load.ts): 100 concurrent clients on 127.0.0.1 get the same
 * correct answers from 1,000 recorded runs; the shared answer is never
 * stale once another process changes the store; and its ETag follows the
 * answer.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { RunStore, runStorePath, resolveConfig } from '../core/index.ts';
import type { ApiGraph, ApiRunList } from '../core/server/api-types.ts';
import { cleanupTemp, makeProject, projectEnv, tempHome } from './support/project.ts';
import { apiServer } from './support/server.ts';

afterAll(cleanupTemp);

describe('the list views under concurrent clients', () => {
  it('answers 100 concurrent clients alike and sees another process’s run at once', async () => {
    const dir = makeProject({ 'sql/l/a.sql': 'select 1 as id\n', 'sql/l/b.sql': "select * from {{ ref('a') }}\n", 'sql/l/schema.yml': 'config:\n  schema: l\n' });
    const env = projectEnv({ TRELLIS_HOME: tempHome() });
    const writer = RunStore.open(runStorePath(resolveConfig(dir, {}, env)));
    writer.transaction(() => {
      for (let i = 0; i < 1000; i++) {
        const id = writer.createRun({ selection: '*', trigger: 'schedule', pid: 1, logicalDate: '2026-01-01', plannedKeys: ['l.a'] });
        writer.finishRun(id, i % 7 ? 'success' : 'failed', { ran: 1, skipped: 0, failed: 0, checksFailed: 0, checksWarned: 0 });
      }
    });
    const api = await apiServer(dir, env);
    try {
      const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => api.get<ApiRunList | ApiGraph>(i % 2 ? '/api/assets' : '/api/runs?limit=20')));
      expect(answers.map((a) => a.status)).toEqual(Array(100).fill(200));
      const runs = answers.filter((_, i) => i % 2 === 0).map((a) => (a.body as ApiRunList).runs.map((r) => r.id));
      expect(new Set(runs.map((r) => r.join()))).toEqual(new Set([Array.from({ length: 20 }, (_, i) => 1000 - i).join()]));
      expect((await api.get<ApiRunList>('/api/runs?status=failed&limit=1000')).body.runs).toHaveLength(143);
      const graphs = answers.filter((_, i) => i % 2 === 1).map((a) => (a.body as ApiGraph).assets.map((x) => `${x.key} ${x.status}`));
      expect(new Set(graphs.map((g) => g.join()))).toEqual(new Set(['l.a missing,l.b missing']));

      // Another connection (as another process would) starts a run: the next answer shows it, cache or not.
      const id = writer.createRun({ selection: 'l.a', trigger: 'cli', pid: process.pid, logicalDate: '2026-01-02', plannedKeys: ['l.a'] });
      writer.recordDecision(id, 'l.a', 'run', 'missing');
      writer.startStep(id, 'l.a', 1);
      const latest = await api.get<ApiRunList>('/api/runs?limit=20');
      expect(latest.body.runs[0]).toMatchObject({ id, status: 'running' });
      const graph = await api.get<ApiGraph>('/api/assets');
      expect(graph.body.activeRun?.id).toBe(id);
      expect(graph.body.assets.find((a) => a.key === 'l.a')?.running).toBe(true);

      const etag = latest.headers.get('etag')!;
      expect(etag).toMatch(/^W\/".+"$/);
      expect((await api.get('/api/runs?limit=20')).headers.get('etag')).toBe(etag);
      // A client that has this answer is told so, without the body.
      const unchanged = await api.get('/api/runs?limit=20', { 'If-None-Match': etag });
      expect(unchanged.status).toBe(304);
      expect(unchanged.body).toBe('');
      writer.finishStep(id, 'l.a', { status: 'success' });
      writer.finishRun(id, 'success', { ran: 1, skipped: 0, failed: 0, checksFailed: 0, checksWarned: 0 });
      const after = await api.get<ApiRunList>('/api/runs?limit=20');
      expect(after.headers.get('etag')).not.toBe(etag);
      expect(after.body.runs[0]).toMatchObject({ id, status: 'success' });
    } finally {
      await api.server.close();
      writer.close();
    }
  });
});
