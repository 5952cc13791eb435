/** `/assets/:key`: everything known about one asset, reloaded live as runs touch it. */
import type { ApiAssetDetail, ApiEvent } from '../../../../core/server/api-types.ts';
import { ErrorBox, Loading } from '../../components/ErrorBox.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { useEvents, useThrottled } from '../../hooks/useEvents.ts';
import { isForecast } from '../../lib/model-output.ts';
import { withQuery } from '../../lib/routes.ts';
import { Link } from '../../router.tsx';
import { AssetSummary } from './AssetSummary.tsx';
import { ChecksSection } from './ChecksSection.tsx';
import { CodeSection } from './CodeSection.tsx';
import { ColumnsSection } from './ColumnsSection.tsx';
import { ForecastSection } from './ForecastChart.tsx';
import { HistorySection } from './HistorySection.tsx';
import { MetricsSection } from './MetricsSection.tsx';
import { PreviewSection } from './PreviewSection.tsx';
import { OpsSection } from './OpsSection.tsx';

export function AssetPage({ assetKey }: { readonly assetKey: string }) {
  const detail = useApi<ApiAssetDetail>(`/api/assets/${encodeURIComponent(assetKey)}`);
  const reload = useThrottled(detail.reload, 300);
  useEvents('/api/events', (event: ApiEvent) => {
    if (event.key === assetKey || event.type === 'run_finished') reload();
  });
  const asset = detail.data;
  if (detail.error) return <section className="page"><ErrorBox error={detail.error} what={`Asset ${assetKey}`} /><Link href="/">Back to the lineage</Link></section>;
  if (!asset) return <section className="page"><Loading what={assetKey} /></section>;
  const latest = asset.history[0];
  const version = latest ? String(latest.id) : 'none';
  return (
    <section className="page asset-page">
      <AssetSummary asset={asset} />
      <p className="small"><Link href={withQuery('/runs', { asset: asset.key })}>Runs of this asset</Link></p>
      {isForecast(asset.columns.map((c) => c.name)) ? <ForecastSection assetKey={asset.key} version={version} /> : null}
      {latest && Object.keys(latest.metadata).length ? <MetricsSection latest={latest} /> : null}
      <OpsSection asset={asset} />
      <HistorySection history={asset.history} />
      <ChecksSection checks={asset.checks} />
      <ColumnsSection columns={asset.columns} />
      <CodeSection asset={asset} />
      <PreviewSection assetKey={asset.key} version={version} />
    </section>
  );
}
