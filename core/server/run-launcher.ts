/**
 * Materializations launched from the UI: one at a time per server, run in
 * the background, cancelable. A launch answers as soon as the run is
 * recorded (its id), or at once when there is nothing to do, or with a 409
 * when a run is in progress here or another process holds the warehouse.
 *
 * The plan is made twice, as `trellis materialize --wait` does: once before
 * taking the lock, to validate the request and answer "nothing to do"
 * without touching the warehouse; again under the lock, because a terminal
 * run may have just built what was planned.
 *
 * @example
 * const launch = await launcher.launch({ select: 'group:marts', stale: false, all: false });
 * launch.runId // 12 (null: nothing to do)
 */
import { LockError } from '../errors.ts';
import { planLaunch, type LaunchPlan, type LaunchRequest } from '../launch.ts';
import { materialize } from '../execution/index.ts';
import type { RunStore } from '../runstore/index.ts';
import type { Workspace } from '../workspace.ts';
import type { ApiLaunch } from './api-types.ts';
import { HttpError } from './http-error.ts';
import type { LiveProject } from './live-project.ts';
import type { WarehouseOwner } from './warehouse-owner.ts';

interface ActiveRun {
  runId: number | undefined;
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

export class RunLauncher {
  #active: ActiveRun | undefined;

  constructor(private readonly live: LiveProject, private readonly owner: WarehouseOwner,
    private readonly env: NodeJS.ProcessEnv, private readonly log: (text: string) => void) {}

  /** The id of the run this server is executing, if any (undefined while it is being set up). */
  get activeRunId(): number | undefined {
    return this.#active?.runId;
  }

  async launch(request: LaunchRequest): Promise<ApiLaunch> {
    if (this.#active) {
      const id = this.#active.runId;
      throw new HttpError(409, `${id === undefined ? 'a run launched from this UI is starting' : `run ${id}, launched from this UI, is in progress`}; ` +
        `wait for it to finish${id === undefined ? '' : ` or cancel it (POST /api/runs/${id}/cancel)`}, then launch again`);
    }
    const first = this.#plan(request);
    if (first.launch.nothing) return { runId: null, message: first.launch.nothing };

    const controller = new AbortController();
    let started!: (launch: ApiLaunch) => void;
    const answer = new Promise<ApiLaunch>((resolve) => { started = resolve; });
    const done = this.owner.exclusive(`trellis ui: materialize ${first.launch.recordedSelection}`, async (warehouse) => {
      const { ws, launch: now } = this.#plan(request);
      if (now.nothing) return started({ runId: null, message: now.nothing });
      const result = await materialize({
        project: ws.project, store: ws.store, warehouse, plan: now.plan, statuses: now.status.statuses, sources: now.status.sources,
        history: now.status.history, selection: now.recordedSelection, trigger: 'ui', signal: controller.signal, env: this.env,
        onEvent: (e) => {
          if (e.type !== 'run_started') return;
          active.runId = e.runId;
          started({ runId: e.runId, message: `run ${e.runId} started: ${e.toRun} asset${e.toRun === 1 ? '' : 's'} to bring up to date` });
        },
      });
      this.log(`run ${result.runId} ${result.status} in ${Math.round(result.durationMs)} ms`);
    });
    const active: ActiveRun = { runId: undefined, controller, done: done.then(() => undefined, () => undefined) };
    this.#active = active;
    const failed = done.catch((error: unknown) => {
      if (active.runId !== undefined) this.#abandon(active.runId, error);
      throw error;
    }).finally(() => {
      if (this.#active === active) this.#active = undefined;
    });
    // Whichever comes first: the run is recorded, there is nothing to do after all, or it could not start.
    return Promise.race([answer, failed.then(() => answer)]).catch((error: unknown) => {
      if (error instanceof LockError) throw new HttpError(409, lockMessage(error, this.live.store));
      throw error;
    });
  }

  /** Asks the server's own run `runId` to stop; false when this server is not running it. */
  cancel(runId: number): boolean {
    if (!this.#active || this.#active.runId !== runId) return false;
    this.#active.controller.abort();
    return true;
  }

  /** Cancels the run in progress, if any, and waits until it is recorded as canceled. */
  async shutdown(): Promise<void> {
    const active = this.#active;
    if (!active) return;
    active.controller.abort();
    await active.done;
  }

  /** The project as it is now, planned; refused while the files on disk do not load. */
  #plan(request: LaunchRequest): { ws: Workspace; launch: LaunchPlan } {
    const ws = this.live.current();
    if (this.live.problem) throw this.live.problem;
    return { ws, launch: planLaunch(ws, request) };
  }

  /** The materializer threw after recording the run (a bug or a broken store): record the run as failed. */
  #abandon(runId: number, error: unknown): void {
    this.log(`run ${runId} stopped by an internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    const { store } = this.live;
    try {
      // As the materializer does: the end and the last event in one transaction (see event-streams.ts).
      store.transaction(() => {
        if (store.getRun(runId)?.status !== 'running') return;
        store.finishRun(runId, 'failed', { ran: 0, skipped: 0, failed: 0, checksFailed: 0, checksWarned: 0 });
        store.appendEvent(runId, { type: 'run_finished', level: 'error', message: `run ${runId} failed: ${error instanceof Error ? error.message : String(error)}` });
      });
    } catch (again) {
      this.log(`cannot record run ${runId} as failed: ${String(again)}`);
    }
  }
}

/** The CLI's lock message, with the terminal run's id when there is one, and without the CLI's --wait advice. */
function lockMessage(error: LockError, store: RunStore): string {
  const first = error.message.split('\n')[0]!;
  const pid = error.holder?.pid;
  const run = pid === undefined ? undefined : store.listRuns({ status: 'running' }).find((r) => r.pid === pid);
  return `${first}${run ? `; it is running run ${run.id}` : ''}. Nothing was started: launch again once it has finished (it shows in the run list)`;
}
