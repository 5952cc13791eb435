/**
 * A dashboard on the lineage graph, downstream of the assets it reads (as
 * dbt's exposures): its title, and its status, which is its inputs' (a
 * dashboard is never materialized). Same size as an asset node.
 */
import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { ApiLineageDashboard } from '../../../../core/server/api-types.ts';
import { NodeCard } from './NodeCard.tsx';

export interface DashboardNodeData extends Record<string, unknown> {
  readonly dashboard: ApiLineageDashboard;
  readonly dimmed: boolean;
}

export type DashboardFlowNode = Node<DashboardNodeData, 'dashboard'>;

function DashboardNodeView({ data }: NodeProps<DashboardFlowNode>) {
  const { dashboard, dimmed } = data;
  return (
    <NodeCard className="dashboard-node" nodeKey={dashboard.key} status={dashboard.status} schema="dashboard"
      name={dashboard.title} title={`${dashboard.title} (${dashboard.file})`} kind="dashboard"
      group={`reads ${dashboard.inputs.length}`} dimmed={dimmed} />
  );
}

export const DashboardNode = memo(DashboardNodeView);
