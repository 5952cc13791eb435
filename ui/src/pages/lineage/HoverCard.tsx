/** What the pointer is over: an asset's status, description and stale causes, or a dashboard's inputs. */
import type { ApiAsset, ApiLineageDashboard } from '../../../../core/server/api-types.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { displayStatus } from '../../lib/status.ts';

export function HoverCard({ asset }: { readonly asset: ApiAsset }) {
  return (
    <aside className="hover-card" data-testid="hover-card">
      <div className="hover-card-title"><strong>{asset.key}</strong> <StatusBadge status={displayStatus(asset)} /></div>
      {asset.description ? <p className="muted">{asset.description}</p> : null}
      {asset.causes.length > 0 ? (
        <ul className="causes">{asset.causes.map((c) => <li key={c}>{c}</li>)}</ul>
      ) : <p className="muted">{asset.status === 'fresh' ? 'Up to date.' : 'No cause recorded.'}</p>}
    </aside>
  );
}

/** A dashboard is as fresh as what it reads: the inputs that are not fresh are listed. */
export function DashboardHoverCard({ dashboard, statuses }: {
  readonly dashboard: ApiLineageDashboard;
  readonly statuses: readonly ApiAsset[];
}) {
  const behind = statuses.filter((a) => dashboard.inputs.includes(a.key) && a.status !== 'fresh');
  return (
    <aside className="hover-card" data-testid="hover-card">
      <div className="hover-card-title"><strong>{dashboard.title}</strong> <StatusBadge status={dashboard.status} /></div>
      <p className="muted">Dashboard ({dashboard.file}), reads {dashboard.inputs.length} assets.</p>
      {behind.length > 0 ? (
        <ul className="causes">{behind.map((a) => <li key={a.key}>{a.key} is {a.status}</li>)}</ul>
      ) : <p className="muted">Every input is up to date.</p>}
    </aside>
  );
}
