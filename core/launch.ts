/**
 * What a launch would run, planned the same way for `trellis materialize`
 * (and `trellis plan`) and for a run launched from the UI: the plan mode, the
 * selection evaluated against the current statuses, the plan itself, the
 * selection text recorded with the run, and, when the plan runs nothing, the
 * message that says so.
 *
 * @example
 * const launch = planLaunch(ws, { select: 'group:marts', stale: true });
 * launch.mode     // 'selected_stale'
 * launch.nothing  // "nothing to do: all 4 assets are fresh" (or undefined: something runs)
 */
import { UsageError } from './errors.ts';
import type { AssetKey } from './keys.ts';
import { makePlan, type Plan, type PlanMode } from './plan.ts';
import { selectInProject, type ProjectSelection } from './dashboards/lineage.ts';
import type { Workspace, WorkspaceStatus } from './workspace.ts';

/** What to materialize: a selection (with `stale`, only its stale members), every asset (`all`), or else every stale one. */
export interface LaunchRequest {
  readonly select?: string;
  readonly stale?: boolean;
  readonly all?: boolean;
}

export interface LaunchPlan {
  readonly mode: PlanMode;
  /** The selected keys; undefined without a selection. */
  readonly selection: ReadonlySet<AssetKey> | undefined;
  readonly plan: Plan;
  /** The statuses (and sources, history) the plan was made from: the materializer starts from them. */
  readonly status: WorkspaceStatus;
  /** The selection as recorded with the run: the expression, `*` for every asset, `stale() or missing()` otherwise. */
  readonly recordedSelection: string;
  /** Set when the plan runs nothing: what to tell the user. */
  readonly nothing: string | undefined;
}

function planMode(request: LaunchRequest, select: string | undefined): PlanMode {
  if (request.all && select) throw new UsageError('--all and --select cannot be combined', { fix: 'drop one of them' });
  if (request.all) return 'all';
  if (select) return request.stale ? 'selected_stale' : 'selected';
  return 'stale';
}

/** Plans `request` against the workspace's current statuses. */
export function planLaunch(ws: Workspace, request: LaunchRequest): LaunchPlan {
  const select = request.select || undefined;
  const mode = planMode(request, select);
  const status = ws.status();
  const { graph } = ws.project;
  const selected = select === undefined ? undefined : selectInProject(select, ws.project, () => status.statuses);
  const selection = selected?.assets;
  const plan = makePlan(graph, status.statuses, { mode, selection });
  const runs = plan.steps.some((s) => s.action === 'run');
  const nothing = runs ? undefined : selected && selected.assets.size === 0 ? nothingSelected(select!, selected)
    : `nothing to do: all ${selection?.size ?? graph.size} assets are fresh`;
  return { mode, selection, plan, status, recordedSelection: select ?? (request.all ? '*' : 'stale() or missing()'), nothing };
}

function nothingSelected(select: string, selected: ProjectSelection): string {
  if (selected.dashboards.length === 0) return `nothing to do: '${select}' selects no asset`;
  // Dashboards are read, never built: what they read is `+` of them.
  return `nothing to do: '${select}' selects only dashboards, which are not materialized; '+(${select})' builds the assets they read`;
}
