/** The asset's freshness policy and verdict, and its automation conditions with the daemon's latest decision. */
import type { ApiAssetDetail } from '../../../../core/server/api-types.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { runPath } from '../../lib/routes.ts';
import { Link } from '../../router.tsx';

export function OpsSection({ asset }: { readonly asset: ApiAssetDetail }) {
  const { freshness, automation } = asset;
  if (!freshness && !automation) return null;
  const latest = automation?.latest;
  return (
    <section className="card ops" aria-label="Freshness and automation">
      <h2>Freshness and automation</h2>
      {freshness ? (
        <p className="freshness">
          <StatusBadge status={freshness.status === 'overdue' ? 'stale' : 'fresh'} label={freshness.status === 'overdue' ? 'overdue' : 'on time'} />{' '}
          {freshness.message}
        </p>
      ) : null}
      {automation ? (
        <div className="automation">
          <p>Conditions: <code>{automation.conditions.join(', ')}</code></p>
          {latest ? (
            <p className="decision">
              Last decision ({formatDateTime(latest.evaluatedAt)}): <StatusBadge status={latest.launch ? 'success' : 'skipped'} label={latest.launch ? 'launched' : 'not launched'} />{' '}
              {latest.reason}{latest.runId !== null ? <> (<Link href={runPath(latest.runId)}>run #{latest.runId}</Link>)</> : null}
            </p>
          ) : <p className="muted">The daemon has not evaluated it yet.</p>}
        </div>
      ) : null}
    </section>
  );
}
