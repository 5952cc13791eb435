/**
 * What a planned step is expected to cost, from its last materializations:
 * the mean duration and, on an engine that reports them, the mean bytes
 * processed and their on-demand price (BigQuery bills by bytes scanned).
 *
 * @example
 * const e = estimateFromHistory(store.materializationHistory('marts.orders', 5));
 * e.durationMs; e.bytesProcessed; // undefined when no run reported bytes
 * onDemandCostUsd(2 ** 40) // 6.25
 */
import type { MaterializationRecord } from './runstore/index.ts';

/** BigQuery's on-demand list price per TiB scanned (US multi-region); TRELLIS_BIGQUERY_USD_PER_TIB overrides it. */
export const ON_DEMAND_USD_PER_TIB = 6.25;

export interface Estimate {
  readonly durationMs?: number;
  readonly bytesProcessed?: number;
}

const mean = (values: readonly number[]): number | undefined =>
  values.length ? values.reduce((t, v) => t + v, 0) / values.length : undefined;

export function estimateFromHistory(history: readonly MaterializationRecord[]): Estimate {
  const bytes = history.map((m) => m.metadata.bytes_processed).filter((b): b is number => typeof b === 'number' && Number.isFinite(b));
  return { durationMs: mean(history.map((m) => m.durationMs)), bytesProcessed: mean(bytes) };
}

export function onDemandCostUsd(bytes: number, env: NodeJS.ProcessEnv = process.env): number {
  const perTib = Number(env.TRELLIS_BIGQUERY_USD_PER_TIB ?? ON_DEMAND_USD_PER_TIB);
  return (bytes / 2 ** 40) * (Number.isFinite(perTib) && perTib >= 0 ? perTib : ON_DEMAND_USD_PER_TIB);
}
