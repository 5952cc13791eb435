/**
 * When things happen: the order period (Dec 2023 to Dec 2024) with its weekly
 * pattern, a year-end lift and the two irregular shocks the report treats as
 * one-off holidays (from 2023-12-30 for 20 days, from 2024-11-20 for 25 days,
 * the second alternating spikes with days without sales), plus the retail
 * events campaigns are tied to.
 *
 * @example
 * const nextOrderDay = orderDaySampler(Random.derive(42, 'calendar'));
 * isoOf(nextOrderDay()); // '2024-03-14'
 */
import { dayOf } from './formats.ts';
import type { Random } from './random.ts';

export const PERIOD = { first: dayOf('2023-12-01'), last: dayOf('2024-12-31') } as const;

export const SHOCKS = [
  { first: dayOf('2023-12-30'), days: 20 },
  { first: dayOf('2024-11-20'), days: 25 },
] as const;

/** Sunday first, as Date.getUTCDay counts. */
const WEEKDAY = [1.15, 0.85, 0.9, 0.95, 1.0, 1.1, 1.25];
/** January first. */
const MONTH = [1.05, 0.95, 1.0, 1.0, 1.0, 0.95, 1.05, 0.85, 1.0, 1.0, 1.1, 1.3];

const date = (day: number): Date => new Date(day * 86_400_000);

/** Day weights of the order period, drawn once per seed. */
export function orderDayWeights(rng: Random): { days: number[]; weights: number[] } {
  const days: number[] = [];
  const weights: number[] = [];
  for (let day = PERIOD.first; day <= PERIOD.last; day++) {
    const d = date(day);
    let w = WEEKDAY[d.getUTCDay()]! * MONTH[d.getUTCMonth()]! * (0.9 + 0.2 * rng.next());
    if (day >= SHOCKS[0].first && day < SHOCKS[0].first + SHOCKS[0].days) w *= rng.float(2, 5);
    if (day >= SHOCKS[1].first && day < SHOCKS[1].first + SHOCKS[1].days) w *= rng.chance(0.35) ? 0 : rng.float(2.5, 6);
    days.push(day);
    weights.push(w);
  }
  return { days, weights };
}

export function orderDaySampler(rng: Random): () => number {
  const { days, weights } = orderDayWeights(rng);
  return rng.weighted(days, weights);
}

export type RetailEvent = 'Noël' | 'Soldes' | 'Black Friday';

const EVENTS: readonly { event: RetailEvent; first: string; last: string }[] = [
  { event: 'Noël', first: '2023-12-01', last: '2023-12-24' },
  { event: 'Soldes', first: '2024-01-10', last: '2024-02-06' },
  { event: 'Soldes', first: '2024-06-26', last: '2024-07-23' },
  { event: 'Black Friday', first: '2024-11-22', last: '2024-12-02' },
  { event: 'Noël', first: '2024-12-03', last: '2024-12-24' },
];

/** The retail event running on a day, if any. */
export function eventOn(day: number): RetailEvent | undefined {
  return EVENTS.find((e) => day >= dayOf(e.first) && day <= dayOf(e.last))?.event;
}

/** A uniformly drawn day of the period. */
export function periodDay(rng: Random): number {
  return rng.int(PERIOD.first, PERIOD.last);
}
