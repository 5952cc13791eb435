/** A model output's metrics, as its newest materialization recorded them in its metadata. */
import type { MaterializationRecord } from '../../../../core/runstore/types.ts';
import { formatNumber } from '../../lib/format.ts';
import { metricRows } from '../../lib/model-output.ts';

export function MetricsSection({ latest }: { readonly latest: MaterializationRecord | undefined }) {
  const rows = latest ? metricRows(latest.metadata) : [];
  return (
    <section className="card">
      <h2>Metrics <span className="muted small">from the newest materialization</span></h2>
      {rows.length === 0 ? <p className="muted">{latest ? 'The newest materialization recorded no metrics.' : 'Never materialized.'}</p> : (
        <table className="data metrics" data-testid="metrics">
          <thead><tr><th>Metric</th><th className="num">Value</th></tr></thead>
          <tbody>
            {rows.map(([name, value]) => (
              <tr key={name}><td className="mono">{name}</td><td className="num">{typeof value === 'number' ? formatNumber(value, 4) : String(value)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
