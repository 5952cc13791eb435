/**
 * Serves the web app built by Vite into `<repo>/ui/dist`, with the SPA
 * fallback (any other GET outside /api answers index.html, so a deep link
 * such as /assets/x works). The folder is looked up per request: building
 * the UI while the server runs is enough, and a missing build answers a page
 * saying how to build it instead of failing.
 *
 * @example
 * app.use(staticUi(defaultUiDir()));
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';

/** `<repo>/ui/dist`, from this module in core/server (tsx) or dist/core/server (the compiled CLI). */
export function defaultUiDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url)).replace(/[\\/]dist[\\/]core[\\/]server$/, `${path.sep}core${path.sep}server`);
  return path.resolve(here, '../../ui/dist');
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Trellis: UI not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}code{background:#eee;padding:.1rem .3rem}</style></head>
<body><h1>The Trellis web UI is not built yet</h1>
<p>This server answers the API (try <a href="/api/assets">/api/assets</a>), but found no built web app in <code>ui/dist</code>.</p>
<p><code>trellis ui</code> builds it when it starts; that build failed (its message is in the server's terminal), often because Vite is missing.
Run <code>npm install</code> in the Trellis folder, then start <code>npx trellis ui</code> again.</p></body></html>
`;

export function staticUi(uiDir: string): Router {
  const router = Router();
  const index = path.join(uiDir, 'index.html');
  router.use(express.static(uiDir, { index: false, fallthrough: true }));
  router.get('/{*splat}', (req, res, next) => {
    if (req.path === '/api' || req.path.startsWith('/api/')) return next();
    res.set('Cache-Control', 'no-cache');
    if (!fs.existsSync(index)) {
      res.status(200).type('html').send(NOT_BUILT);
      return;
    }
    res.sendFile(index);
  });
  return router;
}
