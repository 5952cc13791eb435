/** The top of an asset page: what it is, who owns it, its status and why. */
import type { ApiAssetDetail } from '../../../../core/server/api-types.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { shortVersion } from '../../lib/format.ts';
import { assetPath } from '../../lib/routes.ts';
import { displayStatus } from '../../lib/status.ts';
import { Link } from '../../router.tsx';

export function AssetSummary({ asset }: { readonly asset: ApiAssetDetail }) {
  const tags = Object.entries(asset.tags);
  return (
    <header className="asset-summary">
      <h1><span className="mono">{asset.key}</span> <StatusBadge status={displayStatus(asset)} /></h1>
      {asset.description ? <p className="description">{asset.description}</p> : null}
      <dl className="facts">
        <dt>Kind</dt><dd>{asset.kind}{asset.kind === 'sql' ? ` (${asset.materialization})` : ''}</dd>
        <dt>Group</dt><dd>{asset.group}</dd>
        <dt>Owners</dt><dd>{asset.owners.length > 0 ? asset.owners.join(', ') : <span className="muted">none</span>}</dd>
        {tags.length > 0 ? <><dt>Tags</dt><dd>{tags.map(([k, v]) => <code key={k} className="tag">{v ? `${k}=${v}` : k}</code>)}</dd></> : null}
        {asset.file ? <><dt>Defined in</dt><dd className="mono">{asset.file}</dd></> : null}
        <dt>Code version</dt><dd className="mono" title={asset.codeVersion}>{shortVersion(asset.codeVersion)}</dd>
      </dl>
      {asset.causes.length > 0 ? (
        <div className="causes-box">
          <strong>Why {asset.status}:</strong>
          <ul className="causes">{asset.causes.map((c) => <li key={c}>{c}</li>)}</ul>
        </div>
      ) : null}
      <div className="lineage-links">
        <KeyList title="Upstream" keys={asset.upstream} />
        <KeyList title="Downstream" keys={asset.downstream} />
      </div>
    </header>
  );
}

function KeyList({ title, keys }: { readonly title: string; readonly keys: readonly string[] }) {
  return (
    <div>
      <h3>{title} ({keys.length})</h3>
      {keys.length === 0 ? <p className="muted">none</p> : (
        <ul className="key-list">{keys.map((k) => <li key={k}><Link href={assetPath(k)} className="mono">{k}</Link></li>)}</ul>
      )}
    </div>
  );
}
