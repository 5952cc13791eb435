/**
 * `GET /api/dashboards[?select=S]` (S over the lineage with dashboards, e.g.
 * `kind:dashboard and carttrend_clean.mart_Commandes+`), `GET /api/dashboards/:id`,
 * `GET /api/dashboards/:id/charts/:chart/data[?filter=value...]` and
 * `GET /api/dashboards/:id/filters/:filter`.
 *
 * @example
 * app.use(dashboardsRoutes(ctx));
 */
import { Router } from 'express';
import type { ServerContext } from './context.ts';
import type { ApiDashboardList } from './dashboard-types.ts';
import { chartData, dashboardView, filterOptions, findDashboard, summaryOf } from './dashboard-views.ts';
import { readQuery } from './params.ts';
import { selectInProject } from '../dashboards/lineage.ts';

export function dashboardsRoutes(ctx: ServerContext): Router {
  const router = Router();

  router.get('/api/dashboards', (req, res) => {
    const { select } = readQuery(req, ['select']);
    const ws = ctx.live.current();
    const dashboards = select === undefined ? ws.project.dashboards : selectInProject(select, ws.project, () => ws.status().statuses).dashboards;
    const body: ApiDashboardList = { dashboards: dashboards.map(summaryOf) };
    res.json(body);
  });

  router.get('/api/dashboards/:id', (req, res) => {
    readQuery(req, []);
    const ws = ctx.live.current();
    res.json(dashboardView(ws, findDashboard(ws, req.params.id)));
  });

  router.get('/api/dashboards/:id/charts/:chart/data', async (req, res) => {
    const ws = ctx.live.current();
    const def = findDashboard(ws, req.params.id);
    const query = readQuery(req, (def.spec.filters ?? []).map((f) => f.id));
    res.json(await chartData(ws, ctx.owner, def, req.params.chart, query));
  });

  router.get('/api/dashboards/:id/filters/:filter', async (req, res) => {
    readQuery(req, []);
    const ws = ctx.live.current();
    res.json(await filterOptions(ws, ctx.owner, findDashboard(ws, req.params.id), req.params.filter));
  });

  return router;
}
