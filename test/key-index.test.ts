/**
 * The asset graph's key table: every key found at its first index, absent
 * keys (equal hashes included) not found, duplicates reported in order.
 */
import { describe, expect, it } from 'vitest';
import { KeyIndex, keyHash } from '../core/key-index.ts';

describe('KeyIndex', () => {
  it('finds each key at its index and nothing else', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `schema_${i % 7}.asset_${i}`);
    const { index, duplicates } = KeyIndex.of(keys);
    expect(duplicates).toEqual([]);
    for (const [i, key] of keys.entries()) expect(index.get(key)).toBe(i);
    // A flat copy finds the same index as the rope it equals.
    expect(index.get(['schema_3', 'asset_10'].join('.'))).toBe(10);
    for (const absent of ['', 'schema_0.asset_5000', 'schema_0.asset_0 ', 'schema_1.asset_0']) expect(index.get(absent)).toBeUndefined();
    expect(index.has('schema_0.asset_0')).toBe(true);
  });

  it('keeps the first index of a repeated key and lists the later ones in order', () => {
    const { index, duplicates } = KeyIndex.of(['a.x', 'a.y', 'a.x', 'b.z', 'a.y', 'a.x']);
    expect(duplicates).toEqual([2, 4, 5]);
    expect([index.get('a.x'), index.get('a.y'), index.get('b.z')]).toEqual([0, 1, 3]);
  });

  it('tells apart keys whose hashes collide', () => {
    // Known FNV-1a 32-bit collisions: each pair probes the same slots and compares equal hashes.
    const pairs = [['costarring', 'liquid'], ['declinate', 'macallums'], ['altarage', 'zinke']];
    for (const [first, second] of pairs) {
      expect(keyHash(first!)).toBe(keyHash(second!));
      expect(KeyIndex.of([first!]).index.get(second!)).toBeUndefined();
      const both = KeyIndex.of([first!, second!]);
      expect(both.duplicates).toEqual([]);
      expect([both.index.get(first!), both.index.get(second!)]).toEqual([0, 1]);
    }
  });

  it('indexes keys beyond ASCII and the empty list', () => {
    const keys = ['données.été', 'données.ete', '数据.表', 'emoji.😀'];
    const { index } = KeyIndex.of(keys);
    for (const [i, key] of keys.entries()) expect(index.get(key)).toBe(i);
    expect(index.get('emoji.😁')).toBeUndefined();
    expect(KeyIndex.of([]).index.get('a.b')).toBeUndefined();
  });
});
