/** The asset's definition: its rendered SQL (with the dialect) or its TypeScript module. */
import type { ApiAssetDetail } from '../../../../core/server/api-types.ts';

export function CodeSection({ asset }: { readonly asset: ApiAssetDetail }) {
  if (asset.sql) {
    return (
      <section className="card">
        <h2>SQL <span className="muted small">rendered for {asset.sql.dialect}</span></h2>
        <pre className="code" data-testid="asset-sql"><code>{asset.sql.rendered}</code></pre>
      </section>
    );
  }
  if (asset.source) {
    return (
      <section className="card">
        <h2>Source <span className="muted small mono">{asset.source.file}</span></h2>
        <pre className="code" data-testid="asset-source"><code>{asset.source.text}</code></pre>
      </section>
    );
  }
  return null;
}
