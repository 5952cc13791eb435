/**
 * Draws the lineage edges inside React Flow's viewport (so they pan and
 * zoom with the nodes) as two SVG paths, under the nodes.
 */
import { memo } from 'react';
import { ViewportPortal } from '@xyflow/react';
import type { EdgePaths } from '../../lib/edge-paths.ts';

function EdgeLayerView({ paths }: { readonly paths: EdgePaths }) {
  return (
    <ViewportPortal>
      <svg className="edge-layer" aria-hidden="true" data-testid="edge-layer">
        <path className="edge-path dimmed" d={paths.dimmed} />
        <path className="edge-path" d={paths.normal} />
      </svg>
    </ViewportPortal>
  );
}

export const EdgeLayer = memo(EdgeLayerView);
