/**
 * Status colours and labels, shared by the graph, the badges and the Gantt
 * bars. Colour never stands alone: every status also has a text label.
 */
import type { ApiAsset } from '../../../core/server/api-types.ts';
import type { RunStatus, StepStatus } from '../../../core/runstore/types.ts';

/** What a node shows: the staleness status, or `running` while a step builds it. */
export type AssetDisplayStatus = ApiAsset['status'] | 'running';

export type AnyStatus = AssetDisplayStatus | RunStatus | StepStatus;

interface Swatch {
  /** Border and bar colour. */
  readonly color: string;
  /** Pale fill behind text. */
  readonly fill: string;
}

const SWATCHES: Readonly<Record<AnyStatus, Swatch>> = {
  fresh: { color: '#2f9e44', fill: '#ebfbee' },
  success: { color: '#2f9e44', fill: '#ebfbee' },
  stale: { color: '#e67700', fill: '#fff4e6' },
  missing: { color: '#868e96', fill: '#f1f3f5' },
  pending: { color: '#868e96', fill: '#f1f3f5' },
  skipped: { color: '#adb5bd', fill: '#f8f9fa' },
  failed: { color: '#e03131', fill: '#fff5f5' },
  interrupted: { color: '#c2255c', fill: '#fff0f6' },
  canceled: { color: '#7950f2', fill: '#f3f0ff' },
  running: { color: '#1c7ed6', fill: '#e7f5ff' },
};

/**
 * The status a node shows for an asset.
 *
 * @example
 * displayStatus({ status: 'stale', running: true }) // 'running'
 */
export function displayStatus(asset: Pick<ApiAsset, 'status' | 'running'>): AssetDisplayStatus {
  return asset.running ? 'running' : asset.status;
}

/**
 * The colours of a status; unknown statuses (a newer server) fall back to grey.
 *
 * @example
 * statusSwatch('failed').color // '#e03131'
 */
export function statusSwatch(status: string): Swatch {
  return SWATCHES[status as AnyStatus] ?? SWATCHES.missing;
}
