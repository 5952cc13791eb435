/**
 * The Express application: security first, then the JSON API, then the web
 * app; every error answers an `ApiError` (see http-error.ts).
 *
 * @example
 * const app = createApp(ctx, { loopback: true, uiDir: defaultUiDir() });
 * app.listen(3000, '127.0.0.1');
 */
import express, { type Express } from 'express';
import { assetsRoutes } from './assets-routes.ts';
import type { ServerContext } from './context.ts';
import { dashboardsRoutes } from './dashboards-routes.ts';
import { errorHandler, HttpError } from './http-error.ts';
import { runsRoutes } from './runs-routes.ts';
import { schedulesRoutes } from './schedules-routes.ts';
import { guard, type SecurityOptions } from './security.ts';
import { staticUi } from './static-ui.ts';

export interface AppOptions extends SecurityOptions {
  /** The built web app (ui/dist). */
  readonly uiDir: string;
}

export function createApp(ctx: ServerContext, options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(guard(options));
  app.use('/api', express.json({ limit: '100kb' }));
  app.use(assetsRoutes(ctx));
  app.use(runsRoutes(ctx));
  app.use(schedulesRoutes(ctx));
  app.use(dashboardsRoutes(ctx));
  app.use('/api', (req) => {
    throw new HttpError(404, `no API route ${req.method} ${req.originalUrl.split('?')[0]}; the API has /api/assets, /api/runs, /api/schedules, /api/dashboards and /api/events`);
  });
  app.use(staticUi(options.uiDir));
  app.use(errorHandler(ctx.log));
  return app;
}
