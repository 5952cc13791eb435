/** The asset's checks with their newest result and, when failing, sample rows. */
import type { ApiCheck } from '../../../../core/server/api-types.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { runPath } from '../../lib/routes.ts';
import { Link } from '../../router.tsx';

export function ChecksSection({ checks }: { readonly checks: readonly ApiCheck[] }) {
  return (
    <section className="card">
      <h2>Checks ({checks.length})</h2>
      {checks.length === 0 ? <p className="muted">No check is defined.</p> : (
        <ul className="checks">{checks.map((c) => <CheckItem key={c.name} check={c} />)}</ul>
      )}
    </section>
  );
}

function CheckItem({ check }: { readonly check: ApiCheck }) {
  const latest = check.latest;
  const outcome = !latest ? 'missing' : latest.passed ? 'success' : check.severity === 'warn' ? 'stale' : 'failed';
  const label = !latest ? 'never ran' : latest.passed ? 'passed' : check.severity === 'warn' ? 'warned' : 'failed';
  const sample = latest && !latest.passed ? latest.sample : [];
  const columns = sample.length > 0 ? Object.keys(sample[0]!) : [];
  return (
    <li className="check">
      <div>
        <StatusBadge status={outcome} label={label} /> <span className="mono">{check.name}</span>{' '}
        <span className="muted small">{check.severity}</span>
        {check.description ? <span className="muted"> — {check.description}</span> : null}
      </div>
      {latest ? (
        <div className="small muted">
          {label} in run <Link href={runPath(latest.runId)}>#{latest.runId}</Link> at {formatDateTime(latest.createdAt)}
          {latest.failingCount !== null && !latest.passed ? `, ${formatNumber(latest.failingCount)} failing rows` : ''}
          {latest.message ? `: ${latest.message}` : ''}
        </div>
      ) : null}
      {columns.length > 0 ? <DataTable columns={columns} rows={sample.map((r) => columns.map((c) => r[c]))} className="sample" /> : null}
    </li>
  );
}
