/**
 * Types raw columns the way they were delivered: a column whose non-empty
 * cells are all numbers is BIGINT (all integers) or DOUBLE, all ISO dates
 * (`YYYY-MM-DD` text or date cells) DATE, all booleans BOOLEAN; anything else
 * is VARCHAR, with numbers written as their text. Numbers stored as text in a
 * workbook stay text.
 *
 * @example
 * typeColumns([[1, '2024-01-01', 'x'], [2, '2024-01-02', 3]], 3)
 * // types BIGINT, DATE, VARCHAR; rows [[1,'2024-01-01','x'], [2,'2024-01-02','3']]
 */
import type { ColumnType } from '../../core/index.ts';

/** A cell after reading: what a workbook or CSV can hold. */
export type Scalar = string | number | boolean | Date | null;

type Kind = 'int' | 'float' | 'date' | 'timestamp' | 'bool' | 'text';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function kindOf(value: Exclude<Scalar, null>): Kind {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof Date) return value.getTime() % 86_400_000 === 0 ? 'date' : 'timestamp';
  if (isIsoDate(value)) return 'date';
  return 'text';
}

function typeOf(kinds: ReadonlySet<Kind>): ColumnType {
  if (kinds.size === 0) return 'VARCHAR';
  const only = (...allowed: Kind[]): boolean => [...kinds].every((k) => allowed.includes(k));
  if (only('int')) return 'BIGINT';
  if (only('int', 'float')) return 'DOUBLE';
  if (only('date')) return 'DATE';
  if (only('date', 'timestamp')) return 'TIMESTAMP';
  if (only('bool')) return 'BOOLEAN';
  return 'VARCHAR';
}

function convert(value: Scalar, type: ColumnType): unknown {
  if (value === null) return null;
  switch (type) {
    case 'BIGINT':
    case 'DOUBLE':
      return typeof value === 'number' ? value : Number(value);
    case 'DATE':
      return value instanceof Date ? value.toISOString().slice(0, 10) : value;
    case 'TIMESTAMP':
      return value instanceof Date ? value.toISOString() : `${value}T00:00:00.000Z`;
    case 'BOOLEAN':
      return value;
    default:
      return value instanceof Date ? value.toISOString().replace(/T00:00:00\.000Z$/, '') : String(value);
  }
}

/** Infers each column's type from its non-empty cells and converts the rows to it (in place). */
export function typeColumns(rows: Scalar[][], width: number): { types: ColumnType[]; rows: unknown[][] } {
  const kinds = Array.from({ length: width }, () => new Set<Kind>());
  for (const row of rows) {
    for (let c = 0; c < width; c++) {
      const v = row[c];
      if (v !== null && v !== undefined) kinds[c]!.add(kindOf(v));
    }
  }
  const types = kinds.map(typeOf);
  for (const row of rows) {
    for (let c = 0; c < width; c++) row[c] = convert(row[c] ?? null, types[c]!) as Scalar;
  }
  return { types, rows };
}
