/**
 * A workspace: a loaded project with its run store, and the warehouse when a
 * command needs it. This is the facade the CLI, the API and tests use.
 *
 * @example
 * const ws = await openWorkspace(process.cwd());
 * const { statuses } = ws.status();
 * ws.close();
 */
import { loadProject, type Project } from './project.ts';
import { RunStore, isProcessAlive } from './runstore/index.ts';
import { runStorePath } from './config.ts';
import { observeSources, type SourceState } from './observe.ts';
import { computeStaleness, type StaleStatus } from './staleness.ts';
import type { AssetKey } from './keys.ts';
import type { AssetState } from './runstore/index.ts';
import type { Warehouse } from './warehouse/warehouse.ts';
import { openWarehouse } from './warehouse/open.ts';
import { LockError } from './errors.ts';

export interface WorkspaceStatus {
  readonly statuses: ReadonlyMap<AssetKey, StaleStatus>;
  readonly sources: ReadonlyMap<AssetKey, SourceState>;
  readonly history: ReadonlyMap<AssetKey, AssetState>;
}

export interface Workspace {
  readonly project: Project;
  readonly store: RunStore;
  /** Observes sources and computes every asset's status. */
  status(): WorkspaceStatus;
  /**
   * Takes the warehouse lock (refusing with the holder's pid and command if
   * another process has it), opens the warehouse, runs `work`, releases both.
   */
  withWarehouse<T>(command: string, work: (warehouse: Warehouse, waited: boolean) => Promise<T>, options?: { waitMs?: number }): Promise<T>;
  close(): void;
}

export async function openWorkspace(projectDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Workspace> {
  const project = await loadProject(projectDir, env);
  const store = RunStore.open(runStorePath(project.config));
  store.markInterruptedRuns(isProcessAlive);
  return workspaceFor(project, store, env);
}

/**
 * A workspace over an already loaded project and an open store: a
 * long-running process (`trellis ui`) reloads its project and keeps its store.
 */
export function workspaceFor(project: Project, store: RunStore, env: NodeJS.ProcessEnv = process.env): Workspace {
  return {
    project,
    store,
    status() {
      const sources = observeSources(project.graph, store, project.dir, env);
      const history = store.latestStates();
      const statuses = computeStaleness(project.graph, { materializations: history, failures: store.latestFailures() }, sources);
      return { statuses, sources, history };
    },
    async withWarehouse(command, work, options = {}) {
      const deadline = Date.now() + (options.waitMs ?? 0);
      let waited = false;
      for (;;) {
        const lock = store.acquireLock({ pid: process.pid, command }, isProcessAlive);
        if (lock.acquired) break;
        if (Date.now() >= deadline) {
          throw new LockError(`another Trellis process is using the warehouse: pid ${lock.holder.pid} (\`${lock.holder.command}\`, since ${lock.holder.since})`,
            lock.holder, { fix: 'wait for it to finish, or pass --wait SECONDS to queue behind it' });
        }
        waited = true;
        await new Promise((r) => setTimeout(r, 200));
      }
      let warehouse: Warehouse | undefined;
      try {
        warehouse = await openWarehouse(project.config, env);
        return await work(warehouse, waited);
      } finally {
        await warehouse?.close();
        store.releaseLock(process.pid);
      }
    },
    close() {
      store.close();
    },
  };
}
