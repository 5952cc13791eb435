/**
 * Writes a new Trellis project from the template shipped in `templates/project`:
 * a CSV source, a SQL model with its schema file, a TypeScript asset, a test,
 * and a package.json that depends on the Trellis this code runs from.
 *
 * @example
 * const dependency = trellisDependency('/home/me/demo');    // 'file:../trellis'
 * scaffoldProject({ dir: '/home/me/demo', name: 'demo', dependency });
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.ts';

/** The Trellis package this module belongs to (a checkout, or an installed copy under node_modules). */
export function packageRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url)).replace(/[\\/]dist[\\/]core[\\/]cli$/, `${path.sep}core${path.sep}cli`);
  return path.resolve(here, '../..');
}

const TEMPLATE = 'templates/project';
/** npm drops `.gitignore` files from a package, so the template ships it without the dot. */
const RENAMED: Readonly<Record<string, string>> = { gitignore: '.gitignore' };

/**
 * Why `name` cannot name an npm package, or undefined when it can (npm's
 * rules: lowercase, URL-safe, at most 214 characters, not starting with . or _).
 */
export function packageNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > 214) return 'it is longer than 214 characters';
  if (name !== name.toLowerCase()) return 'it has capital letters';
  if (/^[._]/.test(name)) return `it starts with '${name[0]}'`;
  if (!/^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/.test(name)) return 'it has characters npm does not allow (spaces, or other than a-z 0-9 - _ . ~)';
  if (name === 'trellis') return 'a project named trellis cannot depend on the trellis package';
  if (name === 'node_modules' || name === 'favicon.ico') return 'npm reserves it';
  return undefined;
}

/** A name npm accepts, made from `name` (for the error's fix). */
function suggestedName(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9._~-]+/g, '-').replace(/^[._-]+|-+$/g, '');
  return !cleaned || cleaned === 'trellis' ? `${cleaned || 'my'}-project` : cleaned;
}

/** `file:` spec of `target` in the package.json of `projectDir`: relative when they share a folder below the root. */
function fileSpec(projectDir: string, target: string): string {
  const relative = path.relative(projectDir, target);
  const sharesFolder = path.resolve(projectDir).split(path.sep)[1] === path.resolve(target).split(path.sep)[1];
  return `file:${sharesFolder ? relative.split(path.sep).join('/') || '.' : target}`;
}

/** The `trellis` dependency a project under `node_modules/..` declares, resolved to its own folder, if any. */
function consumerDependency(root: string): { spec: string; dir: string } | undefined {
  const parts = root.split(path.sep);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const dir = parts.slice(0, at).join(path.sep) || path.sep;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const spec = pkg.dependencies?.trellis ?? pkg.devDependencies?.trellis;
    return typeof spec === 'string' ? { spec, dir } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `trellis` entry of a new project's package.json: `from` when given (a
 * path becomes a `file:` spec relative to the project, anything else is kept
 * as npm would read it); else what the project that installed this copy
 * declares; else this copy itself, as a `file:` path.
 */
export function trellisDependency(projectDir: string, from?: string, root = packageRoot()): string {
  if (from !== undefined) {
    const target = path.resolve(from);
    if (fs.existsSync(target)) return fileSpec(projectDir, target);
    if (/^[./~]|\.tgz$/.test(from)) {
      throw new UsageError(`--from ${from}: no such file or folder`, { fix: 'give the path of a Trellis checkout or of the tarball `npm pack` made' });
    }
    return from;
  }
  const consumer = consumerDependency(root);
  if (consumer && consumer.spec.startsWith('file:')) return fileSpec(projectDir, path.resolve(consumer.dir, consumer.spec.slice('file:'.length)));
  if (consumer && !/^(?:link|workspace):/.test(consumer.spec)) return consumer.spec;
  return fileSpec(projectDir, root);
}

export interface ScaffoldRequest {
  /** The new project's folder: missing or empty. */
  readonly dir: string;
  /** Its package name (npm's rules). */
  readonly name: string;
  /** The `trellis` dependency spec, from `trellisDependency`. */
  readonly dependency: string;
}

/** The package.json of a new project: Trellis as its dependency; tsx (Trellis's own version) runs the tests, @types/node types them in an editor. */
function packageJson(name: string, dependency: string, root: string): string {
  const trellis = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  return `${JSON.stringify({
    name, version: '0.1.0', private: true, type: 'module',
    engines: trellis.engines,
    scripts: {
      materialize: 'trellis materialize',
      ui: 'trellis ui',
      test: 'node --import tsx --test test/pipeline.test.ts',
    },
    dependencies: { trellis: dependency },
    devDependencies: { tsx: trellis.dependencies.tsx, '@types/node': trellis.devDependencies?.['@types/node'] ?? '^20.19.0' },
  }, null, 2)}\n`;
}

function templateFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    return entry.isDirectory() ? templateFiles(dir, relative) : [relative];
  });
}

/** Refuses a folder that is a file or holds anything, naming what is there. */
function requireEmptyFolder(dir: string): void {
  let entries: string[];
  try {
    if (!fs.statSync(dir).isDirectory()) throw new UsageError(`${dir} is a file, not a folder`, { fix: 'give the path of a new folder: `trellis init my-project`' });
    entries = fs.readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (entries.length === 0) return;
  const shown = entries.sort().slice(0, 3).join(', ') + (entries.length > 3 ? `, and ${entries.length - 3} more` : '');
  throw new UsageError(`${dir} is not empty (it has ${shown}); trellis init writes only into a new or empty folder`,
    { fix: 'choose a new folder name, e.g. `trellis init my-project`, or empty this one' });
}

/**
 * Writes the project; returns the files written, relative to `dir`, sorted.
 * Refuses a non-empty folder or an invalid name before writing anything.
 */
export function scaffoldProject(request: ScaffoldRequest, root = packageRoot()): string[] {
  requireEmptyFolder(request.dir);
  const problem = packageNameProblem(request.name);
  if (problem) {
    throw new UsageError(`'${request.name}' cannot be the project's package name: ${problem}`,
      { fix: `name the folder, or pass --name, with lowercase letters, digits and dashes, e.g. ${suggestedName(request.name)}` });
  }
  const template = path.join(root, TEMPLATE);
  const written = ['package.json'];
  fs.mkdirSync(request.dir, { recursive: true });
  fs.writeFileSync(path.join(request.dir, 'package.json'), packageJson(request.name, request.dependency, root));
  for (const file of templateFiles(template)) {
    const target = RENAMED[file] ?? file;
    const text = fs.readFileSync(path.join(template, file), 'utf8');
    fs.mkdirSync(path.dirname(path.join(request.dir, target)), { recursive: true });
    fs.writeFileSync(path.join(request.dir, target), file === 'README.md' ? text.replaceAll('{{name}}', request.name) : text);
    written.push(target.split(path.sep).join('/'));
  }
  return written.sort();
}
