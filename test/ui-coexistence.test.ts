/**
 * `trellis ui` and `trellis materialize` side by side, as real processes: a
 * DuckDB file has one owner process at a time, so the server must hold it
 * only while it works, a terminal run must show up live in the UI, and
 * whichever comes second is refused (or queues with --wait) without harm.
 * Also `trellis ui` itself as a spawned process: it listens, refuses a busy
 * port, and stops cleanly on Ctrl+C, canceling its run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { RunStore, type RunRecord } from '../core/index.ts';
import type { ApiGraph } from '../core/server/api-types.ts';
import { cleanupTemp, cli, spawnCli } from './support/project.ts';
import { apiServer, finished, gatedProject, readSse, runEvents, waitFor, type ApiServer } from './support/server.ts';

afterAll(cleanupTemp);

describe('the server in this process, the CLI in another', () => {
  let project: ReturnType<typeof gatedProject>;
  let api: ApiServer;

  beforeAll(async () => {
    project = gatedProject();
    api = await apiServer(project.dir, project.env);
  });
  afterAll(() => api?.server.close());

  const running = async (trigger: string): Promise<RunRecord | undefined> => {
    const graph = await api.get<ApiGraph>('/api/assets');
    return graph.body.activeRun?.trigger === trigger && graph.body.assets.some((a) => a.running) ? graph.body.activeRun : undefined;
  };

  it('a terminal materialize while the server is idle just works, and streams into the UI', async () => {
    // The server has used the warehouse (a preview opens it), and must have let it go.
    expect((await api.get('/api/assets/raw.orders/preview')).status).toBe(404);
    const everything = await readSse(`http://127.0.0.1:${api.server.port}/api/events`);
    const child = spawnCli(['materialize', '--select', '+key:marts.revenue_by_customer'], { projectDir: project.dir, env: project.env });
    const r = await child.exited;
    expect(r.code, r.stderr).toBe(0);
    const runs = (await api.get<{ runs: RunRecord[] }>('/api/runs')).body.runs;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'success', trigger: 'cli', pid: child.child.pid });
    await everything.until((m) => runEvents(m).some((e) => e.type === 'run_finished'));
    const types = runEvents(everything.messages).filter((e) => e.runId === runs[0]!.id).map((e) => e.type);
    expect(types[0]).toBe('run_started');
    expect(types.filter((t) => t === 'step_started')).toHaveLength(5);
    expect(types.at(-1)).toBe('run_finished');
    everything.close();
    expect((await api.get('/api/assets/marts.revenue_by_customer/preview')).body.rows).toHaveLength(4);
  });

  it('while a terminal run holds the warehouse, the UI shows it running and refuses to launch, naming it', async () => {
    project.reset();
    const child = spawnCli(['materialize', '--select', 'key:gate.gated'], { projectDir: project.dir, env: project.env });
    const run = await waitFor(() => running('cli'), 'the terminal run to show as running');
    expect(run.pid).toBe(child.child.pid);
    const graph = await api.get<ApiGraph>('/api/assets');
    expect(graph.body.assets.filter((a) => a.running).map((a) => a.key)).toEqual(['gate.gated']);
    const launch = await api.post('/api/runs', { all: true });
    expect(launch.status, JSON.stringify(launch.body)).toBe(409);
    expect(launch.body.error).toContain(`pid ${child.child.pid} (\`trellis materialize --select key:gate.gated\``);
    expect(launch.body.error).toContain(`it is running run ${run.id}`);
    const preview = await api.get('/api/assets/raw.orders/preview');
    expect(preview.status).toBe(409);
    expect(preview.body.error).toContain(`pid ${child.child.pid}`);
    const cancel = await api.post(`/api/runs/${run.id}/cancel`, undefined);
    expect(cancel.status).toBe(409);
    expect(cancel.body.error).toContain(`another process (pid ${child.child.pid}, started from the cli)`);
    project.open();
    const r = await child.exited;
    expect(r.code, r.stderr).toBe(0);
    expect(await finished(api, run.id)).toBe('success');
  });

  it('while a UI run is in progress, a terminal run is refused (exit 2, naming the server) or queues with --wait', async () => {
    project.reset();
    const launch = await api.post('/api/runs', { select: 'key:gate.gated' });
    expect(launch.status).toBe(202);
    const runId = launch.body.runId as number;
    await waitFor(() => running('ui'), 'the UI run to be in progress');
    const refused = await spawnCli(['materialize', '--select', 'raw.orders'], { projectDir: project.dir, env: project.env }).exited;
    expect(refused.code, refused.stdout).toBe(2);
    expect(refused.stderr).toContain(`another Trellis process is using the warehouse: pid ${process.pid} (\`trellis ui: materialize key:gate.gated\``);
    const queued = spawnCli(['materialize', '--select', 'raw.orders', '--wait', '60'], { projectDir: project.dir, env: project.env });
    // The queued process waits for the lock without having recorded a run.
    await new Promise((r) => setTimeout(r, 500));
    expect((await api.get<{ runs: RunRecord[] }>('/api/runs?status=running')).body.runs.map((r) => r.id)).toEqual([runId]);
    project.open();
    expect(await finished(api, runId)).toBe('success');
    const after = await queued.exited;
    expect(after.code, after.stderr).toBe(0);
    // Nothing was corrupted: every run is accounted for, and every table reads back.
    const runs = (await api.get<{ runs: RunRecord[] }>('/api/runs')).body.runs;
    expect(runs.map((r) => [r.trigger, r.status])).toEqual([['cli', 'success'], ['ui', 'success'], ['cli', 'success'], ['cli', 'success']]);
    for (const key of ['raw.orders', 'marts.revenue_by_customer', 'gate.gated']) {
      expect((await api.get(`/api/assets/${key}/preview`)).status, key).toBe(200);
    }
    const list = await cli(['list', '--json'], { projectDir: project.dir, env: project.env });
    expect(list.json<Array<{ key: string; status: string }>>().filter((a) => a.status !== 'fresh').map((a) => a.key)).toEqual(['analytics.customer_scores']);
  });
});

describe('`trellis ui` as a process', () => {
  it('rejects a bad --port as a usage error', async () => {
    const project = gatedProject();
    for (const port of ['abc', '70000', '-1']) {
      const r = await cli(['ui', `--port=${port}`], { projectDir: project.dir, env: project.env });
      expect(r.code, port).toBe(2);
      expect(r.stderr).toContain('--port must be an integer from 0 to 65535');
    }
  });

  it('serves until Ctrl+C, refuses a port in use, and cancels its run on the way out', async () => {
    const project = gatedProject();
    const ui = spawnCli(['ui', '--port', '0'], { projectDir: project.dir, env: project.env });
    let stdout = '';
    ui.child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    const url = await waitFor(() => /Trellis UI on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1], 'the server to print its URL');
    const port = new URL(url).port;
    expect((await fetch(`${url}api/assets`)).status).toBe(200);

    const busy = await spawnCli(['ui', '--port', port], { projectDir: project.dir, env: project.env }).exited;
    expect(busy.code).toBe(2);
    expect(busy.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(busy.stderr).toContain(`--port ${Number(port) + 1}`);

    const launch = await fetch(`${url}api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"select": "+key:gate.gated"}' });
    expect(launch.status).toBe(202);
    const { runId } = await launch.json() as { runId: number };
    await waitFor(async () => {
      const detail = await (await fetch(`${url}api/runs/${runId}`)).json() as { steps: Array<{ key: string; status: string }> };
      return detail.steps.some((s) => s.key === 'gate.gated' && s.status === 'running') ? true : undefined;
    }, 'the gated step to start');
    ui.child.kill('SIGINT');
    const r = await ui.exited;
    expect(r.code, r.stderr).toBe(0);
    const store = RunStore.open(path.join(project.env.TRELLIS_HOME!, 'runs.sqlite'));
    try {
      expect(store.getRun(runId)!.status).toBe('canceled');
      expect(store.steps(runId).find((s) => s.key === 'raw.orders')!.status).toBe('success');
    } finally {
      store.close();
    }
  });
});
