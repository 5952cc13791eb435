/**
 * The lineage graph: React Flow over the layered layout, with pan, zoom and
 * fit controls. Layout is recomputed only when the set of assets or edges
 * changes, not when a status does. The first render is already fitted to
 * the box; zoomed out below DETAIL_ZOOM, assets are drawn as an overview
 * (OverviewLayer) instead of React Flow nodes, which is what keeps a graph of
 * 1,000 assets under a second (bench/ui-render.ts).
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Background, Controls, ReactFlow, ReactFlowProvider, useStore, type NodeMouseHandler } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { ApiAsset, ApiLineageDashboard } from '../../../../core/server/api-types.ts';
import { edgePaths } from '../../lib/edge-paths.ts';
import { DEFAULT_LAYOUT, layeredLayout } from '../../lib/layout.ts';
import { fitViewport, type FitOptions } from '../../lib/viewport.ts';
import { AssetNode } from './AssetNode.tsx';
import { DashboardNode } from './DashboardNode.tsx';
import { EdgeLayer } from './EdgeLayer.tsx';
import { flowNodes, type LineageFlowNode } from './flow-elements.ts';
import { OverviewLayer } from './OverviewLayer.tsx';

const nodeTypes = { asset: AssetNode, dashboard: DashboardNode };
const FIT: FitOptions = { padding: 0.03, minZoom: 0.05, maxZoom: 1 };
/** Below this zoom a node's text would be under 5 px: the overview is drawn instead. */
const DETAIL_ZOOM = 0.35;

export interface LineageGraphProps {
  readonly assets: readonly ApiAsset[];
  /** Drawn downstream of the assets they read. */
  readonly dashboards: readonly ApiLineageDashboard[];
  readonly edges: readonly (readonly [string, string])[];
  /** Keys to keep bright; null shows every node normally. */
  readonly highlighted: ReadonlySet<string> | null;
  readonly onOpen: (key: string) => void;
  readonly onHover: (key: string | null) => void;
}

export function LineageGraph(props: LineageGraphProps) {
  const { assets, dashboards, edges } = props;
  const structure = useMemo(() => `${[...assets, ...dashboards].map((a) => a.key).join('\n')}|${edges.map((e) => e.join('>')).join('\n')}`,
    [assets, dashboards, edges]);
  // The box's size first, so that the first render is already fitted (see lib/viewport.ts).
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const { width, height } = box.current!.getBoundingClientRect();
    setSize({ width, height });
  }, []);
  return (
    <div className="lineage-graph" data-testid="lineage-graph" ref={box}>
      {size ? (
        // A new structure remounts the flow, which fits the view to it.
        <ReactFlowProvider key={hash(structure)}>
          <Flow {...props} structure={structure} box={size} />
        </ReactFlowProvider>
      ) : null}
    </div>
  );
}

function Flow({ assets, dashboards, edges, highlighted, onOpen, onHover, structure, box }: LineageGraphProps & {
  readonly structure: string;
  readonly box: { readonly width: number; readonly height: number };
}) {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the structure on purpose
  const layout = useMemo(() => layeredLayout([...assets, ...dashboards.map((d) => ({ ...d, group: 'dashboards' }))], edges), [structure]);
  const [initial] = useState(() => fitViewport(layout, box, FIT));
  // Before React Flow has set up its viewport, the zoom is the one it will start with.
  const detailed = useStore((s) => (s.panZoom ? s.transform[2] : initial.zoom) >= DETAIL_ZOOM);
  const nodes = useMemo(() => (detailed ? flowNodes(assets, dashboards, layout, DEFAULT_LAYOUT, highlighted) : []),
    [detailed, assets, dashboards, layout, highlighted]);
  const paths = useMemo(() => edgePaths(edges, layout.positions, DEFAULT_LAYOUT, highlighted), [edges, layout, highlighted]);

  const open: NodeMouseHandler<LineageFlowNode> = (_, node) => onOpen(node.id);
  const enter: NodeMouseHandler<LineageFlowNode> = (_, node) => onHover(node.id);
  return (
    <ReactFlow<LineageFlowNode>
      nodes={nodes} nodeTypes={nodeTypes}
      onNodeClick={open} onNodeMouseEnter={enter} onNodeMouseLeave={() => onHover(null)}
      nodesDraggable={false} nodesConnectable={false} elementsSelectable={false}
      defaultViewport={initial} onInit={markPainted} minZoom={FIT.minZoom} maxZoom={2}
      onlyRenderVisibleElements proOptions={{ hideAttribution: true }}>
      <EdgeLayer paths={paths} />
      {detailed ? null : <OverviewLayer assets={assets} dashboards={dashboards} layout={layout} size={DEFAULT_LAYOUT} highlighted={highlighted} onOpen={onOpen} onHover={onHover} />}
      <Background gap={24} />
      <Controls showInteractive={false} fitViewOptions={FIT} />
    </ReactFlow>
  );
}

/** A short fingerprint of the structure, for the remount key. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/**
 * Records when the graph was first painted: `performance.mark('trellis:graph-painted')`
 * and, on <html>, `data-render-ms` (milliseconds since navigation start) and
 * `data-render-nodes` (nodes drawn then, as React Flow nodes or overview boxes), for the bench and the tests.
 */
function markPainted(): void {
  const root = document.documentElement;
  if (root.dataset.renderMs) return;
  // The second frame callback runs once the first frame with the graph has been painted.
  requestAnimationFrame(() => requestAnimationFrame(() => {
    performance.mark('trellis:graph-painted');
    root.dataset.renderMs = performance.now().toFixed(1);
    root.dataset.renderNodes = String(document.querySelectorAll('.react-flow__node, .overview-node, .overview-dashboard').length);
  }));
}
