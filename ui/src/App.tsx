/** The app's frame: a header with the sections, and the page the URL names. */
import { lazy, Suspense } from 'react';
import { matchRoute } from './lib/routes.ts';
import { Link, useLocation } from './router.tsx';
import { AssetPage } from './pages/asset/AssetPage.tsx';
import { LineagePage } from './pages/lineage/LineagePage.tsx';
import { RunPage } from './pages/runs/RunPage.tsx';
import { RunsPage } from './pages/runs/RunsPage.tsx';
import { SchedulesPage } from './pages/schedules/SchedulesPage.tsx';
import { DashboardsPage } from './pages/dashboards/DashboardsPage.tsx';

// ECharts and the world map load only with a dashboard.
const DashboardPage = lazy(() => import('./pages/dashboards/DashboardPage.tsx'));

export function App() {
  const { pathname } = useLocation();
  const route = matchRoute(pathname);
  const section = route.page === 'runs' || route.page === 'run' ? 'runs' : route.page === 'schedules' ? 'schedules'
    : route.page === 'dashboards' || route.page === 'dashboard' ? 'dashboards' : 'lineage';
  return (
    <>
      <header className="app-header">
        <Link href="/" className="brand">Trellis</Link>
        <nav>
          <Link href="/" className={section === 'lineage' ? 'active' : undefined}>Lineage</Link>
          <Link href="/runs" className={section === 'runs' ? 'active' : undefined}>Runs</Link>
          <Link href="/schedules" className={section === 'schedules' ? 'active' : undefined}>Schedules</Link>
          <Link href="/dashboards" className={section === 'dashboards' ? 'active' : undefined}>Dashboards</Link>
        </nav>
      </header>
      <main>
        {route.page === 'lineage' ? <LineagePage /> : null}
        {route.page === 'asset' ? <AssetPage key={route.key} assetKey={route.key} /> : null}
        {route.page === 'runs' ? <RunsPage /> : null}
        {route.page === 'run' ? <RunPage key={route.id} runId={route.id} /> : null}
        {route.page === 'schedules' ? <SchedulesPage /> : null}
        {route.page === 'dashboards' ? <DashboardsPage /> : null}
        {route.page === 'dashboard' ? (
          <Suspense fallback={<section className="page"><p className="muted">Loading dashboard…</p></section>}>
            <DashboardPage key={route.id} id={route.id} />
          </Suspense>
        ) : null}
        {route.page === 'not-found' ? (
          <section className="page"><h1>Not found</h1><p>No page at <code>{route.path}</code>. <Link href="/">Go to the lineage</Link>.</p></section>
        ) : null}
      </main>
    </>
  );
}
