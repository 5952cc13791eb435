#!/usr/bin/env node
// Builds the web app (ui/) into ui/dist with Vite, only when ui/dist is
// missing or older than a source of the app: `npm run ui` and the browser
// tests call it, so an unchanged UI costs a directory scan, not a build.
// The build goes to a temporary folder swapped in when complete, so a
// server never serves a half-written app and two builds at once do not mix.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isInstalledCopy } from './compile.js';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');
const ui = path.join(root, 'ui');
const dist = path.join(ui, 'dist');
/** What the app is built from: its sources, page and build config, what it imports from core (API types, formatting), and this script. */
const INPUTS = ['src', 'index.html', 'vite.config.ts', '../core/server/api-types.ts', '../core/server/dashboard-types.ts', '../core/dashboards/spec.ts', '../core/format.ts', '../package.json', '../bin/build-ui.js'];

function newestMtime(target) {
  let stat;
  try { stat = fs.statSync(target); } catch { return 0; }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/**
 * True when ui/dist/index.html exists and is newer than every input, or
 * when it exists in an installed package, which has no sources to build from.
 */
export function uiIsBuilt() {
  let built;
  try { built = fs.statSync(path.join(dist, 'index.html')).mtimeMs; } catch { return false; }
  if (isInstalledCopy(root) || !fs.existsSync(path.join(ui, 'src'))) return true;
  return INPUTS.every((input) => newestMtime(path.join(ui, input)) <= built);
}

/** Builds ui/dist if needed; resolves to true when it built. */
export async function ensureUiBuilt({ quiet = false } = {}) {
  if (uiIsBuilt()) return false;
  const { build } = await import('vite');
  // Staged under the git-ignored dist/ (same file system as ui/, so the rename is atomic).
  const staging = path.join(root, 'dist', `.ui-build-${process.pid}`);
  const started = performance.now();
  // Vite bundles React's development build when NODE_ENV says so (vitest sets it to `test`): always ship production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(ui, 'vite.config.ts'),
      logLevel: quiet ? 'error' : 'warn',
      build: { outDir: staging, emptyOutDir: true },
    });
    // index.html last, newer than the inputs: the mark of a complete build.
    const index = path.join(staging, 'index.html');
    const now = new Date();
    fs.utimesSync(index, now, now);
    fs.rmSync(dist, { recursive: true, force: true });
    try {
      fs.renameSync(staging, dist);
    } catch (error) {
      // Another build swapped its own in between: it is as good as ours.
      if (!uiIsBuilt()) throw error;
    }
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    fs.rmSync(staging, { recursive: true, force: true });
  }
  if (!quiet) console.error(`built ui/dist in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await ensureUiBuilt({ quiet: process.argv.includes('--quiet') });
  } catch (error) {
    console.error(`could not build the UI (ui/): ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}
