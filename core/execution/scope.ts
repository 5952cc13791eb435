/**
 * What every step of one run shares: the warehouse, the graph, the data
 * versions as they stand during the run, the open warehouse sessions (so a
 * cancel can interrupt them), and one signal that aborts when the user
 * cancels or when the run itself breaks.
 *
 * @example
 * const scope = openScope({ runId, store, warehouse, graph, ... });
 * scope.record({ type: 'log', key, level: 'info', message: 'hello' });
 */
import type { AssetGraph } from '../graph.ts';
import type { AssetKey } from '../keys.ts';
import type { SourceState } from '../observe.ts';
import type { NewEvent, RunStore } from '../runstore/index.ts';
import type { Warehouse, WarehouseSession } from '../warehouse/warehouse.ts';
import type { RunEvent } from './events.ts';

export interface RunScope {
  readonly runId: number;
  readonly store: RunStore;
  readonly warehouse: Warehouse;
  readonly graph: AssetGraph;
  readonly logicalDate: string;
  readonly projectDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Aborted when the user cancels the run or the run itself fails; steps stop at their next await. */
  readonly signal: AbortSignal;
  /** Data versions during this run, updated as assets publish. */
  readonly versions: Map<AssetKey, string>;
  readonly sources: ReadonlyMap<AssetKey, SourceState>;
  /** Warehouse sessions open now: interrupted on abort. */
  readonly sessions: Set<WarehouseSession>;
  /** Why the run stops early (`run canceled`, `run failed: …`), once it does. */
  stopReason(): string | undefined;
  /** Whether the user canceled (as opposed to the run failing). */
  canceled(): boolean;
  /** Aborts the running steps because the run itself failed. */
  fail(reason: string): void;
  /** Appends to the run's event log in the store. */
  record(event: NewEvent): void;
  /** Reports to the process running the run (the CLI's progress). */
  emit(event: RunEvent): void;
  /** Detaches from the caller's signal; call when the run is over. */
  close(): void;
}

/** What the run hands its scope: the shared parts, plus the caller's cancel signal and progress callback. */
export type ScopeParts = Pick<RunScope, 'runId' | 'store' | 'warehouse' | 'graph' | 'logicalDate' | 'projectDir' | 'env' | 'versions' | 'sources'> & {
  /** The caller's cancel signal. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: RunEvent) => void;
};

export function openScope(parts: ScopeParts): RunScope {
  const controller = new AbortController();
  const sessions = new Set<WarehouseSession>();
  let reason: string | undefined;
  const abort = (why: string) => {
    if (controller.signal.aborted) return;
    reason = why;
    controller.abort(new Error(why));
    for (const s of sessions) s.interrupt();
  };
  const onCancel = () => abort('run canceled');
  if (parts.signal?.aborted) onCancel();
  parts.signal?.addEventListener('abort', onCancel);
  return {
    runId: parts.runId,
    store: parts.store,
    warehouse: parts.warehouse,
    graph: parts.graph,
    logicalDate: parts.logicalDate,
    projectDir: parts.projectDir,
    env: parts.env,
    signal: controller.signal,
    versions: parts.versions,
    sources: parts.sources,
    sessions,
    stopReason: () => reason,
    canceled: () => parts.signal?.aborted === true,
    fail: (why) => abort(`run failed: ${why}`),
    record: (event) => { parts.store.appendEvent(parts.runId, event); },
    emit: (event) => parts.onEvent?.(event),
    close: () => parts.signal?.removeEventListener('abort', onCancel),
  };
}
