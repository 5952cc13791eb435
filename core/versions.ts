/**
 * Code versions, computed, never written by hand. A SQL model's version is the
 * hash of its rendered SQL with comments removed and whitespace collapsed
 * (outside string literals); a TypeScript asset's is the hash of its module and
 * the local modules it imports, with comments and formatting stripped, plus
 * its configuration. Cosmetic edits therefore keep the version.
 *
 * @example
 * sqlCodeVersion('select 1 -- note') === sqlCodeVersion('SELECT  1') // false: case is code
 * sqlCodeVersion('select 1 -- note') === sqlCodeVersion('select 1')  // true
 */
import fs from 'node:fs';
import path from 'node:path';
import { hashOf, moduleStamp, stableJson } from './hash.ts';

interface Language {
  /** Starts a comment that runs to the end of the line. */
  readonly lineComment: string;
  /** The end of the quoted literal opened at `start`. */
  literalEnd(text: string, start: number): number;
  /** Whether collapsed whitespace is kept (as one space) before `next`, after `previous`. */
  keepsSpace(previous: string, next: string): boolean;
}

/** Removes comments and collapses whitespace outside quoted literals: the shared scanner of SQL and scripts. */
function normalize(text: string, language: Language): string {
  let out = '';
  let pendingSpace = false;
  const { lineComment } = language;
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (text.startsWith(lineComment, i)) {
      while (i < text.length && text[i] !== '\n') i++;
      pendingSpace = true;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      pendingSpace = true;
    } else if (c === ' ' || c === '\n' || c === '\t' || c === '\r') {
      i++;
      pendingSpace = true;
    } else {
      const end = c === "'" || c === '"' || c === '`' ? language.literalEnd(text, i) : i;
      if (pendingSpace && out && language.keepsSpace(out.at(-1)!, c)) out += ' ';
      out += text.slice(i, end + 1);
      i = end + 1;
      pendingSpace = false;
    }
  }
  return out;
}

const SQL: Language = {
  lineComment: '--',
  // Quotes are escaped by doubling them.
  literalEnd(text, start) {
    const quote = text[start];
    let j = start + 1;
    while (j < text.length && !(text[j] === quote && text[j + 1] !== quote)) j += text[j] === quote ? 2 : 1;
    return j;
  },
  keepsSpace: () => true,
};

const WORD = /[A-Za-z0-9_$]/;

const SCRIPT: Language = {
  lineComment: '//',
  literalEnd(text, start) {
    const quote = text[start];
    let j = start + 1;
    while (j < text.length && text[j] !== quote) j += text[j] === '\\' ? 2 : 1;
    return j;
  },
  // A space matters only between two word characters (`const x`), or before a literal after one.
  keepsSpace: (previous, next) => WORD.test(previous) && (WORD.test(next) || next === "'" || next === '"' || next === '`'),
};

/** Removes comments and collapses whitespace outside quoted literals and identifiers. */
export function normalizeSql(sql: string): string {
  return normalize(sql, SQL);
}

export function sqlCodeVersion(renderedSql: string, config: unknown = {}): string {
  return hashOf('sql', normalizeSql(renderedSql), stableJson(config));
}

/**
 * Strips comments and whitespace from TypeScript/JavaScript source, keeping
 * string and template literals intact. A deliberately small scanner: regular
 * expression literals are rare in asset code and at worst make a cosmetic
 * edit count as a change, never the reverse.
 */
export function normalizeScript(source: string): string {
  return normalize(source, SCRIPT);
}

const IMPORT = /(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

interface ModuleEntry {
  readonly stamp: string;
  readonly normalized: string;
  readonly imports: string[];
}

/**
 * Normalized source and local imports of each module, by path, while its
 * size and mtime stay the same: ten sources declared in one module share it.
 */
const modules = new Map<string, ModuleEntry>();
let modulesChanged = false;

/**
 * Runs `work` with the module entries kept in `cacheFile` between processes
 * (normalizing two dozen model modules costs a no-op command about 80 ms),
 * and writes them back when a module was read afresh. Entries are checked
 * against each file's size and mtime, as within a process.
 *
 * @example
 * const version = withModuleCache('.trellis/cache/modules.json', () => moduleCodeVersion(file, config, core));
 */
export function withModuleCache<T>(cacheFile: string, work: () => T): T {
  // Entries hold normalized text: a change to the normalizer (this module) drops them.
  const normalizer = moduleStamp(import.meta.url, ['versions']);
  try {
    const cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { normalizer: string; modules: Record<string, ModuleEntry> };
    if (cached.normalizer === normalizer) {
      for (const [file, entry] of Object.entries(cached.modules)) if (!modules.has(file)) modules.set(file, entry);
    }
  } catch { /* no cache yet, or unreadable: read the modules */ }
  modulesChanged = false;
  const result = work();
  if (modulesChanged) {
    try {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, JSON.stringify({ normalizer, modules: Object.fromEntries(modules) }));
      fs.renameSync(temporary, cacheFile);
    } catch { /* a read-only state folder only costs the next process the reading */ }
  }
  return result;
}

function readModule(file: string): ModuleEntry {
  let stamp = 'missing';
  try {
    const stat = fs.statSync(file);
    stamp = `${stat.size}:${stat.mtimeMs}`;
  } catch { /* a missing module contributes nothing */ }
  let known = modules.get(file);
  if (known?.stamp === stamp) return known;
  let source = '';
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch { /* as above */ }
  const imports: string[] = [];
  for (const match of source.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2] ?? match[3]!;
    if (spec.startsWith('.')) imports.push(resolveLocal(path.resolve(path.dirname(file), spec)));
  }
  known = { stamp, normalized: normalizeScript(source), imports };
  modules.set(file, known);
  modulesChanged = true;
  return known;
}

/** The normalized sources of `file` and every local module it imports, transitively. */
function moduleClosure(file: string, seen: Map<string, string>, frameworkDir: string): void {
  if (seen.has(file) || file.startsWith(frameworkDir + path.sep)) return;
  const module = readModule(file);
  seen.set(file, module.normalized);
  for (const imported of module.imports) moduleClosure(imported, seen, frameworkDir);
}

/** `./x.js` compiled from `./x.ts`, or an extensionless specifier: find the source file. */
function resolveLocal(target: string): string {
  const candidates = [target, target.replace(/\.js$/, '.ts'), `${target}.ts`, path.join(target, 'index.ts')];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? target;
}

/**
 * Code version of a TypeScript asset declared in `file`: its module and local
 * imports (the framework's own `core/` excluded: upgrading Trellis does not
 * make every asset stale), plus its config.
 */
export function moduleCodeVersion(file: string, config: unknown, frameworkDir: string): string {
  const seen = new Map<string, string>();
  // The framework's own modules are not part of an asset's code: not even read.
  moduleClosure(file, seen, frameworkDir);
  // Code-unit order, not localeCompare: the version must not depend on the machine's locale.
  const parts = [...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, normalized]) => normalized);
  return hashOf('ts', ...parts, stableJson(config));
}
