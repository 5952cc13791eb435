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
import { makePlan, type Plan, type PlanMode } from '../plan.ts';
import { materialize } from '../materializer.ts';
import { selectInGraph } from '../select-assets.ts';
import type { Workspace, WorkspaceStatus } from '../workspace.ts';
import type { ApiLaunch } from './api-types.ts';
import { HttpError } from './http-error.ts';
import type { LiveProject } from './live-project.ts';
import type { WarehouseOwner } from './warehouse-owner.ts';

/** What to materialize: exactly one of `select` and `all`, or `stale` alone; `select` with `stale` keeps only its stale members. */
export interface LaunchRequest {
  readonly select?: string;
  readonly stale: boolean;
  readonly all: boolean;
}

interface ActiveRun {
  runId: number | undefined;
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

interface Planned {
  readonly plan: Plan;
  readonly status: WorkspaceStatus;
  /** Set when the plan runs nothing: the answer to give, as the CLI words it. */
  readonly nothing?: string;
}

function planFor(ws: Workspace, request: LaunchRequest): Planned {
  const status = ws.status();
  const selection = request.select === undefined ? undefined : selectInGraph(request.select, ws.project.graph, () => status.statuses);
  const mode: PlanMode = request.all ? 'all' : selection ? (request.stale ? 'selected_stale' : 'selected') : 'stale';
  const plan = makePlan(ws.project.graph, status.statuses, { mode, selection });
  const runs = plan.steps.filter((s) => s.action === 'run').length;
  const nothing = runs > 0 ? undefined : selection?.size === 0 ? `nothing to do: '${request.select}' selects no asset`
    : `nothing to do: all ${selection?.size ?? ws.project.graph.size} assets are fresh`;
  return { nothing, plan, status };
}

/** The selection as recorded with the run, as the CLI records it. */
function recordedSelection(r: LaunchRequest): string {
  return r.all ? '*' : r.select ?? 'stale() or missing()';
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
    const ws = this.live.current();
    if (this.live.problem) throw this.live.problem;
    const first = planFor(ws, request);
    if (first.nothing) return { runId: null, message: first.nothing };

    const controller = new AbortController();
    let started!: (launch: ApiLaunch) => void;
    const answer = new Promise<ApiLaunch>((resolve) => { started = resolve; });
    const selection = recordedSelection(request);
    const done = this.owner.exclusive(`trellis ui: materialize ${selection}`, async (warehouse) => {
      const ws = this.live.current();
      const now = planFor(ws, request);
      if (now.nothing) return started({ runId: null, message: now.nothing });
      const result = await materialize({
        project: ws.project, store: ws.store, warehouse, plan: now.plan, statuses: now.status.statuses, sources: now.status.sources,
        history: now.status.history, selection, trigger: 'ui', signal: controller.signal, env: this.env,
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
      if (error instanceof LockError) throw new HttpError(409, lockMessage(error, this.live.current()));
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

  /** The materializer threw after recording the run (a bug or a broken store): record the run as failed. */
  #abandon(runId: number, error: unknown): void {
    this.log(`run ${runId} stopped by an internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    const { store } = this.live.current();
    try {
      if (store.getRun(runId)?.status !== 'running') return;
      store.appendEvent(runId, { type: 'run_finished', level: 'error', message: `run ${runId} failed: ${error instanceof Error ? error.message : String(error)}` });
      store.finishRun(runId, 'failed', { ran: 0, skipped: 0, failed: 0, checksFailed: 0, checksWarned: 0 });
    } catch (again) {
      this.log(`cannot record run ${runId} as failed: ${String(again)}`);
    }
  }
}

/** The CLI's lock message, with the terminal run's id when there is one, and without the CLI's --wait advice. */
function lockMessage(error: LockError, ws: Workspace): string {
  const first = error.message.split('\n')[0]!;
  const pid = Number(/pid (\d+)/.exec(first)?.[1]);
  const run = Number.isInteger(pid) ? ws.store.listRuns({ status: 'running' }).find((r) => r.pid === pid) : undefined;
  return `${first}${run ? `; it is running run ${run.id}` : ''}. Nothing was started: launch again once it has finished (it shows in the run list)`;
}
