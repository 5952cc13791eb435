/**
 * A dashboard on the lineage graph, downstream of the assets it reads (as
 * dbt's exposures): its title, and its status, which is its inputs' (a
 * dashboard is never materialized). Same size as an asset node.
 */
import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { ApiLineageDashboard } from '../../../../core/server/api-types.ts';
import { statusSwatch } from '../../lib/status.ts';

export interface DashboardNodeData extends Record<string, unknown> {
  readonly dashboard: ApiLineageDashboard;
  readonly dimmed: boolean;
}

export type DashboardFlowNode = Node<DashboardNodeData, 'dashboard'>;

function DashboardNodeView({ data }: NodeProps<DashboardFlowNode>) {
  const { dashboard, dimmed } = data;
  const { color, fill } = statusSwatch(dashboard.status);
  return (
    <div className={`dashboard-node status-${dashboard.status}${dimmed ? ' dimmed' : ''}`} style={{ borderColor: color }}
      data-key={dashboard.key} data-status={dashboard.status}>
      <div className="asset-node-schema">dashboard</div>
      <div className="asset-node-name" title={`${dashboard.title} (${dashboard.file})`}>{dashboard.title}</div>
      <div className="asset-node-meta">
        <span className="asset-node-kind">dashboard</span>
        <span className="asset-node-group">reads {dashboard.inputs.length}</span>
        <span className="asset-node-status" style={{ color, background: fill }}>{dashboard.status}</span>
      </div>
    </div>
  );
}

export const DashboardNode = memo(DashboardNodeView);
