/** Short, stable content hashes for code and data versions. */
import { createHash } from 'node:crypto';

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
