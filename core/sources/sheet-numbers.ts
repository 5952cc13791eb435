/**
 * Numbers read from their decimal digits in place, without making a string:
 * the integers of shared-string indexes, styles and row numbers, and the
 * plain decimals most cells hold, correctly rounded as `Number()` would.
 */

/** Powers of ten a double holds exactly: a mantissa under 2^53 divided by one of them is correctly rounded. */
const EXACT_POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** The integer written with decimal digits only between `from` and `to`, or undefined. */
export function digits(bytes: Buffer, from: number, to: number): number | undefined {
  if (from === to || to - from > 15) return undefined;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return n;
}

/**
 * A plain decimal (`-12.5`, `45292`) parsed from its digits, correctly
 * rounded as `Number()` would (at most 15 significant digits and an exact
 * power of ten); undefined for anything else, which `Number()` then parses.
 */
export function decimal(bytes: Buffer, from: number, to: number): number | undefined {
  let i = from;
  const negative = bytes[i] === 45;
  if (negative) i++;
  let mantissa = 0;
  let count = 0;
  let scale = -1;
  for (; i < to; i++) {
    const code = bytes[i]!;
    if (code === 46 && scale < 0) {
      scale = 0;
      continue;
    }
    const d = code - 48;
    if (d < 0 || d > 9) return undefined;
    mantissa = mantissa * 10 + d;
    count++;
    if (scale >= 0) scale++;
  }
  if (count === 0 || count > 15) return undefined;
  const value = scale > 0 ? mantissa / EXACT_POWERS[scale]! : mantissa;
  return negative ? -value : value;
}

