/**
 * The JSON the HTTP API answers with: the one contract the server, the UI
 * and the API tests share. Records from the run store pass through as they
 * are (camelCase, ISO dates).
 *
 * @example
 * const graph: ApiGraph = await (await fetch('/api/assets')).json();
 * graph.assets.filter((a) => a.status === 'stale').map((a) => a.key);
 */
import type { FreshnessState } from '../ops/freshness.ts';
import type { AutomationDecision, DeferredRetry, LeaseHolder, TickRecord } from '../runstore/ops.ts';
import type { AssetKind, ColumnDoc, Materialization } from '../definitions.ts';
import type { Status } from '../staleness.ts';
import type {
  CheckResultRecord, EventRecord, MaterializationRecord, RunRecord, StepRecord,
} from '../runstore/types.ts';

/** One asset as the graph shows it. */
export interface ApiAsset {
  readonly key: string;
  readonly kind: AssetKind;
  readonly group: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly owners: readonly string[];
  readonly description: string;
  readonly materialization: Materialization;
  readonly status: Status;
  /** True while a step of an unfinished run is building this asset. */
  readonly running: boolean;
  /** Human-readable stale causes, as `trellis why` prints them. */
  readonly causes: readonly string[];
  /** Topological level (0 for roots): the lineage layout's column hint. */
  readonly level: number;
}

/** `GET /api/assets[?select=S]`: the assets (only the selected ones when `select` is given) and the edges between them. */
/** A dashboard as the lineage shows it: downstream of what it reads, as fresh as its inputs. */
export interface ApiLineageDashboard {
  /** `dashboard:<id>`, the key selections use. */
  readonly key: string;
  readonly id: string;
  readonly title: string;
  readonly file: string;
  readonly status: Status;
  /** The assets it reads. */
  readonly inputs: readonly string[];
  /** One more than its deepest input's level. */
  readonly level: number;
}

export interface ApiGraph {
  readonly assets: readonly ApiAsset[];
  /** The project's dashboards that the selection matches (all of them without one). */
  readonly dashboards: readonly ApiLineageDashboard[];
  /** `[upstream, downstream]` pairs whose two ends are both shown (in `assets` or `dashboards`). */
  readonly edges: readonly (readonly [string, string])[];
  /** The selection as given, or null. */
  readonly select: string | null;
  /** The run currently in progress (launched from the UI or a terminal), if any. */
  readonly activeRun: RunRecord | null;
  /**
   * Set when the files on disk differ from what is shown: a SQL model that
   * does not load (the last good version is shown, runs are refused), or
   * TypeScript assets edited since the server started (restart to load them).
   */
  readonly notice?: string;
}

export interface ApiCheck {
  readonly name: string;
  readonly severity: 'error' | 'warn';
  readonly description: string | null;
  /** The newest result of this check, or null if it never ran. */
  readonly latest: CheckResultRecord | null;
}

/** `GET /api/assets/:key`. */
export interface ApiAssetDetail extends ApiAsset {
  /** Defining file, relative to the project. */
  readonly file: string | null;
  readonly upstream: readonly string[];
  readonly downstream: readonly string[];
  /** SQL models: the rendered SQL and its dialect. */
  readonly sql: { readonly dialect: string; readonly rendered: string } | null;
  /** TypeScript assets and sources: the declaring module's text. */
  readonly source: { readonly file: string; readonly text: string } | null;
  readonly columns: readonly ColumnDoc[];
  readonly checks: readonly ApiCheck[];
  /** Newest first, at most 50. */
  readonly history: readonly MaterializationRecord[];
  readonly codeVersion: string;
  /** The freshness policy in words and its verdict now; null without a policy. */
  readonly freshness: (FreshnessState & { readonly policy: string }) | null;
  /** The automation conditions and the daemon's latest decision; null without conditions. */
  readonly automation: { readonly conditions: readonly string[]; readonly latest: AutomationDecision | null } | null;
}

/** `GET /api/schedules`: every schedule, its next ticks and its tick history, and the daemon holding the lease. */
export interface ApiSchedules {
  readonly now: string;
  readonly daemon: LeaseHolder | null;
  readonly schedules: readonly {
    readonly name: string; readonly select: string; readonly cron: string; readonly timezone: string; readonly catchup: boolean;
    readonly next: readonly string[];
    /** Newest first, at most 50. */
    readonly ticks: readonly TickRecord[];
  }[];
  /** Deferred retries not launched yet. */
  readonly pendingRetries: readonly DeferredRetry[];
}

/** `GET /api/assets/:key/preview[?limit=N]` (limit 1..5000, default 100). */
export interface ApiPreview {
  readonly key: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** Values as JSON: BIGINT as number (or string when too large), dates as ISO strings. */
  readonly rows: readonly (readonly unknown[])[];
  readonly limit: number;
  /** True when the table has more rows than `limit`. */
  readonly truncated: boolean;
}

/** `GET /api/runs[?status=S&limit=N&offset=N&asset=KEY]`. */
export interface ApiRunList {
  readonly runs: readonly RunRecord[];
}

/** `GET /api/runs/:id`. */
export interface ApiRunDetail {
  readonly run: RunRecord;
  /** In topological order of the plan. */
  readonly steps: readonly StepRecord[];
  readonly checks: readonly CheckResultRecord[];
  /** The run's events: decisions, step starts and ends, logs. */
  readonly events: readonly EventRecord[];
}

/**
 * `POST /api/runs` with `{"select": S}`, `{"select": S, "stale": true}`,
 * `{"stale": true}` or `{"all": true}`. 202 with the run id once the run is
 * recorded; `runId` null (200) when there is nothing to do.
 */
export interface ApiLaunch {
  readonly runId: number | null;
  readonly message: string;
}

/** Every error answer: 400 bad input, 403 missing token, 404 unknown, 409 busy. */
export interface ApiError {
  readonly error: string;
  /** For a malformed selection: the offset of the bad character. */
  readonly position?: number;
}

/**
 * Server-sent events, on `GET /api/runs/:id/events` (one run) and
 * `GET /api/events` (every run): each message is an `EventRecord` as JSON
 * with `event: run-event`; the per-run stream ends with `event: end` once
 * the run has finished.
 */
export type ApiEvent = EventRecord;
