/**
 * How the UI writes durations, dates and numbers: short, aligned, the same on
 * every page. An absent value is an em dash.
 *
 * @example
 * formatDuration(1534) // '1.5 s'
 * formatNumber(1234567) // '1,234,567'
 */

// Durations are written by core's formatter, the CLI's too (a pure module the bundle can import).
import { NONE } from '../../../core/format.ts';

export { formatDuration, NONE } from '../../../core/format.ts';

/**
 * An ISO date as `YYYY-MM-DD HH:MM:SS`, in local time (or UTC when asked).
 *
 * @example
 * formatDateTime('2024-05-01T13:45:12.345Z', { utc: true }) // '2024-05-01 13:45:12'
 */
export function formatDateTime(iso: string | null | undefined, opts: { readonly utc?: boolean } = {}): string {
  if (!iso) return NONE;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const [y, mo, day, h, mi, s] = opts.utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  return `${y}-${pad(mo)}-${pad(day)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
}

/**
 * How long ago `iso` was, seen from `now`: `just now`, `42 s ago`, `3 min ago`, `5 h ago`, `2 d ago`.
 *
 * @example
 * formatAgo('2024-05-01T12:00:00Z', Date.parse('2024-05-01T12:03:10Z')) // '3 min ago'
 */
export function formatAgo(iso: string | null | undefined, now: number): string {
  if (!iso) return NONE;
  const seconds = Math.floor((now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds)) return iso;
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/**
 * A number with thousands separators and at most `digits` decimals.
 *
 * @example
 * formatNumber(0.123456) // '0.123'
 */
export function formatNumber(n: number | null | undefined, digits = 3): string {
  if (n === null || n === undefined) return NONE;
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/**
 * A cell of a data preview: values as the warehouse gave them, `null` spelled out, objects as JSON.
 *
 * @example
 * formatCell(null) // 'null'
 * formatCell({ a: 1 }) // '{"a":1}'
 */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * A version hash cut to what a person compares at a glance.
 *
 * @example
 * shortVersion('3f2a9c0e81b4d5e6') // '3f2a9c0e'
 */
export function shortVersion(version: string | null | undefined, length = 8): string {
  return version ? version.slice(0, length) : NONE;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
