/**
 * Which materializations an asset state was built from, by id: the
 * `asset_state.ids` column holds the row's own materialization id, then, per
 * upstream in the order of its recorded keys (sorted), the id of the upstream
 * materialization whose data it read (0 where that is not known), joined by
 * commas: `'57,12,40'`.
 *
 * Why: staleness asks of every asset whether its upstreams still hold the
 * data it was built from. Compared as text, each upstream's key and version
 * are read at a random place in 13 MB of states (about 60 ms at 100,000
 * assets); as ids, it is one number against another in a small typed array
 * (about 6 ms).
 *
 * Exact, not a hash: a materialization has one asset and one data version,
 * so equal ids mean the same upstream with the same data. An id is recorded
 * only when it predates the row's own materialization, so it cannot be
 * reused while the row exists (SQLite reuses a rowid only once every larger
 * one is deleted, and deleting the row's own materialization deletes the row).
 * Unequal ids prove nothing (an upstream rebuilt with identical data has a
 * new id): staleness then compares the text.
 *
 * @example
 * formatInputIds(57, ['raw.a', 'raw.b'], ['a1', 'b1'], (key) => current.get(key)) // '57,12,40'
 * const ids = InputIds.parse(2, '57,12,40;12');
 * ids!.own[1] // 12
 */

/** The current state of an upstream as the store holds it: its materialization id and data version. */
export type CurrentState = readonly [materializationId: number, dataVersion: string];

/** The `ids` text of a new state (see the module comment). */
export function formatInputIds(own: number, deps: readonly string[], inputs: readonly string[],
  current: (key: string) => CurrentState | undefined): string {
  const ids = [String(own)];
  for (let i = 0; i < deps.length; i++) {
    const state = current(deps[i]!);
    ids.push(state && state[1] === inputs[i] && state[0] < own ? String(state[0]) : '0');
  }
  return ids.join(',');
}

export class InputIds {
  /** The materialization id of each row; NaN where unknown, so that it equals no recorded input. */
  readonly own: Float64Array;
  /** The recorded inputs of row r are inputs[start[r] .. start[r + 1]). */
  readonly start: Int32Array;
  readonly inputs: Float64Array;

  private constructor(own: Float64Array, start: Int32Array, inputs: Float64Array) {
    this.own = own;
    this.start = start;
    this.inputs = inputs;
  }

  /** Parses `count` rows' `ids` joined by ';'; undefined when the text does not hold exactly that. */
  static parse(count: number, text: string | null): InputIds | undefined {
    if (count === 0) return new InputIds(new Float64Array(0), new Int32Array(1), new Float64Array(0));
    if (text === null) return undefined;
    let commas = 0;
    for (let i = text.indexOf(',', 0); i >= 0; i = text.indexOf(',', i + 1)) commas++;
    const own = new Float64Array(count).fill(NaN);
    const start = new Int32Array(count + 1);
    const inputs = new Float64Array(commas);
    let r = 0;
    let e = 0;
    /** The number being read, -1 before its first digit. */
    let value = -1;
    /** Whether that number is the row's first: its own id (empty in a row written before ids). */
    let first = true;
    for (let i = 0; i <= text.length; i++) {
      const c = i === text.length ? SEMICOLON : text.charCodeAt(i);
      const digit = c - 48;
      if (digit >= 0 && digit <= 9) {
        value = value < 0 ? digit : value * 10 + digit;
        continue;
      }
      if (first) {
        if (value >= 0) own[r] = value;
        else if (c === COMMA) return undefined;
        first = false;
      } else if (value < 0) {
        return undefined;
      } else {
        inputs[e++] = value;
      }
      value = -1;
      if (c === SEMICOLON) {
        if (++r > count) return undefined;
        start[r] = e;
        first = true;
      } else if (c !== COMMA) {
        return undefined;
      }
    }
    return r === count ? new InputIds(own, start, inputs) : undefined;
  }
}

const COMMA = 44;
const SEMICOLON = 59;
