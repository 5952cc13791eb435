/**
 * A dashboard: its filters (kept in the URL), its charts, cross-filtering
 * (a click on a bar, a slice or a country sets the chart's filter), and a
 * live refresh whenever a run finishes materializing one of its inputs.
 * Loaded lazily with ECharts, so the rest of the app does not carry it.
 */
import { useCallback } from 'react';
import type { FilterSpec } from '../../../../core/dashboards/spec.ts';
import type { ApiDashboard, ApiFilterOptions } from '../../../../core/server/dashboard-types.ts';
import { ErrorBox, Loading } from '../../components/ErrorBox.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { useEvents, useThrottled } from '../../hooks/useEvents.ts';
import { withQuery } from '../../lib/routes.ts';
import { navigate, useLocation } from '../../router.tsx';
import { ChartCard } from './ChartCard.tsx';

function FilterInput({ dashboard, filter, value, onChange }: {
  readonly dashboard: string; readonly filter: FilterSpec; readonly value: string; readonly onChange: (v: string) => void;
}) {
  const options = useApi<ApiFilterOptions>(filter.type === 'select' ? `/api/dashboards/${dashboard}/filters/${filter.id}` : null);
  if (filter.type === 'select') {
    const values = options.data?.values ?? [];
    return (
      <select name={filter.id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">(tous)</option>
        {value && !values.includes(value) ? <option value={value}>{value}</option> : null}
        {values.map((v) => <option key={v} value={v}>{v}</option>)}
      </select>
    );
  }
  if (filter.type === 'month') {
    return (
      <select name={filter.id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">(tous)</option>
        {Array.from({ length: 12 }, (_, i) => <option key={i} value={String(i + 1)}>{i + 1}</option>)}
      </select>
    );
  }
  const [from = '', to = ''] = value.split('..');
  const set = (a: string, b: string) => onChange(a || b ? `${a}..${b}` : '');
  return (
    <span className="range">
      <input type="date" name={`${filter.id}-from`} value={from} onChange={(e) => set(e.target.value, to)} />
      <input type="date" name={`${filter.id}-to`} value={to} onChange={(e) => set(from, e.target.value)} />
    </span>
  );
}

export default function DashboardPage({ id }: { readonly id: string }) {
  const { pathname, search } = useLocation();
  const page = useApi<ApiDashboard>(`/api/dashboards/${encodeURIComponent(id)}`);
  const reload = useThrottled(page.reload, 300);
  const deps = page.data?.deps;
  useEvents('/api/events', (event) => {
    if (event.type === 'run_finished' || (event.type === 'step_finished' && event.key && deps?.includes(event.key))) reload();
  });
  const spec = page.data?.spec;
  const filters: Record<string, string> = {};
  for (const f of spec?.filters ?? []) {
    const v = search.get(f.id);
    if (v) filters[f.id] = v;
  }
  const setFilter = useCallback((filter: string, value: string) => {
    const next = new URLSearchParams(window.location.search);
    if (value && next.get(filter) !== value) next.set(filter, value);
    else next.delete(filter);
    navigate(withQuery(pathname, Object.fromEntries(next)), { replace: true });
  }, [pathname]);
  if (page.error) return <section className="page"><ErrorBox error={page.error} what={`Dashboard ${id}`} /></section>;
  if (!page.data || !spec) return <section className="page"><Loading what={id} /></section>;
  const inputs = page.data.inputs;
  const version = Object.values(inputs).map((i) => `${i.key}@${i.lastMaterializedAt}`).join(',');
  return (
    <section className="page dashboard-page" data-dashboard={spec.id}>
      <h1>{spec.title}</h1>
      {spec.description ? <p className="muted">{spec.description}</p> : null}
      <form className="dashboard-filters" onSubmit={(e) => e.preventDefault()}>
        {(spec.filters ?? []).map((f) => (
          <label key={f.id} data-filter={f.id}>{f.label} <FilterInput dashboard={spec.id} filter={f} value={filters[f.id] ?? ''} onChange={(v) => setFilter(f.id, v)} /></label>
        ))}
        {Object.keys(filters).length ? <button type="button" onClick={() => navigate(pathname, { replace: true })}>Effacer les filtres</button> : null}
      </form>
      <div className="dashboard-grid">
        {spec.charts.map((chart) => (
          <ChartCard key={chart.id} dashboard={spec.id} chart={chart} filters={filters} version={version}
            inputs={(page.data!.chartInputs[chart.id] ?? []).map((k) => inputs[k]!)} onPick={setFilter} />
        ))}
      </div>
    </section>
  );
}
