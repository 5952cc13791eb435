/**
 * How Trellis writes a duration for people, in the terminal and in the web
 * app alike. Dependency-free, so the browser bundle can import this module
 * directly (core/index.ts would pull Node-only code into it).
 *
 * @example
 * formatDuration(850)     // '850 ms'
 * formatDuration(1534)    // '1.5 s'
 * formatDuration(185_000) // '3 min 05 s'
 */

/** What an absent value prints as. */
export const NONE = '—';

const pad = (n: number): string => String(n).padStart(2, '0');

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return NONE;
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  // Rounded once, to whole seconds, so 119.6 s is '2 min 00 s', never '1 min 60 s'.
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${pad(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${pad(minutes % 60)} min`;
}

/** Bytes in binary units: `512 B`, `1.5 KiB`, `3.2 GiB`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return NONE;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
