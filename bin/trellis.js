#!/usr/bin/env node
// The `trellis` command: compiles what changed (see compile.js), then runs the CLI.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fs from 'node:fs';
import { ensureCompiled, compiledPath, isInstalledCopy } from './compile.js';

// Stack traces mapped back to the TypeScript cost every command about 80 ms: only when debugging.
if (process.env.TRELLIS_DEBUG) process.setSourceMapsEnabled(true);
const root = path.resolve(fileURLToPath(import.meta.url), '../..');

// Project modules (assets, config) inside this package are loaded compiled too;
// a project elsewhere falls back to a TypeScript loader.
globalThis[Symbol.for('trellis.importModule')] = async (file, projectDir) => {
  const relative = path.relative(root, file);
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
    const sameProject = path.resolve(projectDir) === root;
    await ensureCompiled(root, sameProject ? ['assets', 'dashboards', 'trellis.config.ts'] : [projectDir]);
    return import(pathToFileURL(compiledPath(root, file)).href);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(file).href);
};

const packed = isInstalledCopy(root) && fs.existsSync(path.join(root, 'dist/core/cli/main.js'));
if (!packed) await ensureCompiled(root, ['core']);
const args = process.argv.slice(2);
if (args.find((arg, i) => !arg.startsWith('-') && args[i - 1] !== '--project') === 'ui') {
  // The web app is built on first use and after an edit, so `npx trellis ui` serves it on a fresh clone.
  const { ensureUiBuilt } = await import('./build-ui.js');
  await ensureUiBuilt().catch((error) => console.error(`could not build the web app (ui/): ${error?.message ?? error}; the API still runs`));
}
const { main } = await import(pathToFileURL(path.join(root, 'dist/core/cli/main.js')).href);
process.exitCode = await main(args);
