/**
 * Cron expressions in a time zone, on croner (pinned 11.0.1). Daylight saving
 * time is handled as Vixie cron does: a time that does not exist (02:30 on
 * the spring-forward night in Europe/Paris) fires once when the clock jumps
 * (03:00 local), and a time that happens twice (02:30 on the autumn night)
 * fires once, at its first occurrence; an hourly job keeps firing every real hour.
 *
 * @example
 * const daily = { cron: '0 2 * * *', timezone: 'Europe/Paris' };
 * ticksBetween(daily, new Date('2026-03-28T00:00Z'), new Date('2026-03-30T00:00Z'))
 * // [2026-03-28T01:00Z, 2026-03-29T00:00Z]
 */
import { Cron } from 'croner';

export interface CronSpec {
  readonly cron: string;
  /** An IANA time zone; default UTC. */
  readonly timezone?: string;
}

/** Safety bound: a `* * * * *` schedule after a year offline is recorded as this many missed ticks at most. */
export const MAX_TICKS = 10_000;

const compiled = new Map<string, Cron>();

function compile(spec: CronSpec): Cron {
  const id = `${spec.timezone ?? 'UTC'} ${spec.cron}`;
  let cron = compiled.get(id);
  if (!cron) {
    cron = new Cron(spec.cron, { timezone: spec.timezone ?? 'UTC', paused: true });
    compiled.set(id, cron);
  }
  return cron;
}

/** What is wrong with a cron expression or time zone, or undefined when both are valid. */
export function cronProblem(spec: CronSpec): { readonly field: 'cron' | 'timezone'; readonly message: string; readonly fix: string } | undefined {
  if (spec.timezone !== undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: spec.timezone });
    } catch {
      return { field: 'timezone', message: `'${spec.timezone}' is not a time zone`, fix: "use an IANA name such as 'Europe/Paris' or 'UTC'" };
    }
  }
  try {
    new Cron(spec.cron, { timezone: spec.timezone ?? 'UTC', paused: true });
    return undefined;
  } catch (error) {
    return { field: 'cron', message: `'${spec.cron}' is not a cron expression: ${(error as Error).message}`,
      fix: "write five fields 'minute hour day-of-month month day-of-week', e.g. '0 2 * * *' for 02:00 every day" };
  }
}

/** The ticks after `after` (exclusive) up to `until` (inclusive), oldest first. */
export function ticksBetween(spec: CronSpec, after: Date, until: Date): Date[] {
  const cron = compile(spec);
  const out: Date[] = [];
  for (let t = cron.nextRun(after); t && t <= until && out.length < MAX_TICKS; t = cron.nextRun(t)) out.push(t);
  return out;
}

/** The next `n` ticks strictly after `from`. */
export function nextTicks(spec: CronSpec, from: Date, n: number): Date[] {
  return compile(spec).nextRuns(n, from);
}

/** The latest tick at or before `at`, if any. */
export function previousTick(spec: CronSpec, at: Date): Date | undefined {
  return compile(spec).previousRuns(1, new Date(at.getTime() + 1000)).find((t) => t <= at)
    ?? compile(spec).previousRuns(1, at)[0];
}
