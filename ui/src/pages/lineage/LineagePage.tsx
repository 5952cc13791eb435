/**
 * `/`: the whole asset graph, live. The selection and its mode live in the
 * query string (`?select=group:marts&mode=filter`), so a view can be linked.
 */
import { useMemo, useState } from 'react';
import type { ApiGraph } from '../../../../core/server/api-types.ts';
import { ApiFailure } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/ErrorBox.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { FALLBACK_POLL_MS, useEvents, useInterval, useThrottled } from '../../hooks/useEvents.ts';
import { selectionErrorView } from '../../lib/caret.ts';
import { statusSwatch } from '../../lib/status.ts';
import { lineagePath, withQuery } from '../../lib/routes.ts';
import { navigate, useLocation } from '../../router.tsx';
import { ActiveRun } from './ActiveRun.tsx';
import { DashboardHoverCard, HoverCard } from './HoverCard.tsx';
import { LaunchBar } from './LaunchBar.tsx';
import { LineageGraph } from './LineageGraph.tsx';
import { SelectionBar, type SelectionMode } from './SelectionBar.tsx';

export function LineagePage() {
  const { search } = useLocation();
  const select = search.get('select') ?? '';
  const mode: SelectionMode = search.get('mode') === 'filter' ? 'filter' : 'highlight';
  const graph = useApi<ApiGraph>('/api/assets');
  const selected = useApi<ApiGraph>(select ? withQuery('/api/assets', { select }) : null);
  const [hovered, setHovered] = useState<string | null>(null);

  const reloadAll = () => {
    graph.reload();
    if (select) selected.reload();
  };
  const onEvent = useThrottled(reloadAll, 300);
  useEvents('/api/events', onEvent);
  const running = graph.data?.activeRun ?? null;
  useInterval(reloadAll, running ? FALLBACK_POLL_MS : null);

  const selectionError = selected.error instanceof ApiFailure && selected.error.status === 400
    ? selectionErrorView(select, selected.error.body) : null;
  const highlighted = useMemo(() => (selected.data
    ? new Set([...selected.data.assets, ...selected.data.dashboards].map((a) => a.key)) : null), [selected.data]);
  const shown = mode === 'filter' && select && !selected.error ? selected.data : graph.data;
  const hoveredAsset = hovered ? shown?.assets.find((a) => a.key === hovered) : undefined;
  const hoveredDashboard = hovered ? shown?.dashboards.find((d) => d.key === hovered) : undefined;
  const setQuery = (next: { select?: string; mode?: SelectionMode }) =>
    navigate(withQuery('/', { select: next.select ?? select, mode: (next.mode ?? mode) === 'filter' ? 'filter' : null }), { replace: true });

  return (
    <section className="page lineage-page">
      <div className="toolbar">
        <SelectionBar applied={select} mode={mode} matched={selected.data ? selected.data.assets.length + selected.data.dashboards.length : null} error={selectionError}
          onApply={(s) => setQuery({ select: s })} onMode={(m) => setQuery({ mode: m })} />
        <LaunchBar selection={select && selected.data ? select : null} onLaunched={reloadAll} />
        {selected.error && !selectionError ? <ErrorBox error={selected.error} what="Selection" /> : null}
      </div>
      {running ? <ActiveRun run={running} /> : null}
      {graph.data?.notice ? <div className="notice" role="status">{graph.data.notice}</div> : null}
      {graph.error ? <ErrorBox error={graph.error} what="Could not load the assets" /> : null}
      {!shown && !graph.error ? <Loading what="the asset graph" /> : null}
      {shown ? (
        <div className="graph-panel">
          <LineageGraph assets={shown.assets} dashboards={shown.dashboards} edges={shown.edges}
            highlighted={mode === 'highlight' ? highlighted : null}
            onOpen={(key) => navigate(lineagePath(key))} onHover={setHovered} />
          {hoveredAsset ? <HoverCard asset={hoveredAsset} /> : null}
          {hoveredDashboard ? <DashboardHoverCard dashboard={hoveredDashboard} statuses={shown.assets} /> : null}
          <Legend />
        </div>
      ) : null}
    </section>
  );
}

function Legend() {
  return (
    <div className="legend" aria-label="Status colours">
      {(['fresh', 'stale', 'missing', 'failed', 'running'] as const).map((s) => (
        <span key={s} className="legend-item"><i style={{ background: statusSwatch(s).color }} />{s}</span>
      ))}
    </div>
  );
}
