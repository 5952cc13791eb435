// Compiles the framework and the project's TypeScript to plain ESM under
// dist/, once per change, so that every CLI start does not pay for a
// TypeScript loader (about 300 ms on Node 20). Sources newer than their
// output are transpiled with esbuild (no type checking: `npm run typecheck`).
import fs from 'node:fs';
import path from 'node:path';

const IMPORTS = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']+?)\.ts(["'])/g;

function listTs(target, out) {
  let stat;
  try { stat = fs.statSync(target); } catch { return out; }
  if (stat.isFile()) {
    if (target.endsWith('.ts') && !target.endsWith('.d.ts')) out.push([target, stat.mtimeMs]);
    return out;
  }
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    listTs(path.join(target, entry.name), out);
  }
  return out;
}

/**
 * True when `root` is a copy installed by npm (under a node_modules folder).
 * Such a copy ships dist/ and ui/dist built by `npm pack` (bin/prepack.js),
 * and npm does not keep the files' times, so comparing them would rebuild
 * it at its first start, or fail where the folder is not writable.
 */
export function isInstalledCopy(root) {
  return path.resolve(root).split(path.sep).includes('node_modules');
}

/** Maps a source file under `root` to its compiled path under `root/dist`. */
export function compiledPath(root, file) {
  return path.join(root, 'dist', path.relative(root, file)).replace(/\.ts$/, '.js');
}

/** Compiles every stale `.ts` file found under `targets` (files or folders inside `root`). */
export async function ensureCompiled(root, targets) {
  const stale = [];
  for (const target of targets) {
    for (const [file, mtime] of listTs(path.resolve(root, target), [])) {
      const out = compiledPath(root, file);
      let outMtime = 0;
      try { outMtime = fs.statSync(out).mtimeMs; } catch { /* not compiled yet */ }
      if (outMtime < mtime) stale.push([file, out]);
    }
  }
  if (stale.length === 0) return 0;
  const esbuild = await import('esbuild');
  await Promise.all(stale.map(async ([file, out]) => {
    const source = fs.readFileSync(file, 'utf8');
    // The map goes beside the file: inline, it made each file about 4 times larger to read at every start.
    // It names its source relative to itself, so it stays right in an installed copy of the package.
    const { code, map } = await esbuild.transform(source, {
      loader: 'ts', format: 'esm', target: 'node20', sourcefile: path.relative(path.dirname(out), file), sourcemap: 'external',
    });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(`${out}.map`, map);
    const temporary = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${code.replace(IMPORTS, '$1$2.js$3')}//# sourceMappingURL=${path.basename(out)}.map\n`);
    fs.renameSync(temporary, out);
  }));
  return stale.length;
}
