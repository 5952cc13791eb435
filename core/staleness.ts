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
import { AssetStates } from './runstore/asset-states.ts';
import type { AssetState, AttemptRecord } from './runstore/index.ts';
import type { SourceState } from './observe.ts';
import { StatusMap } from './status-map.ts';
import { FRESH, STATUS_CODE, UpstreamStale } from './upstream-stale.ts';

export { onlyUpstreamStale } from './upstream-stale.ts';

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
  /** The newest materialization of each asset (RunStore.latestStates). */
  readonly materializations: ReadonlyMap<AssetKey, AssetState>;
  /** The newest failed attempt per asset (RunStore.latestFailures). */
  readonly failures: ReadonlyMap<AssetKey, AttemptRecord>;
}

/**
 * Statuses of every asset, in topological order. Works by position, inside
 * the packed run store states, so that the common cases cost a few
 * comparisons: a fresh asset allocates nothing, and the status of an asset
 * stale only because upstreams are is made when asked for (upstream-stale.ts).
 *
 * The rule is stated once, in `explain`; `unchanged` is only a shortcut past
 * it for an asset whose own record matches. `fastPath: false` skips the
 * shortcut, and a property test (test/staleness-rule.test.ts) checks on
 * random graphs and histories that both give the same statuses and causes.
 */
export function computeStaleness(graph: AssetGraph, history: History,
  sources: ReadonlyMap<AssetKey, SourceState>, options: { readonly fastPath?: boolean } = {}): StatusMap {
  const fast = options.fastPath ?? true;
  const n = graph.size;
  const states = AssetStates.of(history.materializations);
  const rows = states.rowsOf(graph);
  const made = new Array<StaleStatus | undefined>(n);
  const codes = new Uint8Array(n);
  const upstream = new UpstreamStale(graph, codes);
  for (let p = 0; p < n; p++) {
    if (fast && unchanged(graph, p, states, rows, history, sources)) {
      // Stale only for its upstreams: the StatusMap makes that status if it is asked for.
      if (upstream.anyUpstreamStale(p)) codes[p] = STATUS_CODE.stale;
      else made[p] = FRESH;
    } else {
      const status = explain(graph, p, states, rows, upstream, history, sources);
      made[p] = status;
      codes[p] = STATUS_CODE[status.status];
    }
  }
  return new StatusMap(graph, made, codes, upstream);
}

/**
 * Whether the asset itself is as recorded: same code, no newer failure, same
 * source files, the same upstreams with the data it was built from.
 */
function unchanged(graph: AssetGraph, p: number, states: AssetStates, rows: Int32Array,
  history: History, sources: ReadonlyMap<AssetKey, SourceState>): boolean {
  const r = rows[p]!;
  const def = graph.definitionAt(p);
  if (r < 0 || !states.codeVersionIs(r, def.codeVersion)) return false;
  if (history.failures.size) {
    const failure = history.failures.get(def.key);
    if (failure && failure.runId > states.runIdAt(r)) return false;
  }
  if (def.kind === 'source') {
    const source = sources.get(def.key);
    if (source && (source.missing.length || !states.dataVersionIs(r, source.dataVersion))) return false;
  }
  return states.builtFromCurrent(r, graph, p, rows);
}

/** Every cause of a status other than fresh. */
function explain(graph: AssetGraph, p: number, states: AssetStates, rows: Int32Array,
  upstream: UpstreamStale, history: History, sources: ReadonlyMap<AssetKey, SourceState>): StaleStatus {
  const def = graph.definitionAt(p);
  const key = def.key;
  const record = rows[p]! < 0 ? undefined : states.at(rows[p]!);
  const attempt = history.failures.get(key);
  const source = sources.get(key);
  if (!record) {
    const causes: StaleCause[] = [{ kind: 'never_materialized', message: 'never materialized' }];
    if (attempt) causes.push(failedCause(attempt));
    if (source?.missing.length) causes.push(missingFiles(source, def.missingFileHint));
    // Never built and the last try failed: `failed` tells more than `missing`.
    return { status: attempt ? 'failed' : 'missing', causes };
  }
  const causes: StaleCause[] = [];
  if (attempt && attempt.runId > record.runId) causes.push(failedCause(attempt));
  if (record.codeVersion !== def.codeVersion) {
    causes.push({ kind: 'code_changed', message: `code changed${def.file ? ` (${def.file})` : ''} since run ${record.runId}` });
  }
  if (source) {
    if (source.missing.length) causes.push(missingFiles(source, def.missingFileHint));
    else if (source.dataVersion !== record.dataVersion) {
      causes.push({ kind: 'source_changed', message: `source file changed since it was loaded in run ${record.runId}: ${source.files.map((f) => path.basename(f)).join(', ')}` });
    }
  }
  const upKeys = graph.upstreamAt(p);
  const ups = upKeys.map((_, i) => graph.upstreamPosition(p, i));
  const sameDeps = upKeys.join('\n') === record.depsText;
  // With the same upstreams (the usual case) the recorded versions line up by index.
  const built = sameDeps ? record.inputsText.split('\n') : undefined;
  const named: AssetKey[] = [];
  for (let i = 0; i < ups.length; i++) {
    const dep = upKeys[i]!;
    const current = rows[ups[i]!]!;
    const recorded = built ? built[i] : record.inputVersions[dep];
    if (recorded === undefined) {
      causes.push({ kind: 'dependency_added', upstream: dep, message: `dependency added: ${dep}` });
      named.push(dep);
    } else if (current >= 0 && !states.dataVersionIs(current, recorded)) {
      causes.push({ kind: 'upstream_data', upstream: dep, message: `upstream ${dep} has new data (run ${states.runIdAt(current)}) since this was built` });
      named.push(dep);
    }
  }
  if (!sameDeps) {
    const currentDeps = new Set(upKeys);
    for (const dep of record.deps) {
      if (!currentDeps.has(dep)) causes.push({ kind: 'dependency_removed', upstream: dep, message: `dependency removed: ${dep}` });
    }
  }
  for (let i = 0; i < ups.length; i++) {
    if (!upstream.isFresh(ups[i]!) && !named.includes(upKeys[i]!)) causes.push(upstream.cause(ups[i]!));
  }
  // Reached only when something differs, but be exact if nothing we name does.
  if (!causes.length) return FRESH;
  return { status: causes.some((c) => c.kind === 'last_attempt_failed') ? 'failed' : 'stale', causes };
}

function failedCause(attempt: AttemptRecord): StaleCause {
  return { kind: 'last_attempt_failed', runId: attempt.runId, message: `last attempt failed in run ${attempt.runId}: ${attempt.error ?? 'unknown error'}` };
}

function missingFiles(source: SourceState, hint: string | undefined): StaleCause {
  return { kind: 'source_missing', message: `source file missing: ${source.missing.join(', ')}${hint ? ` (${hint})` : ''}` };
}
