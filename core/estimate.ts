/**
 * What a planned step is expected to cost, from its last materializations:
 * the mean duration and, on an engine that reports them, the mean bytes
 * processed and billed by all its query jobs (its SQL, its checks and its
 * data version's fingerprint) and their on-demand price (BigQuery bills by
 * bytes scanned, at least 10 MB per query).
 *
 * @example
 * const e = estimateFromHistory(store.materializationHistory('marts.orders', 5));
 * e.durationMs; e.bytesProcessed; e.bytesBilled; // undefined when no run reported bytes
 * onDemandCostUsd(2 ** 40) // 6.25
 */
import type { MaterializationRecord } from './runstore/index.ts';

/** BigQuery's on-demand list price per TiB scanned (US multi-region); TRELLIS_BIGQUERY_USD_PER_TIB overrides it. */
export const ON_DEMAND_USD_PER_TIB = 6.25;

export interface Estimate {
  readonly durationMs?: number;
  readonly bytesProcessed?: number;
  readonly bytesBilled?: number;
}

/** The materialization metadata fields that hold what its jobs scanned and billed: the SQL's, the checks', the data version's. */
const PROCESSED = ['bytes_processed', 'check_bytes_processed', 'version_bytes_processed'] as const;
const BILLED = ['bytes_billed', 'check_bytes_billed', 'version_bytes_billed'] as const;

const mean = (values: readonly number[]): number | undefined =>
  values.length ? values.reduce((t, v) => t + v, 0) / values.length : undefined;

/** The sum of `fields` in `metadata`, or undefined when none is a number (an engine without jobs). */
function total(metadata: Readonly<Record<string, unknown>>, fields: readonly string[]): number | undefined {
  const values = fields.map((f) => metadata[f]).filter((b): b is number => typeof b === 'number' && Number.isFinite(b));
  return values.length ? values.reduce((t, v) => t + v, 0) : undefined;
}

export function estimateFromHistory(history: readonly MaterializationRecord[]): Estimate {
  const known = (values: readonly (number | undefined)[]) => values.filter((v): v is number => v !== undefined);
  return {
    durationMs: mean(history.map((m) => m.durationMs)),
    bytesProcessed: mean(known(history.map((m) => total(m.metadata, PROCESSED)))),
    bytesBilled: mean(known(history.map((m) => total(m.metadata, BILLED)))),
  };
}

export function onDemandCostUsd(bytes: number, env: NodeJS.ProcessEnv = process.env): number {
  const perTib = Number(env.TRELLIS_BIGQUERY_USD_PER_TIB ?? ON_DEMAND_USD_PER_TIB);
  return (bytes / 2 ** 40) * (Number.isFinite(perTib) && perTib >= 0 ? perTib : ON_DEMAND_USD_PER_TIB);
}
