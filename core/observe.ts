/**
 * Observing sources: a source's data version is the content hash of its
 * files. Hashing is skipped when a file's size and mtime match the last
 * observation kept in the run store, so observing on every `list`, `plan`
 * and `materialize` stays cheap.
 *
 * @example
 * const observed = observeSources(graph, store, projectDir);
 * observed.get('google_drive.carttrend_posts_posts') // { dataVersion: 'a1b2…', files: [...] }
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { AssetGraph } from './graph.ts';
import type { AssetKey } from './keys.ts';
import { hashOf } from './hash.ts';
import type { SourceObservation } from './runstore/index.ts';

export interface ObservationCache {
  getObservation(path: string): SourceObservation | undefined;
  putObservation(path: string, o: SourceObservation): void;
}

export interface SourceState {
  /** Undefined when a file is missing. */
  readonly dataVersion: string | undefined;
  readonly files: readonly string[];
  readonly missing: readonly string[];
}

function fileHash(file: string, cache: ObservationCache): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return undefined;
  }
  const known = cache.getObservation(file);
  if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return known.hash;
  const hash = createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 16);
  cache.putObservation(file, { size: stat.size, mtimeMs: stat.mtimeMs, hash });
  return hash;
}

export function observeSources(graph: AssetGraph, cache: ObservationCache, projectDir: string,
  env: NodeJS.ProcessEnv = process.env): Map<AssetKey, SourceState> {
  const states = new Map<AssetKey, SourceState>();
  for (const def of graph.definitions()) {
    if (def.kind !== 'source' || !def.files) continue;
    const files = def.files({ projectDir, env }).map((f) => path.resolve(projectDir, f));
    const hashes = files.map((f) => fileHash(f, cache));
    const missing = files.filter((_, i) => hashes[i] === undefined);
    states.set(def.key, {
      files,
      missing,
      dataVersion: missing.length ? undefined : hashOf('source', ...(hashes as string[])),
    });
  }
  return states;
}
