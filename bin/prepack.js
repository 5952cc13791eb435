#!/usr/bin/env node
// Runs before `npm pack` (and `npm publish`): the package ships the framework
// compiled (dist/core) and the web app built (ui/dist), so that an installed
// Trellis starts without compiling itself and serves its UI without Vite,
// which is a development dependency and absent from an installed package.
// Compiling is the CLI's own incremental step (a CLI running from this
// checkout meanwhile is not disturbed); a compiled module whose source was
// deleted is removed, so it is not shipped.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCompiled } from './compile.js';
import { ensureUiBuilt } from './build-ui.js';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');
const compiledCore = path.join(root, 'dist/core');

function removeOrphans(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      removeOrphans(file);
      if (fs.readdirSync(file).length === 0) fs.rmdirSync(file);
      continue;
    }
    const source = path.join(root, path.relative(path.join(root, 'dist'), file)).replace(/\.js(\.map)?$/, '.ts');
    if (!fs.existsSync(source)) fs.rmSync(file, { force: true });
  }
}

try {
  await ensureCompiled(root, ['core']);
  removeOrphans(compiledCore);
  await ensureUiBuilt({ quiet: true });
} catch (error) {
  console.error(`could not prepare the package: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
}
