/**
 * The dashboards' JSON answers (`/api/dashboards...`), shared by the server
 * and the web app. Type-only and dependency-free, so the UI can import it.
 *
 * @example
 * const list: ApiDashboardList = await getJson('/api/dashboards');
 */
import type { DashboardSpec } from '../dashboards/spec.ts';

/** An asset a chart reads, as the lineage sees it now. */
export interface ApiDashboardInput {
  readonly key: string;
  readonly status: 'fresh' | 'stale' | 'missing' | 'failed';
  readonly causes: readonly string[];
  /** ISO time of its last materialization, or null when never built. */
  readonly lastMaterializedAt: string | null;
  readonly lastRunId: number | null;
}

export interface ApiDashboardSummary {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly file: string;
  readonly charts: number;
  readonly deps: readonly string[];
}

export interface ApiDashboardList {
  readonly dashboards: readonly ApiDashboardSummary[];
}

export interface ApiDashboard extends ApiDashboardSummary {
  readonly spec: DashboardSpec;
  /** Every input of the page, by key. */
  readonly inputs: Readonly<Record<string, ApiDashboardInput>>;
  /** Per chart id, the keys of the assets it reads (its query and its filters' lookups). */
  readonly chartInputs: Readonly<Record<string, readonly string[]>>;
}

export interface ApiChartData {
  readonly dashboard: string;
  readonly chart: string;
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  /** The filter values applied, as read from the query. */
  readonly filters: Readonly<Record<string, unknown>>;
  readonly durationMs: number;
  /** Why there are no rows: an input has no table yet (never built, or its first build failed). Null when the query ran. */
  readonly unavailable: string | null;
}

export interface ApiFilterOptions {
  readonly filter: string;
  readonly values: readonly string[];
}
