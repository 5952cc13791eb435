/** The run list: status, selection, trigger, start, duration and counts. */
import type { RunRecord } from '../../../../core/runstore/types.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatAgo, formatDateTime, formatDuration } from '../../lib/format.ts';
import { runPath } from '../../lib/routes.ts';
import { Link } from '../../router.tsx';

export function RunsTable({ runs }: { readonly runs: readonly RunRecord[] }) {
  if (runs.length === 0) return <p className="muted">No run matches.</p>;
  const now = Date.now();
  return (
    <div className="table-scroll">
      <table className="data runs" data-testid="runs-table">
        <thead>
          <tr>
            <th>Run</th><th>Status</th><th>Selection</th><th>Trigger</th><th>Started</th><th>Duration</th>
            <th className="num">Planned</th><th className="num">Ran</th><th className="num">Skipped</th><th className="num">Failed</th><th className="num">Checks failed</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-run-id={run.id}>
              <td><Link href={runPath(run.id)}>#{run.id}</Link></td>
              <td><StatusBadge status={run.status} /></td>
              <td className="mono">{run.selection || <span className="muted">stale assets</span>}</td>
              <td>{run.trigger}</td>
              <td title={formatDateTime(run.startedAt)}>{formatAgo(run.startedAt, now)}</td>
              <td>{formatDuration(run.durationMs ?? (run.status === 'running' ? now - Date.parse(run.startedAt) : null))}</td>
              <td className="num">{run.plannedKeys.length}</td>
              <td className="num">{run.summary?.ran ?? ''}</td>
              <td className="num">{run.summary?.skipped ?? ''}</td>
              <td className="num">{run.summary?.failed ?? ''}</td>
              <td className="num">{run.summary ? run.summary.checksFailed : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
