/**
 * `GET /api/assets[?select=S]`, `GET /api/assets/:key` and
 * `GET /api/assets/:key/preview[?limit=N]`.
 *
 * @example
 * app.use(assetsRoutes(ctx));
 */
import { Router } from 'express';
import type { ApiAssetDetail, ApiGraph, ApiPreview } from './api-types.ts';
import { assetView, graphView } from './asset-views.ts';
import type { ServerContext } from './context.ts';
import { HttpError } from './http-error.ts';
import { intParam, knownKey, readQuery } from './params.ts';
import { PREVIEW_LIMIT, previewAsset } from './preview.ts';

export function assetsRoutes(ctx: ServerContext): Router {
  const router = Router();

  router.get('/api/assets', (req, res) => {
    const { select } = readQuery(req, ['select']);
    if (select !== undefined && !select.trim()) throw new HttpError(400, "'select' is empty: give a selection such as group:marts, or leave it out for every asset");
    const ws = ctx.live.current();
    const notice = ctx.live.notice;
    ctx.views.send(res, `assets ${select ?? ''} ${notice ?? ''}`, ws, (): ApiGraph => graphView(ws, select, notice));
  });

  router.get('/api/assets/:key', (req, res) => {
    readQuery(req, []);
    const ws = ctx.live.current();
    const body: ApiAssetDetail = assetView(ws, knownKey(ws.project.graph, req.params.key), ctx.now?.());
    res.json(body);
  });

  router.get('/api/assets/:key/preview', async (req, res) => {
    const query = readQuery(req, ['limit']);
    const limit = intParam(query, 'limit', PREVIEW_LIMIT);
    const key = knownKey(ctx.live.current().project.graph, req.params.key);
    const body: ApiPreview = await previewAsset(ctx.owner, key, limit);
    res.json(body);
  });

  return router;
}
