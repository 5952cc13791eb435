/** The run in progress, from the UI or a terminal, with a link to follow it. */
import type { RunRecord } from '../../../../core/runstore/types.ts';
import { Link } from '../../router.tsx';
import { runPath } from '../../lib/routes.ts';

export function ActiveRun({ run }: { readonly run: RunRecord }) {
  return (
    <div className="active-run" role="status" data-testid="active-run">
      <span className="pulse" aria-hidden="true" />
      Run <Link href={runPath(run.id)}>#{run.id}</Link> is running
      ({run.plannedKeys.length} planned, started from {run.trigger}{run.selection ? `, selection ${run.selection}` : ''}).
    </div>
  );
}
