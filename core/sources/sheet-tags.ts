/**
 * A sheet's tags read in place over its inflated bytes: where a tag name
 * ends, where the `r`, `t` and `s` attribute values lie, and the text of a
 * cell reference; nothing is decoded or allocated per tag.
 */

export const LT = 60;
export const GT = 62;
export const SLASH = 47;
const EQUALS = 61;
const COLON = 58;

/** True for the byte that ends a tag name: whitespace, `>` or `/`. */
export function isNameEnd(code: number): boolean {
  return code === 32 || code === GT || code === SLASH || code === 9 || code === 10 || code === 13;
}

/** Where the `r`, `t` and `s` attribute values of one tag lie (-1 when absent), and the offset of its `>`. */
export interface Attributes {
  end: number;
  rFrom: number;
  rTo: number;
  tFrom: number;
  tTo: number;
  sFrom: number;
  sTo: number;
}

/**
 * Reads the attributes of the tag whose name ends at `at` into `found`
 * (matching local names, after any prefix) and returns it.
 */
export function attributes(bytes: Buffer, at: number, end: number, found: Attributes): Attributes {
  found.rFrom = found.tFrom = found.sFrom = -1;
  for (;;) {
    let code = bytes[at]!;
    while (at < end && (code === 32 || code === 9 || code === 10 || code === 13)) code = bytes[++at]!;
    if (at >= end || code === GT) {
      found.end = at;
      return found;
    }
    if (code === SLASH) {
      at++;
      continue;
    }
    let nameStart = at;
    while (at < end && code !== EQUALS && code !== GT && code !== 32) {
      if (code === COLON) nameStart = at + 1;
      code = bytes[++at]!;
    }
    const name = at - nameStart === 1 ? bytes[nameStart]! : 0;
    while (at < end && bytes[at] !== EQUALS && bytes[at] !== GT) at++;
    if (bytes[at] !== EQUALS) continue;
    at++;
    while (at < end && bytes[at] === 32) at++;
    const quote = bytes[at];
    if (quote !== 34 && quote !== 39) continue;
    const from = at + 1;
    at = from;
    while (at < end && bytes[at] !== quote) at++;
    if (name === 114 /* r */) {
      found.rFrom = from;
      found.rTo = at;
    } else if (name === 116 /* t */) {
      found.tFrom = from;
      found.tTo = at;
    } else if (name === 115 /* s */) {
      found.sFrom = from;
      found.sTo = at;
    }
    at++;
  }
}

/** The text of the `r` attribute starting at `from` (for messages), or '' when the cell had none. */
export function refText(bytes: Buffer, from: number): string {
  if (from < 0) return '';
  let to = from;
  while (to < bytes.length && bytes[to] !== 34 && bytes[to] !== 39) to++;
  return bytes.toString('utf8', from, to);
}
