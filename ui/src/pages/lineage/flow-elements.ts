/**
 * Turns the API's graph and a layout into React Flow nodes. Nodes carry
 * their size, so React Flow need not measure 1,000 DOM nodes before drawing;
 * edges are not React Flow's (see EdgeLayer.tsx).
 */
import type { ApiAsset } from '../../../../core/server/api-types.ts';
import type { Layout, LayoutOptions } from '../../lib/layout.ts';
import type { AssetFlowNode } from './AssetNode.tsx';

export function flowNodes(
  assets: readonly ApiAsset[], layout: Layout, size: Pick<LayoutOptions, 'nodeWidth' | 'nodeHeight'>,
  highlighted: ReadonlySet<string> | null,
): AssetFlowNode[] {
  const width = size.nodeWidth;
  const height = size.nodeHeight;
  return assets.flatMap((asset) => {
    const position = layout.positions.get(asset.key);
    if (!position) return [];
    return [{
      id: asset.key, type: 'asset', position, width, height, measured: { width, height },
      draggable: false, connectable: false, selectable: false, zIndex: 1,
      data: { asset, dimmed: highlighted !== null && !highlighted.has(asset.key) },
    }];
  });
}
