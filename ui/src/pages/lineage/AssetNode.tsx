/**
 * One asset on the lineage graph: key, kind, group and status (colour and
 * label). Sized by the layout's constants so React Flow need not measure it.
 */
import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { ApiAsset } from '../../../../core/server/api-types.ts';
import { displayStatus, statusSwatch } from '../../lib/status.ts';

export interface AssetNodeData extends Record<string, unknown> {
  readonly asset: ApiAsset;
  /** Outside the highlighted selection. */
  readonly dimmed: boolean;
}

export type AssetFlowNode = Node<AssetNodeData, 'asset'>;

function AssetNodeView({ data }: NodeProps<AssetFlowNode>) {
  const { asset, dimmed } = data;
  const status = displayStatus(asset);
  const { color, fill } = statusSwatch(status);
  const dot = asset.key.indexOf('.');
  return (
    <div className={`asset-node status-${status}${dimmed ? ' dimmed' : ''}`} style={{ borderColor: color }}
      data-key={asset.key} data-status={status}>
      <div className="asset-node-schema">{dot > 0 ? asset.key.slice(0, dot) : '\u00a0'}</div>
      <div className="asset-node-name" title={asset.key}>{asset.key.slice(dot + 1)}</div>
      <div className="asset-node-meta">
        <span className="asset-node-kind">{asset.kind}</span>
        <span className="asset-node-group">{asset.group}</span>
        <span className="asset-node-status" style={{ color, background: fill }}>{status}</span>
      </div>
    </div>
  );
}

export const AssetNode = memo(AssetNodeView);
