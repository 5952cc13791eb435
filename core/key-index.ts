/**
 * Keys to their index in a list, in one open-addressing table of typed
 * arrays: what the asset graph looks keys up in.
 *
 * Why not a Map: at 100,000 keys a Map allocates an entry per key that the
 * garbage collector then walks, and filling it costs about twice this
 * table's build (one Int32Array of slots and one of hashes, whose contents
 * the collector never visits).
 *
 * @example
 * const { index, duplicates } = KeyIndex.of(['a.x', 'a.y', 'a.x']);
 * index.get('a.y') // 1
 * duplicates // [2]: 'a.x' is index 0's
 */
export class KeyIndex {
  readonly #keys: readonly string[];
  /** The hash of each key, by index: a probe compares it before the key itself. */
  readonly #hashes: Int32Array;
  /** Per slot, the index of the key there plus one; 0 is an empty slot. */
  readonly #slots: Int32Array;

  private constructor(keys: readonly string[], hashes: Int32Array, slots: Int32Array) {
    this.#keys = keys;
    this.#hashes = hashes;
    this.#slots = slots;
  }

  /**
   * Indexes `keys` (kept, not copied). A key that an earlier index already
   * holds stays that index's; `duplicates` lists the later indices, in order.
   */
  static of(keys: readonly string[]): { index: KeyIndex; duplicates: number[] } {
    const n = keys.length;
    // At most half full, so that a probe seldom goes past its first slot.
    let size = 16;
    while (size < 2 * n) size *= 2;
    const slots = new Int32Array(size);
    const hashes = new Int32Array(n);
    const mask = size - 1;
    const duplicates: number[] = [];
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const hash = keyHash(key);
      hashes[i] = hash;
      for (let s = hash & mask; ; s = (s + 1) & mask) {
        const j = slots[s]! - 1;
        if (j < 0) {
          slots[s] = i + 1;
          break;
        }
        if (hashes[j] === hash && keys[j] === key) {
          duplicates.push(i);
          break;
        }
      }
    }
    return { index: new KeyIndex(keys, hashes, slots), duplicates };
  }

  /** The index of `key`, or undefined. */
  get(key: string): number | undefined {
    const hash = keyHash(key);
    const slots = this.#slots;
    const mask = slots.length - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const j = slots[s]! - 1;
      if (j < 0) return undefined;
      if (this.#hashes[j] === hash && this.#keys[j] === key) return j;
    }
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
}

/** FNV-1a over UTF-16 code units: a few operations a character, spread well enough for keys that share long prefixes. */
export function keyHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash;
}
