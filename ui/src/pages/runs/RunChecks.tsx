/** The check results recorded during one run. */
import type { CheckResultRecord } from '../../../../core/runstore/types.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatNumber } from '../../lib/format.ts';
import { assetPath } from '../../lib/routes.ts';
import { Link } from '../../router.tsx';

export function RunChecks({ checks }: { readonly checks: readonly CheckResultRecord[] }) {
  if (checks.length === 0) return <p className="muted">No check ran.</p>;
  // Failures first, then warnings: what needs a look is at the top of a long list.
  const rank = (c: CheckResultRecord) => (c.passed ? 2 : c.severity === 'error' ? 0 : 1);
  const ordered = [...checks].sort((a, b) => rank(a) - rank(b));
  return (
    <div className="table-scroll">
      <table className="data" data-testid="run-checks">
        <thead><tr><th>Asset</th><th>Check</th><th>Severity</th><th>Result</th><th className="num">Failing rows</th><th>Message</th></tr></thead>
        <tbody>
          {ordered.map((c) => (
            <tr key={c.id}>
              <td><Link href={assetPath(c.key)} className="mono">{c.key}</Link></td>
              <td className="mono">{c.check}</td>
              <td>{c.severity}</td>
              <td><StatusBadge status={c.passed ? 'success' : c.severity === 'warn' ? 'stale' : 'failed'} label={c.passed ? 'passed' : c.severity === 'warn' ? 'warned' : 'failed'} /></td>
              <td className="num">{c.passed ? '' : formatNumber(c.failingCount, 0)}</td>
              <td>{c.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
