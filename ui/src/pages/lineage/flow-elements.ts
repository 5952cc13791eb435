/**
 * Turns the API's graph and a layout into React Flow nodes. Nodes carry
 * their size, so React Flow need not measure 1,000 DOM nodes before drawing;
 * edges are not React Flow's (see EdgeLayer.tsx).
 */
import type { ApiAsset, ApiLineageDashboard } from '../../../../core/server/api-types.ts';
import type { Layout, LayoutOptions } from '../../lib/layout.ts';
import type { AssetFlowNode } from './AssetNode.tsx';
import type { DashboardFlowNode } from './DashboardNode.tsx';

export type LineageFlowNode = AssetFlowNode | DashboardFlowNode;

export function flowNodes(
  assets: readonly ApiAsset[], dashboards: readonly ApiLineageDashboard[], layout: Layout,
  size: Pick<LayoutOptions, 'nodeWidth' | 'nodeHeight'>, highlighted: ReadonlySet<string> | null,
): LineageFlowNode[] {
  const width = size.nodeWidth;
  const height = size.nodeHeight;
  const placed = (key: string) => {
    const position = layout.positions.get(key);
    return position && {
      id: key, position, width, height, measured: { width, height },
      draggable: false, connectable: false, selectable: false, zIndex: 1,
    };
  };
  const dimmed = (key: string) => highlighted !== null && !highlighted.has(key);
  const nodes: LineageFlowNode[] = [];
  for (const asset of assets) {
    const node = placed(asset.key);
    if (node) nodes.push({ ...node, type: 'asset', data: { asset, dimmed: dimmed(asset.key) } });
  }
  for (const dashboard of dashboards) {
    const node = placed(dashboard.key);
    if (node) nodes.push({ ...node, type: 'dashboard', data: { dashboard, dimmed: dimmed(dashboard.key) } });
  }
  return nodes;
}
