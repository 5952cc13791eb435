/** A small line plot of one series over time, with its range written at the side. */
import type { XY } from '../lib/plot.ts';
import { extent, linearScale, linePath } from '../lib/plot.ts';
import { formatDateTime } from '../lib/format.ts';

const W = 320;
const H = 110;
const PAD = { left: 8, right: 8, top: 10, bottom: 22 };

export function MiniPlot({ title, points, format }: {
  readonly title: string;
  readonly points: readonly XY[];
  readonly format: (value: number) => string;
}) {
  const xs = extent(points.map((p) => p.x));
  const ys = extent(points.map((p) => p.y));
  if (!xs || !ys) return <figure className="mini-plot"><figcaption>{title}</figcaption><p className="muted small">No data yet.</p></figure>;
  const x = linearScale(xs, [PAD.left, W - PAD.right]);
  const y = linearScale([Math.min(0, ys[0]), ys[1]], [H - PAD.bottom, PAD.top]);
  return (
    <figure className="mini-plot">
      <figcaption>{title} <span className="muted small">{format(ys[0])} – {format(ys[1])}</span></figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title} over time`}>
        <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} className="axis" />
        <path d={linePath(points, x, y)} className="series" />
        {points.map((p, i) => (p.y === null ? null : <circle key={i} cx={x(p.x)} cy={y(p.y)} r={2.5} className="dot"><title>{`${formatDateTime(new Date(p.x).toISOString())}: ${format(p.y)}`}</title></circle>))}
        <text x={PAD.left} y={H - 6} className="tick">{formatDateTime(new Date(xs[0]).toISOString()).slice(0, 16)}</text>
        <text x={W - PAD.right} y={H - 6} className="tick" textAnchor="end">{formatDateTime(new Date(xs[1]).toISOString()).slice(0, 16)}</text>
      </svg>
    </figure>
  );
}
