/**
 * Materialization history as plot series, oldest first: row count and
 * duration against the time each materialization was recorded.
 */
import type { MaterializationRecord } from '../../../core/runstore/types.ts';
import type { XY } from './plot.ts';

export interface HistorySeries {
  readonly rows: readonly XY[];
  readonly durationMs: readonly XY[];
}

/**
 * @example
 * historySeries(detail.history).rows // [{ x: 1714566000000, y: 1200 }, ...] oldest first
 */
export function historySeries(history: readonly Pick<MaterializationRecord, 'createdAt' | 'rows' | 'durationMs'>[]): HistorySeries {
  const ordered = [...history].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  return {
    rows: ordered.map((m) => ({ x: Date.parse(m.createdAt), y: m.rows })),
    durationMs: ordered.map((m) => ({ x: Date.parse(m.createdAt), y: m.durationMs })),
  };
}
