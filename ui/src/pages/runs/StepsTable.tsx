/** Each step's decision and reason (ran, skipped and why), outcome, attempts, duration, rows. */
import type { StepRecord } from '../../../../core/runstore/types.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDuration, formatNumber } from '../../lib/format.ts';
import { assetPath } from '../../lib/routes.ts';
import { Link } from '../../router.tsx';

export function StepsTable({ steps }: { readonly steps: readonly StepRecord[] }) {
  return (
    <div className="table-scroll">
      <table className="data steps" data-testid="steps">
        <thead><tr><th>Asset</th><th>Decision</th><th>Reason</th><th>Status</th><th className="num">Attempt</th><th>Duration</th><th className="num">Rows</th><th>Error</th></tr></thead>
        <tbody>
          {steps.map((s) => (
            <tr key={s.key} data-key={s.key}>
              <td><Link href={assetPath(s.key)} className="mono">{s.key}</Link></td>
              <td>{s.decision}</td>
              <td>{s.reason}</td>
              <td><StatusBadge status={s.status} /></td>
              <td className="num">{s.attempt || ''}</td>
              <td>{formatDuration(s.durationMs)}</td>
              <td className="num">{formatNumber(s.rows, 0)}</td>
              <td className="error-cell">{s.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
