/** The revenue forecast: history (y), forecast (yhat) and its interval band, from the table itself. */
import type { ApiPreview } from '../../../../core/server/api-types.ts';
import { ErrorBox, Loading } from '../../components/ErrorBox.tsx';
import { useApi, useReloadOn } from '../../hooks/useApi.ts';
import { formatNumber } from '../../lib/format.ts';
import { forecastSeries, type ForecastPoint } from '../../lib/model-output.ts';
import { bandPath, extent, linearScale, linePath, niceTicks } from '../../lib/plot.ts';

const W = 900;
const H = 300;
const PAD = { left: 64, right: 16, top: 12, bottom: 28 };

export function ForecastSection({ assetKey, version }: { readonly assetKey: string; readonly version: string }) {
  const preview = useApi<ApiPreview>(`/api/assets/${encodeURIComponent(assetKey)}/preview?limit=5000`);
  useReloadOn(version, preview.reload);
  const series = preview.data ? forecastSeries(preview.data) : null;
  return (
    <section className="card">
      <h2>Forecast</h2>
      {preview.error ? <ErrorBox error={preview.error} what="No forecast" /> : null}
      {!preview.data && !preview.error ? <Loading what="the forecast" /> : null}
      {series && 'problem' in series ? <ErrorBox error={new Error(series.problem)} what="Cannot draw the forecast" /> : null}
      {series && 'points' in series ? <ForecastChart points={series.points} /> : null}
    </section>
  );
}

function ForecastChart({ points }: { readonly points: readonly ForecastPoint[] }) {
  const ts = extent(points.map((p) => p.t));
  const ys = extent(points.flatMap((p) => [p.y, p.yhat, p.low, p.high]));
  if (!ts || !ys) return <p className="muted">The forecast table is empty.</p>;
  const x = linearScale(ts, [PAD.left, W - PAD.right]);
  const yTicks = niceTicks(ys[0], ys[1], 5);
  const y = linearScale([yTicks[0]!, yTicks[yTicks.length - 1]!], [H - PAD.bottom, PAD.top]);
  const band = points.filter((p) => p.low !== null && p.high !== null).map((p) => ({ x: p.t, low: p.low!, high: p.high! }));
  const xTicks = niceTicks(0, 1, 5).map((f) => ts[0] + f * (ts[1] - ts[0]));
  // The forecast starts where the history ends.
  const lastHistory = points.reduce((t, p) => (p.y !== null ? p.t : t), -Infinity);
  const forecastStart = points.find((p) => p.t > lastHistory && p.yhat !== null)?.t;
  return (
    <figure className="forecast" data-testid="forecast-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Revenue history, forecast and interval">
        {yTicks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="grid" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="tick">{formatNumber(v, 0)}</text>
          </g>
        ))}
        {xTicks.map((t, i) => (
          <text key={t} x={x(t)} y={H - 8} textAnchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'} className="tick">
            {new Date(t).toISOString().slice(0, 10)}
          </text>
        ))}
        {forecastStart !== undefined ? (
          <g>
            <line x1={x(forecastStart)} x2={x(forecastStart)} y1={PAD.top} y2={H - PAD.bottom} className="forecast-start" />
            <text x={x(forecastStart) + 4} y={PAD.top + 10} className="tick">forecast</text>
          </g>
        ) : null}
        <path d={bandPath(band, x, y)} className="band" />
        <path d={linePath(points.map((p) => ({ x: p.t, y: p.yhat })), x, y)} className="series forecast-line" />
        <path d={linePath(points.map((p) => ({ x: p.t, y: p.y })), x, y)} className="series history-line" />
      </svg>
      <figcaption className="legend">
        <span className="legend-item"><i className="history-swatch" />history (y)</span>
        <span className="legend-item"><i className="forecast-swatch" />forecast (yhat)</span>
        <span className="legend-item"><i className="band-swatch" />interval (yhat_lower – yhat_upper)</span>
      </figcaption>
    </figure>
  );
}
