/**
 * Prepares mart_Regression_Fonctionnement_Machines for the uptime models the
 * way the original Python did (appendix B.3), over all machine types at once:
 * rows with a missing or non-finite value are dropped (ml-xgboost aborts on
 * NaN), the location is label-encoded in sorted order (scikit-learn's
 * LabelEncoder), the volume standardised (mean 0, population standard
 * deviation 1) and the uptime scaled to [0, 1] (min-max).
 *
 * @example
 * const data = prepareUptimeData(rows);
 * data.byType.get('Tri')!.features[0] // [month, location code, temperature, standardised volume]
 */

/** A row of the mart (values as the warehouse returns them). */
export type UptimeRow = Readonly<Record<string, unknown>>;

/** Feature order of every feature vector, and the importance column each one feeds. */
export const UPTIME_FEATURES = ['month', 'localisation', 'temperature', 'volume_traite'] as const;
export type UptimeFeature = (typeof UPTIME_FEATURES)[number];

export interface TypeData {
  readonly features: readonly (readonly number[])[];
  /** Uptime scaled to [0, 1]. */
  readonly target: readonly number[];
}

export interface UptimeData {
  /** Per machine type, in sorted type order. */
  readonly byType: ReadonlyMap<string, TypeData>;
  /** Location code by name (0, 1, … in sorted name order). */
  readonly locationCodes: Readonly<Record<string, number>>;
  /** `uptime = scaled * range + min` turns a prediction back into uptime units. */
  readonly uptimeMin: number;
  readonly uptimeRange: number;
  readonly rowsKept: number;
  readonly rowsDropped: number;
}

interface CleanRow {
  readonly type: string;
  readonly month: number;
  readonly location: string;
  readonly temperature: number;
  readonly volume: number;
  readonly uptime: number;
}

const finite = (v: unknown): number | undefined => {
  if (v === null || v === undefined || v === '' || typeof v === 'boolean') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

function clean(row: UptimeRow): CleanRow | undefined {
  const type = text(row.type_machine);
  const location = text(row.localisation);
  const month = finite(row.month);
  const temperature = finite(row.temperature);
  const volume = finite(row.volume_traite);
  const uptime = finite(row.pourcentage_uptime);
  if (type === undefined || location === undefined || month === undefined || temperature === undefined ||
    volume === undefined || uptime === undefined) return undefined;
  return { type, month, location, temperature, volume, uptime };
}

function byEveryField(a: CleanRow, b: CleanRow): number {
  if (a.type !== b.type) return a.type < b.type ? -1 : 1;
  if (a.location !== b.location) return a.location < b.location ? -1 : 1;
  return a.month - b.month || a.temperature - b.temperature || a.volume - b.volume || a.uptime - b.uptime;
}

export function prepareUptimeData(rows: readonly UptimeRow[]): UptimeData {
  // Sorted on every field: a warehouse returns `SELECT *` in no set order (BigQuery's differs from run to run), and the
  // train/test split shuffles by position, so the fit must not depend on the order the rows arrived in.
  const kept = rows.map(clean).filter((r): r is CleanRow => r !== undefined).sort(byEveryField);
  const locations = [...new Set(kept.map((r) => r.location))].sort();
  const locationCodes = Object.fromEntries(locations.map((name, i) => [name, i]));

  const volumes = kept.map((r) => r.volume);
  const volumeMean = mean(volumes);
  const volumeSd = Math.sqrt(mean(volumes.map((v) => (v - volumeMean) ** 2))) || 1;
  // A loop, not Math.min(...values): spreading a few hundred thousand rows overflows the stack.
  let uptimeMin = kept.length ? Infinity : 0;
  let uptimeMax = kept.length ? -Infinity : 0;
  for (const r of kept) {
    uptimeMin = Math.min(uptimeMin, r.uptime);
    uptimeMax = Math.max(uptimeMax, r.uptime);
  }
  const uptimeRange = uptimeMax - uptimeMin || 1;

  const grouped = new Map<string, { features: number[][]; target: number[] }>();
  for (const type of [...new Set(kept.map((r) => r.type))].sort()) grouped.set(type, { features: [], target: [] });
  for (const r of kept) {
    const group = grouped.get(r.type)!;
    group.features.push([r.month, locationCodes[r.location]!, r.temperature, (r.volume - volumeMean) / volumeSd]);
    group.target.push((r.uptime - uptimeMin) / uptimeRange);
  }
  return { byType: grouped, locationCodes, uptimeMin, uptimeRange, rowsKept: kept.length, rowsDropped: rows.length - kept.length };
}

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length ? sum / values.length : 0;
}
