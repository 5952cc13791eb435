/**
 * `GET /api/schedules`: the schedules of trellis.config.ts with their next
 * ticks and tick history, the daemon that holds the lease, and the retries
 * waiting for it.
 *
 * @example
 * app.use(schedulesRoutes(ctx));
 */
import { Router } from 'express';
import { nextTicks } from '../ops/cron.ts';
import type { ApiSchedules } from './api-types.ts';
import type { ServerContext } from './context.ts';
import { readQuery } from './params.ts';

export function schedulesRoutes(ctx: ServerContext): Router {
  const router = Router();
  router.get('/api/schedules', (req, res) => {
    readQuery(req, []);
    const ws = ctx.live.current();
    const now = ctx.now?.() ?? new Date();
    const { ops } = ws.store;
    const body: ApiSchedules = {
      now: now.toISOString(),
      daemon: ops.lease() ?? null,
      schedules: Object.entries(ws.project.config.schedules ?? {}).map(([name, s]) => ({
        name, ...s, next: nextTicks(s, now, 5).map((d) => d.toISOString()), ticks: ops.ticks(name, 50),
      })),
      pendingRetries: ops.pendingRetries(),
    };
    res.json(body);
  });
  return router;
}
