/**
 * One asset on the lineage graph: key, kind, group and status (colour and
 * label), drawn as a NodeCard.
 */
import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { ApiAsset } from '../../../../core/server/api-types.ts';
import { displayStatus } from '../../lib/status.ts';
import { NodeCard } from './NodeCard.tsx';

export interface AssetNodeData extends Record<string, unknown> {
  readonly asset: ApiAsset;
  /** Outside the highlighted selection. */
  readonly dimmed: boolean;
}

export type AssetFlowNode = Node<AssetNodeData, 'asset'>;

function AssetNodeView({ data }: NodeProps<AssetFlowNode>) {
  const { asset, dimmed } = data;
  const dot = asset.key.indexOf('.');
  return (
    <NodeCard className="asset-node" nodeKey={asset.key} status={displayStatus(asset)}
      schema={dot > 0 ? asset.key.slice(0, dot) : '\u00a0'} name={asset.key.slice(dot + 1)} title={asset.key}
      kind={asset.kind} group={asset.group} dimmed={dimmed} />
  );
}

export const AssetNode = memo(AssetNodeView);
