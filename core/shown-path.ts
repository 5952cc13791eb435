/**
 * A path as messages show it: relative to a folder when it lies inside it,
 * else absolute (`../other` for `/tmp/other` would make the reader work it out).
 *
 * @example
 * shownPath('/repo/data/raw', '/repo') // 'data/raw'
 * shownPath('/tmp/other', '/repo')     // '/tmp/other'
 * shownPath('/repo', '/repo')          // '.'
 */
import path from 'node:path';

export function shownPath(file: string, from: string): string {
  const relative = path.relative(from, file);
  if (relative === '') return '.';
  return relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(file) : relative;
}
