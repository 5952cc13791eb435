/**
 * The app's URLs, parsed and built in one place: `/`, `/assets/:key`,
 * `/runs`, `/runs/:id`, `/schedules`, `/dashboards`, `/dashboards/:id`. Asset keys are URL-encoded path segments.
 */

export type Route =
  | { readonly page: 'lineage' }
  | { readonly page: 'asset'; readonly key: string }
  | { readonly page: 'runs' }
  | { readonly page: 'run'; readonly id: number }
  | { readonly page: 'schedules' }
  | { readonly page: 'dashboards' }
  | { readonly page: 'dashboard'; readonly id: string }
  | { readonly page: 'not-found'; readonly path: string };

/**
 * @example
 * matchRoute('/assets/carttrend_clean.Clients') // { page: 'asset', key: 'carttrend_clean.Clients' }
 * matchRoute('/runs/12') // { page: 'run', id: 12 }
 */
export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/' || path === '') return { page: 'lineage' };
  if (path === '/runs') return { page: 'runs' };
  if (path === '/schedules') return { page: 'schedules' };
  if (path === '/dashboards') return { page: 'dashboards' };
  const dashboard = /^\/dashboards\/([a-z0-9][a-z0-9-]*)$/.exec(path);
  if (dashboard) return { page: 'dashboard', id: dashboard[1]! };
  const run = /^\/runs\/(\d+)$/.exec(path);
  if (run) return { page: 'run', id: Number(run[1]) };
  const asset = /^\/assets\/([^/]+)$/.exec(path);
  if (asset) {
    try {
      return { page: 'asset', key: decodeURIComponent(asset[1]!) };
    } catch {
      return { page: 'not-found', path };
    }
  }
  return { page: 'not-found', path };
}

/** @example assetPath('carttrend_clean.Clients') // '/assets/carttrend_clean.Clients' */
export function assetPath(key: string): string {
  return `/assets/${encodeURIComponent(key)}`;
}

/** @example dashboardPath('logistique') // '/dashboards/logistique' */
export function dashboardPath(id: string): string {
  return `/dashboards/${encodeURIComponent(id)}`;
}

/**
 * Where a lineage node opens: an asset's page, or a dashboard's for `dashboard:<id>`.
 *
 * @example lineagePath('dashboard:marketing') // '/dashboards/marketing'
 */
export function lineagePath(key: string): string {
  return key.startsWith('dashboard:') ? dashboardPath(key.slice('dashboard:'.length)) : assetPath(key);
}

/** @example runPath(12) // '/runs/12' */
export function runPath(id: number): string {
  return `/runs/${id}`;
}

/**
 * A path with query parameters, leaving out the empty ones.
 *
 * @example
 * withQuery('/runs', { status: 'failed', asset: '' }) // '/runs?status=failed'
 */
export function withQuery(path: string, params: Readonly<Record<string, string | number | null | undefined>>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') query.set(name, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
