/**
 * The graph zoomed out: each asset a box coloured by status, drawn as plain
 * SVG inside React Flow's viewport instead of as React Flow nodes. At that
 * zoom a label would be a pixel tall; what matters is the shape and the
 * colours, and 1,000 boxes cost a fraction of 1,000 React Flow nodes. The
 * key, status and causes show on hover (the hover card and a tooltip).
 */
import { memo, type MouseEvent } from 'react';
import { ViewportPortal } from '@xyflow/react';
import type { ApiAsset, ApiLineageDashboard } from '../../../../core/server/api-types.ts';
import type { Layout, LayoutOptions } from '../../lib/layout.ts';
import { displayStatus, statusSwatch } from '../../lib/status.ts';

export interface OverviewLayerProps {
  readonly assets: readonly ApiAsset[];
  readonly dashboards: readonly ApiLineageDashboard[];
  readonly layout: Layout;
  readonly size: Pick<LayoutOptions, 'nodeWidth' | 'nodeHeight'>;
  readonly highlighted: ReadonlySet<string> | null;
  readonly onOpen: (key: string) => void;
  readonly onHover: (key: string | null) => void;
}

const keyAt = (event: MouseEvent): string | null => (event.target as Element).closest('[data-key]')?.getAttribute('data-key') ?? null;

function OverviewLayerView({ assets, dashboards, layout, size, highlighted, onOpen, onHover }: OverviewLayerProps) {
  return (
    <ViewportPortal>
      <svg className="overview-layer" data-testid="overview-layer"
        onClick={(e) => { const key = keyAt(e); if (key) onOpen(key); }}
        onMouseOver={(e) => onHover(keyAt(e))} onMouseLeave={() => onHover(null)}>
        {[...assets.map((a) => ({ key: a.key, status: displayStatus(a), title: `${a.key} (${a.kind}, ${a.group})`, box: 'overview-node' })),
          ...dashboards.map((d) => ({ key: d.key, status: d.status, title: `${d.title} (dashboard)`, box: 'overview-dashboard' }))].map(({ key, status, title, box }) => {
          const p = layout.positions.get(key);
          if (!p) return null;
          const { color, fill } = statusSwatch(status);
          const dimmed = highlighted !== null && !highlighted.has(key);
          return (
            <rect key={key} className={`${box}${dimmed ? ' dimmed' : ''}`} data-key={key} data-status={status}
              x={p.x} y={p.y} width={size.nodeWidth} height={size.nodeHeight} rx={8} fill={fill} stroke={color}>
              <title>{`${title}: ${status}`}</title>
            </rect>
          );
        })}
      </svg>
    </ViewportPortal>
  );
}

export const OverviewLayer = memo(OverviewLayerView);
