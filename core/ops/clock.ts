/**
 * The Trellis clock: what "now" is for schedules, automation, retries and
 * freshness. `--now` or TRELLIS_NOW sets it (tests drive the daemon with it;
 * the system clock is never changed); time then moves on from that instant.
 *
 * @example
 * const clock = trellisClock({ TRELLIS_NOW: '2026-03-29T00:59:00Z' });
 * clock().toISOString() // '2026-03-29T00:59:00.000Z' (plus the time elapsed since)
 */
import { UsageError } from '../errors.ts';

export type Clock = () => Date;

/** Parses an instant given on the command line or in TRELLIS_NOW; `from` names it in the error. */
export function parseInstant(text: string, from: string): Date {
  const at = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(at.getTime())) {
    throw new UsageError(`${from} must be an ISO instant such as 2026-03-29T02:00:00Z, got '${text}'`,
      { fix: 'write the date, a T, the time and a zone (Z or +01:00)' });
  }
  return at;
}

/** The clock for a command: `--now` first, then TRELLIS_NOW, else the system clock. */
export function trellisClock(env: NodeJS.ProcessEnv, now?: string): Clock {
  const text = now ?? env.TRELLIS_NOW;
  if (!text) return () => new Date();
  const start = parseInstant(text, now !== undefined ? '--now' : 'TRELLIS_NOW');
  const offset = start.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}
