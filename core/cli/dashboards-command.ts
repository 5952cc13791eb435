/**
 * `trellis dashboards [--select S] [--json]`: the project's dashboards with
 * the file that declares them, the assets they read and their status, which
 * is their inputs' (a dashboard is never materialized). The selection runs
 * over the lineage with dashboards, as in `trellis list`.
 *
 * @example
 * trellis dashboards --select 'carttrend_clean.mart_Commandes+'
 */
import { dashboardKey, dashboardStatus, selectInProject } from '../dashboards/lineage.ts';
import type { DashboardDefinition } from '../dashboards/spec.ts';
import type { StaleStatus } from '../staleness.ts';
import { str, withWorkspace, type CommandContext, type Flags } from './commands.ts';
import { paint, statusLabel, table, type Output } from './console.ts';

export function dashboards(ctx: CommandContext, flags: Flags): Promise<number> {
  return withWorkspace(ctx, async (ws) => {
    const { statuses } = ws.status();
    const select = str(flags, 'select');
    const shown = select ? selectInProject(select, ws.project, () => statuses).dashboards : ws.project.dashboards;
    if (flags.json) {
      ctx.o.out(JSON.stringify(shown.map((d) => ({ key: dashboardKey(d.spec.id), title: d.spec.title, file: d.file,
        inputs: d.deps, status: dashboardStatus(d, statuses) })), null, 2));
    } else {
      ctx.o.out(formatDashboards(ctx.o, shown, statuses));
    }
    return 0;
  });
}

function formatDashboards(o: Output, shown: readonly DashboardDefinition[], statuses: ReadonlyMap<string, StaleStatus>): string {
  if (shown.length === 0) return 'no dashboard matches the selection';
  const rows = shown.map((d) => {
    const status = dashboardStatus(d, statuses);
    const behind = d.deps.find((dep) => statuses.get(dep)?.status === status);
    const inputs = d.deps.length === 1 ? 'its input is' : `its ${d.deps.length} inputs are`;
    const why = status === 'fresh' ? `${inputs} fresh` : `reads ${behind}, which is ${status}`;
    return [dashboardKey(d.spec.id), d.spec.title, d.file, statusLabel(o, status), paint(o, 'gray', why)];
  });
  return `${table(rows, ['DASHBOARD', 'TITLE', 'FILE', 'STATUS', 'WHY'])}\n\n${shown.length} dashboards; \`trellis ui\` shows them under /dashboards`;
}
