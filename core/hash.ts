/** Short, stable content hashes for code and data versions. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';

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
