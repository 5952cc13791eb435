/**
 * `GET /api/runs`, `GET /api/runs/:id`, `POST /api/runs` (launch),
 * `POST /api/runs/:id/cancel`, and the event streams `GET /api/runs/:id/events`
 * and `GET /api/events`.
 *
 * @example
 * app.use(runsRoutes(ctx));
 */
import { Router } from 'express';
import { isProcessAlive, type RunStatus } from '../runstore/index.ts';
import type { ApiLaunch, ApiRunDetail, ApiRunList } from './api-types.ts';
import type { ServerContext } from './context.ts';
import { HttpError } from './http-error.ts';
import { enumParam, intParam, knownKey, readQuery, runIdParam } from './params.ts';
import type { LaunchRequest } from '../launch.ts';
import { settleRunningRuns } from './run-state.ts';

const RUN_STATUSES: readonly RunStatus[] = ['running', 'success', 'failed', 'canceled', 'interrupted'];
/** `?after=ID`: resume a stream after this event id (as EventSource's Last-Event-ID does). */
const AFTER = { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 } as const;
const BODY_FORMS = '{"select": S}, {"select": S, "stale": true}, {"stale": true} or {"all": true}';

/** Exactly one of `select`, `stale`, `all`; `select` may come with `stale: true`. */
export function parseLaunchBody(body: unknown): LaunchRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, `the body must be a JSON object: ${BODY_FORMS}`);
  }
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((k) => !['select', 'stale', 'all'].includes(k));
  if (unknown.length) throw new HttpError(400, `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}; the body is one of ${BODY_FORMS}`);
  const { select, stale = false, all = false } = fields;
  if (select !== undefined && (typeof select !== 'string' || !select.trim())) {
    throw new HttpError(400, `'select' must be a non-empty selection string such as "group:marts", got ${JSON.stringify(select)}`);
  }
  for (const [name, value] of [['stale', stale], ['all', all]] as const) {
    if (typeof value !== 'boolean') throw new HttpError(400, `'${name}' must be true or false, got ${JSON.stringify(value)}`);
  }
  const given = [select !== undefined, stale === true, all === true].filter(Boolean).length;
  const combination = select !== undefined && stale === true && all !== true;
  if (given === 0 || (given > 1 && !combination)) {
    throw new HttpError(400, `give exactly one of 'select', 'stale' and 'all' ('select' may come with "stale": true): ${BODY_FORMS}`);
  }
  return { select: select as string | undefined, stale: stale as boolean, all: all as boolean };
}

export function runsRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { store } = ctx.live;
  const existingRun = (text: string | undefined) => {
    const id = runIdParam(text);
    const run = store.getRun(id);
    if (!run) throw new HttpError(404, `no run ${id} (GET /api/runs lists the runs)`);
    return run;
  };

  router.get('/api/runs', (req, res) => {
    const query = readQuery(req, ['status', 'limit', 'offset', 'asset']);
    const status = enumParam(query, 'status', RUN_STATUSES);
    const limit = intParam(query, 'limit', { min: 1, max: 1000, fallback: 50 });
    const offset = intParam(query, 'offset', { min: 0, max: 1_000_000_000, fallback: 0 });
    const asset = query.asset === undefined ? undefined : knownKey(ctx.live.current().project.graph, query.asset);
    ctx.views.send(res, `runs ${status} ${limit} ${offset} ${asset}`, store, (): ApiRunList => {
      settleRunningRuns(store); // a dead process's run is listed as interrupted, not running
      return { runs: store.listRuns({ status, limit, offset, asset }) };
    });
  });

  router.get('/api/runs/:id', (req, res) => {
    readQuery(req, []);
    const run = existingRun(req.params.id);
    const body: ApiRunDetail = { run, steps: store.steps(run.id), checks: store.checkResults({ runId: run.id }), events: store.events(run.id) };
    res.json(body);
  });

  router.post('/api/runs', async (req, res) => {
    readQuery(req, []);
    const launch: ApiLaunch = await ctx.launcher.launch(parseLaunchBody(req.body));
    res.status(launch.runId === null ? 200 : 202).json(launch);
  });

  router.post('/api/runs/:id/cancel', (req, res) => {
    readQuery(req, []);
    const run = existingRun(req.params.id);
    if (ctx.launcher.cancel(run.id)) {
      const body: ApiLaunch = { runId: run.id, message: `canceling run ${run.id}: running assets are stopped, the last good tables kept` };
      res.status(202).json(body);
      return;
    }
    if (run.status !== 'running') throw new HttpError(409, `run ${run.id} has already finished (${run.status})`);
    const where = run.pid === process.pid ? 'this server' : isProcessAlive(run.pid) ? `another process (pid ${run.pid}, started from the ${run.trigger})` : `a process that is gone (pid ${run.pid})`;
    throw new HttpError(409, `run ${run.id} is not one this server launched: it runs in ${where}; stop it there (Ctrl+C in its terminal)`);
  });

  router.get('/api/runs/:id/events', (req, res) => {
    intParam(readQuery(req, ['after']), 'after', AFTER);
    const run = existingRun(req.params.id);
    ctx.streams.run(req, res, run.id);
  });

  router.get('/api/events', (req, res) => {
    intParam(readQuery(req, ['after']), 'after', AFTER);
    ctx.streams.all(req, res);
  });

  return router;
}
