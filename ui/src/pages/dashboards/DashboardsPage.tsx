/** The list of the project's dashboards, each with the assets it reads. */
import type { ApiDashboardList } from '../../../../core/server/dashboard-types.ts';
import { ErrorBox, Loading } from '../../components/ErrorBox.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { Link } from '../../router.tsx';

export function DashboardsPage() {
  const list = useApi<ApiDashboardList>('/api/dashboards');
  if (list.error) return <section className="page"><ErrorBox error={list.error} what="Dashboards" /></section>;
  if (!list.data) return <section className="page"><Loading what="dashboards" /></section>;
  return (
    <section className="page">
      <h1>Dashboards</h1>
      {list.data.dashboards.length ? null : <p className="muted">No dashboard: add a defineDashboard spec under dashboards/.</p>}
      <ul className="dashboard-list">
        {list.data.dashboards.map((d) => (
          <li key={d.id}><Link href={`/dashboards/${d.id}`}>{d.title}</Link> <span className="small muted">{d.charts} charts · {d.deps.join(', ')}</span></li>
        ))}
      </ul>
    </section>
  );
}
