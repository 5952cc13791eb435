/** Materializations, newest first: when, which run, how long, how many rows, which versions. */
import type { MaterializationRecord } from '../../../../core/runstore/types.ts';
import { MiniPlot } from '../../components/MiniPlot.tsx';
import { formatDateTime, formatDuration, formatNumber, shortVersion } from '../../lib/format.ts';
import { historySeries } from '../../lib/history.ts';
import { runPath } from '../../lib/routes.ts';
import { Link } from '../../router.tsx';

export function HistorySection({ history }: { readonly history: readonly MaterializationRecord[] }) {
  const series = historySeries(history);
  return (
    <section className="card">
      <h2>Materializations ({history.length})</h2>
      {history.length === 0 ? <p className="muted">Never materialized.</p> : (
        <>
          <div className="plots">
            <MiniPlot title="Rows" points={series.rows} format={(v) => formatNumber(v, 0)} />
            <MiniPlot title="Duration" points={series.durationMs} format={formatDuration} />
          </div>
          <div className="table-scroll">
            <table className="data" data-testid="history">
              <thead><tr><th>When</th><th>Run</th><th>Duration</th><th className="num">Rows</th><th>Code version</th><th>Data version</th></tr></thead>
              <tbody>
                {history.map((m) => (
                  <tr key={m.id}>
                    <td>{formatDateTime(m.createdAt)}</td>
                    <td><Link href={runPath(m.runId)}>#{m.runId}</Link></td>
                    <td>{formatDuration(m.durationMs)}</td>
                    <td className="num">{formatNumber(m.rows, 0)}</td>
                    <td className="mono" title={m.codeVersion}>{shortVersion(m.codeVersion)}</td>
                    <td className="mono" title={m.dataVersion}>{shortVersion(m.dataVersion)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
