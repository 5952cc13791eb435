/**
 * The newest state of every materialized asset, packed into one text with
 * the offsets of its fields, and read as a ReadonlyMap by key.
 *
 * Why packed: at 100,000 assets, six columns a row make 700,000 strings and
 * arrays that live as long as the plan, and the garbage collector copies
 * each of them; one text (kept in V8's large-object space, never copied)
 * and one Int32Array of offsets cost a few allocations in all. Staleness
 * compares inside the text (`codeVersionIs`, `builtFromCurrent`); an
 * AssetState object is made only for the assets it explains, or for `get`.
 *
 * @example
 * const states = store.latestStates();
 * states.get('carttrend_clean.Clients')?.dataVersion // 'a1b2…'
 * const rows = states.rowsOf(graph); // row of each graph position, or -1
 * states.codeVersionIs(rows[0]!, graph.definitionAt(0).codeVersion) // true when the code is as built
 */
import type { AssetGraph } from '../graph.ts';
import type { AssetKey } from '../keys.ts';
import type { InputIds } from './input-ids.ts';
import { toAssetState, type AssetStateRow } from './rows.ts';
import type { AssetState } from './types.ts';

/** key, runId, codeVersion, dataVersion, depsText, inputsText. */
const FIELDS = 6;
const KEY = 0;
const RUN_ID = 1;
const CODE_VERSION = 2;
const DATA_VERSION = 3;
const DEPS = 4;
const INPUTS = 5;
/** Between fields in the packed text, as the store's SQL joins them (char(31), the unit separator). */
export const FIELD_SEPARATOR = '\x1f';

export class AssetStates implements ReadonlyMap<AssetKey, AssetState> {
  readonly #text: string;
  /** Field f of row r is #text[#start[r * 6 + f] .. #start[r * 6 + f + 1] - 1): one separator follows each field. */
  readonly #start: Int32Array;
  readonly #count: number;
  /** Which materializations each row was built from, when the store read them (input-ids.ts). */
  readonly #ids: InputIds | undefined;

  private constructor(text: string, start: Int32Array, count: number, ids?: InputIds) {
    this.#text = text;
    this.#start = start;
    this.#count = count;
    this.#ids = ids;
  }

  /**
   * Parses `count` rows whose fields were joined by FIELD_SEPARATOR in SQL, with
   * the input ids of the same rows in the same order if known; undefined when a
   * field holds the separator itself (the caller reads rows then).
   */
  static parse(count: number, text: string | null, ids?: InputIds): AssetStates | undefined {
    const start = new Int32Array(count * FIELDS + 1);
    if (count === 0) return new AssetStates('', start, 0);
    if (text === null) return undefined;
    let at = 0;
    for (let f = 0; f < count * FIELDS - 1; f++) {
      start[f] = at;
      const next = text.indexOf(FIELD_SEPARATOR, at);
      if (next < 0) return undefined;
      at = next + 1;
    }
    start[count * FIELDS - 1] = at;
    if (text.indexOf(FIELD_SEPARATOR, at) >= 0) return undefined;
    start[count * FIELDS] = text.length + 1;
    const states = new AssetStates(text, start, count, ids);
    return states.#sorted() ? states : undefined;
  }

  /** From rows as arrays, sorted by key here; offsets come from the lengths, so any text is kept as it is. */
  static fromRows(unsorted: readonly AssetStateRow[]): AssetStates {
    const rows = unsorted.slice().sort(byKey);
    const parts = new Array<string>(rows.length * FIELDS);
    const start = new Int32Array(rows.length * FIELDS + 1);
    let at = 0;
    for (let r = 0; r < rows.length; r++) {
      for (let f = 0; f < FIELDS; f++) {
        const part = String(rows[r]![f]);
        parts[r * FIELDS + f] = part;
        start[r * FIELDS + f] = at;
        at += part.length + 1;
      }
    }
    start[rows.length * FIELDS] = at;
    return new AssetStates(parts.join(FIELD_SEPARATOR), start, rows.length);
  }

  /** The same states packed (returned as they are when they already are). */
  static of(states: ReadonlyMap<AssetKey, AssetState>): AssetStates {
    if (states instanceof AssetStates) return states;
    const rows: AssetStateRow[] = [];
    for (const [key, s] of states) rows.push([key, s.runId, s.codeVersion, s.dataVersion, s.depsText, s.inputsText]);
    return AssetStates.fromRows(rows);
  }

