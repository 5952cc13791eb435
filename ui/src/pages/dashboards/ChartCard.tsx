/**
 * One chart of a dashboard: loads its rows under the page's filters, draws
 * them (ECharts, or HTML for KPI tiles and tables), and says on the chart
 * when an asset behind it is stale, failed or never built. The card carries
 * `data-marks` (marks drawn) and `data-rows` (rows the query returned).
 */
import { useMemo } from 'react';
import type { ChartSpec } from '../../../../core/dashboards/spec.ts';
import type { ApiChartData, ApiDashboardInput } from '../../../../core/server/dashboard-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useApi, useReloadOn } from '../../hooks/useApi.ts';
import { mapCountry } from '../../lib/dashboard/countries.ts';
import { formatValue } from '../../lib/dashboard/format.ts';
import { chartOption } from '../../lib/dashboard/options.ts';
import { withQuery } from '../../lib/routes.ts';
import { EChart } from './EChart.tsx';
import { registerWorld } from './world.ts';

const SIZE = { width: 560, height: 300 };

function InputWarning({ inputs }: { readonly inputs: readonly ApiDashboardInput[] }) {
  const bad = inputs.filter((i) => i.status !== 'fresh');
  if (!bad.length) return null;
  return (
    <p className={`chart-warning status-${bad[0]!.status}`} data-input-status={bad[0]!.status}>
      {bad.map((i) => `${i.key} is ${i.status}${i.causes[0] ? ` (${i.causes[0]})` : ''}`).join('; ')}
    </p>
  );
}

export function ChartCard({ dashboard, chart, filters, inputs, version, onPick }: {
  readonly dashboard: string; readonly chart: ChartSpec; readonly filters: Readonly<Record<string, string>>;
  readonly inputs: readonly ApiDashboardInput[]; readonly version: string; readonly onPick: (filter: string, value: string) => void;
}) {
  const url = withQuery(`/api/dashboards/${dashboard}/charts/${chart.id}/data`, filters);
  const data = useApi<ApiChartData>(url);
  useReloadOn(version, data.reload);
  const rows = data.data?.rows;
  const built = useMemo(() => {
    if (!rows) return undefined;
    const names = chart.type === 'map' ? registerWorld() : undefined;
    return chartOption(chart, rows, SIZE, names ? (c) => mapCountry(c, names) : undefined);
  }, [chart, rows]);
  const last = inputs.map((i) => i.lastMaterializedAt).filter(Boolean).sort().at(-1);
  const pick = chart.crossFilter ? (value: string) => onPick(chart.crossFilter!, value) : undefined;
  return (
    <article className={`chart-card chart-${chart.type}`} data-chart={chart.id} data-marks={built?.marks ?? ''} data-rows={rows?.length ?? ''}>
      <h3>{chart.title}</h3>
      <InputWarning inputs={inputs} />
      {data.error ? <ErrorBox error={data.error} what={chart.title} /> : null}
      {data.data?.unavailable ? <p className="chart-unavailable muted">{data.data.unavailable}</p> : null}
      {rows && chart.type === 'kpi' ? (
        <p className="kpi-value" data-value={String(rows[0]?.[chart.encode.y![0]!] ?? '')}>{formatValue(rows[0]?.[chart.encode.y![0]!], chart.format)}</p>
      ) : null}
      {rows && chart.type === 'table' ? (
        <table className="chart-table"><tbody>
          {rows.map((r, i) => <tr key={i}>{Object.values(r).map((v, j) => <td key={j}>{Array.isArray(v) ? v.join(' + ') : formatValue(v)}</td>)}</tr>)}
        </tbody></table>
      ) : null}
      {built && chart.type !== 'kpi' && chart.type !== 'table' ? <EChart id={`${dashboard}/${chart.id}`} option={built.option} onPick={pick} /> : null}
      <p className="chart-inputs small muted">{inputs.map((i) => i.key).join(', ')}{last ? ` · built ${new Date(last).toLocaleString()}` : ' · never built'}</p>
    </article>
  );
}
