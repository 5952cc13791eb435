/** Short, stable content hashes for code and data versions. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Hex SHA-256 of the parts, separated so that ('ab','c') and ('a','bc') differ; first 16 chars. */
export function hashOf(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex').slice(0, 16);
}

/** Stable JSON: object keys sorted, so that equal values serialise equally. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    if (typeof v === 'function') return v.toString();
    return v;
  });
}

/**
 * A stamp (size and mtime) of framework modules, named relative to `base`
 * (an `import.meta.url`), with this build's extension: `.ts` from source,
 * `.js` when compiled to dist/. A cache keyed by it is dropped when the code
 * that filled it changes, after an edit or an upgrade of Trellis.
 *
 * @example
 * moduleStamp(import.meta.url, ['sql-models', 'template']) // '2210:1732540000000|...'
 */
export function moduleStamp(base: string, modules: readonly string[]): string {
  const extension = base.endsWith('.js') ? '.js' : '.ts';
  return modules.map((m) => {
    try {
      const stat = fs.statSync(new URL(`./${m}${extension}`, base));
      return `${stat.size}:${stat.mtimeMs}`;
    } catch {
      return 'missing';
    }
  }).join('|');
}

/** A hash of the size and mtime of every `.ts`/`.js` module under `dir`, nested folders included. */
export function stampDirectory(dir: string): string {
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.[jt]s$/.test(f)).sort();
  return hashOf(...files.map((f) => {
    const stat = fs.statSync(path.join(dir, f));
    return `${f}:${stat.size}:${stat.mtimeMs}`;
  }));
}

let framework: string | undefined;

/**
 * A stamp of every module of the framework (this build's folder: core/ from
 * source, dist/core/ when compiled): a cache of anything the framework
 * computes from a project (rendered models, their checks and code versions)
 * is dropped by any change to it, with no list of modules to keep up to date.
 * About a hundred stats, once per process.
 */
export function frameworkStamp(): string {
  framework ??= stampDirectory(path.dirname(fileURLToPath(import.meta.url)));
  return framework;
}