  get size(): number {
    return this.#count;
  }

  /** The row of `key`, or -1: a binary search, as rows are sorted by key. */
  row(key: AssetKey): number {
    let low = 0;
    let high = this.#count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const order = this.#compareKey(middle, key);
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /**
   * The row of each position of `graph` (-1 for an asset never materialized);
   * rows of assets not in it are left out. Both sides are sorted by key, so
   * one merge matches them, comparing in place (a key cut from the text and
   * looked up in a Map costs about ten times more).
   */
  rowsOf(graph: AssetGraph): Int32Array {
    const rows = new Int32Array(graph.size).fill(-1);
    const byKey = graph.positionsByKey();
    let r = 0;
    for (let k = 0; k < byKey.length && r < this.#count; k++) {
      const p = byKey[k]!;
      const key = graph.keys[p]!;
      let order = this.#compareKey(r, key);
      while (order < 0 && ++r < this.#count) order = this.#compareKey(r, key);
      if (order === 0) rows[p] = r++;
    }
    return rows;
  }

  keyAt(r: number): AssetKey {
    return this.#field(r, KEY);
  }

  runIdAt(r: number): number {
    const text = this.#text;
    const end = this.#start[r * FIELDS + RUN_ID + 1]! - 1;
    let id = 0;
    for (let i = this.#start[r * FIELDS + RUN_ID]!; i < end; i++) id = id * 10 + text.charCodeAt(i) - 48;
    return id;
  }

  dataVersionAt(r: number): string {
    return this.#field(r, DATA_VERSION);
  }

  codeVersionIs(r: number, version: string): boolean {
    return this.#fieldIs(r, CODE_VERSION, version);
  }

  dataVersionIs(r: number, version: string | undefined): boolean {
    return version !== undefined && this.#fieldIs(r, DATA_VERSION, version);
  }

  /**
   * Whether row r was built from exactly the upstreams of position p (keys in
   * order) and each at the data version its own row (in `rows`, by position) holds now.
   * Each upstream's current materialization is the one row r recorded, in the
   * common case: that is settled by ids; otherwise keys and versions are compared.
   */
  builtFromCurrent(r: number, graph: AssetGraph, p: number, rows: Int32Array): boolean {
    return this.#builtFromCurrentIds(r, graph, p, rows) || this.#builtFromCurrentText(r, graph, p, rows);
  }

  /** True when row r recorded, for each upstream of p in order, the materialization its row holds now. */
  #builtFromCurrentIds(r: number, graph: AssetGraph, p: number, rows: Int32Array): boolean {
    const ids = this.#ids;
    // A row whose own id is unknown was written before ids: its recorded inputs are not listed.
    if (!ids || Number.isNaN(ids.own[r])) return false;
    const count = graph.upstreamCount(p);
    let e = ids.start[r]!;
    if (ids.start[r + 1]! - e !== count) return false;
    for (let i = 0; i < count; i++, e++) {
      const rq = rows[graph.upstreamPosition(p, i)]!;
      if (rq < 0 || ids.inputs[e] !== ids.own[rq]) return false;
    }
    return true;
  }

  #builtFromCurrentText(r: number, graph: AssetGraph, p: number, rows: Int32Array): boolean {
    const text = this.#text;
    const start = this.#start;
    const count = graph.upstreamCount(p);
    let d = start[r * FIELDS + DEPS]!;
    let v = start[r * FIELDS + INPUTS]!;
    const depsEnd = start[r * FIELDS + DEPS + 1]! - 1;
    const inputsEnd = start[r * FIELDS + INPUTS + 1]! - 1;
    if (count === 0) return d === depsEnd;
    for (let i = 0; i < count; i++) {
      const q = graph.upstreamPosition(p, i);
      const rq = rows[q]!;
      if (rq < 0) return false;
      // The upstream's key (its row holds it) and version are compared in place: a slice would allocate,
      // and its row is one place in memory where the graph's key is another.
      if (!sameSpan(text, d, depsEnd, start[rq * FIELDS + KEY]!, start[rq * FIELDS + KEY + 1]! - 1)) return false;
      d += start[rq * FIELDS + KEY + 1]! - 1 - start[rq * FIELDS + KEY]!;
      const from = start[rq * FIELDS + DATA_VERSION]!;
      const to = start[rq * FIELDS + DATA_VERSION + 1]! - 1;
      if (!sameSpan(text, v, inputsEnd, from, to)) return false;
      v += to - from;
      const last = i === count - 1;
      if (last ? d !== depsEnd || v !== inputsEnd : text.charCodeAt(d) !== 10 || text.charCodeAt(v) !== 10) return false;
      d++;
      v++;
    }
    return true;
  }

  /** The state at row r as an object (made at each call). */
  at(r: number): AssetState {
    return toAssetState([this.keyAt(r), this.runIdAt(r), this.#field(r, CODE_VERSION), this.dataVersionAt(r),
      this.#field(r, DEPS), this.#field(r, INPUTS)]);
  }

  get(key: AssetKey): AssetState | undefined {
    const r = this.row(key);
    return r < 0 ? undefined : this.at(r);
  }

  has(key: AssetKey): boolean {
    return this.row(key) >= 0;
  }

  forEach(callback: (state: AssetState, key: AssetKey, map: ReadonlyMap<AssetKey, AssetState>) => void, thisArg?: unknown): void {
    for (let r = 0; r < this.#count; r++) callback.call(thisArg, this.at(r), this.keyAt(r), this);
  }

  *entries(): MapIterator<[AssetKey, AssetState]> {
    for (let r = 0; r < this.#count; r++) yield [this.keyAt(r), this.at(r)];
  }

  *keys(): MapIterator<AssetKey> {
    for (let r = 0; r < this.#count; r++) yield this.keyAt(r);
  }

  *values(): MapIterator<AssetState> {
    for (let r = 0; r < this.#count; r++) yield this.at(r);
  }

  [Symbol.iterator](): MapIterator<[AssetKey, AssetState]> {
    return this.entries();
  }

  #field(r: number, f: number): string {
    return this.#text.slice(this.#start[r * FIELDS + f]!, this.#start[r * FIELDS + f + 1]! - 1);
  }

  /** Negative, zero or positive as the key of row r sorts before, as or after `key` (by UTF-16 code units, as `sort` does). */
  #compareKey(r: number, key: string): number {
    const from = this.#start[r * FIELDS + KEY]!;
    return compareSpans(this.#text, from, this.#start[r * FIELDS + KEY + 1]! - 1, key, 0, key.length);
  }

  /** Whether keys strictly ascend (SQLite's order is by UTF-8 bytes, which can differ from `sort`'s beyond the BMP). */
  #sorted(): boolean {
    const text = this.#text;
    const start = this.#start;
    for (let r = 1; r < this.#count; r++) {
      const previous = start[(r - 1) * FIELDS + KEY]!;
      const from = start[r * FIELDS + KEY]!;
      if (compareSpans(text, previous, start[(r - 1) * FIELDS + KEY + 1]! - 1, text, from, start[r * FIELDS + KEY + 1]! - 1) >= 0) return false;
    }
    return true;
  }

  #fieldIs(r: number, f: number, value: string): boolean {
    const from = this.#start[r * FIELDS + f]!;
    return this.#start[r * FIELDS + f + 1]! - 1 - from === value.length && this.#text.startsWith(value, from);
  }
}

function byKey(a: AssetStateRow, b: AssetStateRow): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** Negative, zero or positive as a[aFrom .. aTo) sorts before, as or after b[bFrom .. bTo), by UTF-16 code units. */
function compareSpans(a: string, aFrom: number, aTo: number, b: string, bFrom: number, bTo: number): number {
  const common = Math.min(aTo - aFrom, bTo - bFrom);
  for (let i = 0; i < common; i++) {
    const order = a.charCodeAt(aFrom + i) - b.charCodeAt(bFrom + i);
    if (order !== 0) return order;
  }
  return (aTo - aFrom) - (bTo - bFrom);
}

/** Whether text[at ..) starts with text[from .. to) and that span ends by `end`. */
function sameSpan(text: string, at: number, end: number, from: number, to: number): boolean {
  if (at + to - from > end) return false;
  for (let k = 0; k < to - from; k++) if (text.charCodeAt(at + k) !== text.charCodeAt(from + k)) return false;
  return true;
}
