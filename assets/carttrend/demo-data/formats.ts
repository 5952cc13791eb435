/**
 * Value shapes of the real delivery: ids, ISO dates, the six phone shapes,
 * emails and IPv4 addresses (good and bad).
 *
 * @example
 * formatId('CMD', 5, 42)   // 'CMD00042'
 * isoOf(dayOf('2024-01-31') + 1)  // '2024-02-01'
 */
import type { Random } from './random.ts';

/** `prefix` + `n` padded to `width` digits (wider numbers are written in full). */
export function formatId(prefix: string, width: number, n: number): string {
  return prefix + String(n).padStart(width, '0');
}

/** The short form favourites use: `P020`, `P903`, `P1000`. */
export function shortProductId(n: number): string {
  return formatId('P', 3, n);
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date. */
export function dayOf(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

/** ISO date `YYYY-MM-DD` of a day number. */
export function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM` of the month `index` months after 2019-12 (index 0). */
export function monthLabel(first: string, index: number): string {
  const [y, m] = first.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + index;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** The six phone shapes of the real delivery, named, with the regex each matches. */
export const PHONE_SHAPES = {
  internationalDashes: /^001-\d{3}-\d{3}-\d{4}$/,        // 001-060-784-3980
  tenDigits: /^\d{10}$/,                                 // 4473622582
  parenthesesExtension: /^\(\d{3}\)\d{3}-\d{4}x\d{3,5}$/, // (474)383-1564x98932
  plusOneExtension: /^\+1-\d{3}-\d{3}-\d{4}x\d{3,5}$/,    // +1-306-970-5573x1553
  dots: /^\d{3}\.\d{3}\.\d{4}$/,                         // 559.540.4441
  internationalDashesExtension: /^001-\d{3}-\d{3}-\d{4}x\d{3,5}$/, // 001-828-004-6563x72943
} as const;

export type PhoneShape = keyof typeof PHONE_SHAPES;

const digits = (rng: Random, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
};

export function phoneNumber(rng: Random, shape: PhoneShape): string {
  const [a, b, c] = [digits(rng, 3), digits(rng, 3), digits(rng, 4)];
  const ext = digits(rng, rng.int(3, 5));
  switch (shape) {
    case 'internationalDashes': return `001-${a}-${b}-${c}`;
    case 'tenDigits': return `${a}${b}${c}`;
    case 'parenthesesExtension': return `(${a})${b}-${c}x${ext}`;
    case 'plusOneExtension': return `+1-${a}-${b}-${c}x${ext}`;
    case 'dots': return `${a}.${b}.${c}`;
    case 'internationalDashesExtension': return `001-${a}-${b}-${c}x${ext}`;
  }
}

/** Lower-case ASCII of a name, for email local parts: `Hélène Lefèvre` -> `helene`, `lefevre`. */
export function asciiSlug(name: string): string {
  return name.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** A plausible email: what staging keeps. */
export const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

export function badEmail(rng: Random, local: string, domain: string): string {
  switch (rng.int(0, 4)) {
    case 0: return `${local}@`;
    case 1: return `${local}.${domain}`;
    case 2: return `${local.replace('.', ' ')}@${domain}`;
    case 3: return `${local}@@${domain}`;
    default: return `@${domain}`;
  }
}

/** A dotted-quad IPv4 address with every octet in 0-255. */
export const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function ipAddress(rng: Random): string {
  return `${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

export function badIpAddress(rng: Random): string {
  switch (rng.int(0, 3)) {
    case 0: return `${rng.int(256, 999)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
    case 1: return `${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}`;
    case 2: return `${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}.${rng.int(1, 9)}`;
    default: return rng.pick(['inconnue', 'N/A', 'localhost', '::1']);
  }
}

/** A day in 2031-2034: after any plausible run date, so staging sees it as future. */
export function futureDay(rng: Random): number {
  return dayOf('2031-01-01') + rng.int(0, 4 * 365);
}

export const round2 = (x: number): number => Math.round(x * 100) / 100;
