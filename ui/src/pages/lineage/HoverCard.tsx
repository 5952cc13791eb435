/** What the pointer is over: the asset's status, description and stale causes. */
import type { ApiAsset } from '../../../../core/server/api-types.ts';
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
