/**
 * The card an asset or a dashboard is drawn as on the lineage graph: a
 * schema line, a name, then kind, group and status (colour and label). Sized
 * by the layout's constants so React Flow need not measure it.
 *
 * @example
 * <NodeCard className="asset-node" nodeKey="marts.orders" status="fresh" schema="marts" name="orders"
 *   title="marts.orders" kind="sql" group="marts" dimmed={false} />
 */
import { statusSwatch, type AssetDisplayStatus } from '../../lib/status.ts';

export interface NodeCardProps {
  /** `asset-node` or `dashboard-node`: what the page and its tests find it by. */
  readonly className: string;
  readonly nodeKey: string;
  readonly status: AssetDisplayStatus;
  readonly schema: string;
  readonly name: string;
  readonly title: string;
  readonly kind: string;
  readonly group: string;
  /** Outside the highlighted selection. */
  readonly dimmed: boolean;
}

export function NodeCard(p: NodeCardProps) {
  const { color, fill } = statusSwatch(p.status);
  return (
    <div className={`${p.className} status-${p.status}${p.dimmed ? ' dimmed' : ''}`} style={{ borderColor: color }}
      data-key={p.nodeKey} data-status={p.status}>
      <div className="asset-node-schema">{p.schema}</div>
      <div className="asset-node-name" title={p.title}>{p.name}</div>
      <div className="asset-node-meta">
        <span className="asset-node-kind">{p.kind}</span>
        <span className="asset-node-group">{p.group}</span>
        <span className="asset-node-status" style={{ color, background: fill }}>{p.status}</span>
      </div>
    </div>
  );
}
