/**
 * Staleness: a status with causes, never a bare boolean.
 *
 * - `missing`: never materialized.
 * - `failed`: the last attempt failed (after the last success, or with none).
 * - `stale`: the code version changed; an upstream's data version differs from
 *   the one this asset was built from; a dependency was added or removed; a
 *   source file changed; or an upstream is itself not fresh, so a plan will
 *   rebuild it (when that rebuild yields identical data, this asset is
 *   skipped as `inputs unchanged` and stays fresh).
 * - `fresh`: none of the above.
 *
 * @example
 * const statuses = computeStaleness(graph, history, sources);
 * statuses.get('carttrend_clean.Posts') // { status: 'stale', causes: [{ kind: 'upstream_data', ... }] }
 */
import path from 'node:path';
import type { AssetGraph } from './graph.ts';
import type { AssetKey } from './keys.ts';
import type { AttemptRecord, MaterializationRecord } from './runstore/index.ts';
import type { SourceState } from './observe.ts';

export type Status = 'fresh' | 'stale' | 'missing' | 'failed';

export type StaleCause =
  | { readonly kind: 'never_materialized'; readonly message: string }
  | { readonly kind: 'code_changed'; readonly message: string }
  | { readonly kind: 'source_changed'; readonly message: string }
  | { readonly kind: 'source_missing'; readonly message: string }
  | { readonly kind: 'upstream_data'; readonly upstream: AssetKey; readonly message: string }
  | { readonly kind: 'dependency_added' | 'dependency_removed'; readonly upstream: AssetKey; readonly message: string }
  | { readonly kind: 'last_attempt_failed'; readonly runId: number; readonly message: string }
  | { readonly kind: 'upstream_stale'; readonly upstream: AssetKey; readonly message: string };

export interface StaleStatus {
  readonly status: Status;
  readonly causes: readonly StaleCause[];
}

export interface History {
  readonly materializations: ReadonlyMap<AssetKey, MaterializationRecord>;
  /** The newest failed attempt per asset (RunStore.latestFailures). */
  readonly failures: ReadonlyMap<AssetKey, AttemptRecord>;
}

const FRESH: StaleStatus = { status: 'fresh', causes: [] };

/** True when every cause is an upstream that will be rebuilt: the asset runs only if that rebuild changes data. */
export function onlyUpstreamStale(s: StaleStatus): boolean {
  return s.status === 'stale' && s.causes.every((c) => c.kind === 'upstream_stale');
}

/** Status of one asset from its own record and its upstreams' already computed statuses. */
export function assetStatus(graph: AssetGraph, key: AssetKey, history: History,
  sources: ReadonlyMap<AssetKey, SourceState>, upstreamStatus: (key: AssetKey) => StaleStatus): StaleStatus {
  const def = graph.get(key);
  const record = history.materializations.get(key);
  const attempt = history.failures.get(key);
  const source = sources.get(key);
  if (!record) {
    const causes: StaleCause[] = [{ kind: 'never_materialized', message: 'never materialized' }];
    if (attempt?.status === 'failed') {
      causes.push({ kind: 'last_attempt_failed', runId: attempt.runId, message: `last attempt failed in run ${attempt.runId}: ${attempt.error ?? 'unknown error'}` });
    }
    if (source?.missing.length) causes.push(missingFiles(source, def.missingFileHint));
    // Never built and the last try failed: `failed` tells more than `missing`.
    return { status: attempt ? 'failed' : 'missing', causes };
  }
  if (isFresh(graph, key, def.codeVersion, record, history, source, attempt, upstreamStatus)) return FRESH;
  const causes: StaleCause[] = [];
  if (attempt?.status === 'failed' && attempt.runId > record.runId) {
    causes.push({ kind: 'last_attempt_failed', runId: attempt.runId, message: `last attempt failed in run ${attempt.runId}: ${attempt.error ?? 'unknown error'}` });
  }
  if (record.codeVersion !== def.codeVersion) {
    causes.push({ kind: 'code_changed', message: `code changed${def.file ? ` (${def.file})` : ''} since run ${record.runId}` });
  }
  if (source) {
    if (source.missing.length) causes.push(missingFiles(source, def.missingFileHint));
    else if (source.dataVersion !== record.dataVersion) {
      causes.push({ kind: 'source_changed', message: `source file changed since it was loaded in run ${record.runId}: ${source.files.map((f) => path.basename(f)).join(', ')}` });
    }
  }
  const recorded = new Set(record.deps);
  for (const dep of graph.upstream(key)) {
    if (!recorded.has(dep)) {
      causes.push({ kind: 'dependency_added', upstream: dep, message: `dependency added: ${dep}` });
      continue;
    }
    const current = history.materializations.get(dep);
    if (current && current.dataVersion !== record.inputVersions[dep]) {
      causes.push({ kind: 'upstream_data', upstream: dep, message: `upstream ${dep} has new data (run ${current.runId}) since this was built` });
    }
  }
  const currentDeps = new Set(graph.upstream(key));
  for (const dep of record.deps) {
    if (!currentDeps.has(dep)) causes.push({ kind: 'dependency_removed', upstream: dep, message: `dependency removed: ${dep}` });
  }
  for (const dep of graph.upstream(key)) {
    const up = upstreamStatus(dep);
    if (up.status !== 'fresh' && !causes.some((c) => 'upstream' in c && c.upstream === dep)) {
      causes.push({ kind: 'upstream_stale', upstream: dep, message: `upstream ${dep} is ${up.status}` });
    }
  }
  if (!causes.length) return FRESH;
  return { status: causes.some((c) => c.kind === 'last_attempt_failed') ? 'failed' : 'stale', causes };
}

/** The common case, checked without allocating: nothing changed at all. */
function isFresh(graph: AssetGraph, key: AssetKey, codeVersion: string, record: MaterializationRecord, history: History,
  source: SourceState | undefined, failure: AttemptRecord | undefined, upstreamStatus: (key: AssetKey) => StaleStatus): boolean {
  if (record.codeVersion !== codeVersion) return false;
  if (failure && failure.runId > record.runId) return false;
  if (source && (source.missing.length || source.dataVersion !== record.dataVersion)) return false;
  const deps = graph.upstream(key);
  if (deps.length !== record.deps.length) return false;
  for (let i = 0; i < deps.length; i++) {
    const dep = deps[i]!;
    if (record.deps[i] !== dep) return false;
    if (history.materializations.get(dep)?.dataVersion !== record.inputVersions[dep]) return false;
    if (upstreamStatus(dep) !== FRESH) return false;
  }
  return true;
}

function missingFiles(source: SourceState, hint: string | undefined): StaleCause {
  return { kind: 'source_missing', message: `source file missing: ${source.missing.join(', ')}${hint ? ` (${hint})` : ''}` };
}

/** Statuses of every asset, computed in topological order. */
export function computeStaleness(graph: AssetGraph, history: History,
  sources: ReadonlyMap<AssetKey, SourceState>): Map<AssetKey, StaleStatus> {
  const statuses = new Map<AssetKey, StaleStatus>();
  const lookup = (k: AssetKey) => statuses.get(k) ?? FRESH;
  for (const key of graph.keys) statuses.set(key, assetStatus(graph, key, history, sources, lookup));
  return statuses;
}
