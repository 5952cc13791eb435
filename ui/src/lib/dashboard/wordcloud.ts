/**
 * A word cloud layout: words sorted by weight, placed from the centre along
 * an Archimedean spiral at the first spot where their box overlaps no word
 * already placed. Deterministic (same words, same picture), no canvas needed:
 * a word's box is estimated from its length and font size.
 *
 * @example
 * layoutWords([{ text: 'LIVRAISON', weight: 40 }, { text: 'PRIX', weight: 12 }], 600, 300)
 * // [{ text: 'LIVRAISON', x: 300, y: 150, size: 40, ... }, ...]
 */

export interface Word {
  readonly text: string;
  readonly weight: number;
}

export interface PlacedWord extends Word {
  /** Centre of the word, in pixels from the top left. */
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

interface Box { x0: number; y0: number; x1: number; y1: number }

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

export function layoutWords(words: readonly Word[], width: number, height: number, sizes: readonly [number, number] = [11, 42]): PlacedWord[] {
  const sorted = [...words].filter((w) => w.weight > 0).sort((a, b) => b.weight - a.weight || a.text.localeCompare(b.text));
  if (!sorted.length) return [];
  const max = Math.sqrt(sorted[0]!.weight);
  const min = Math.sqrt(sorted[sorted.length - 1]!.weight);
  const placed: PlacedWord[] = [];
  const boxes: Box[] = [];
  for (const word of sorted) {
    const t = max === min ? 1 : (Math.sqrt(word.weight) - min) / (max - min);
    const size = Math.round(sizes[0] + t * (sizes[1] - sizes[0]));
    const w = word.text.length * size * 0.6 + 4;
    const h = size * 1.1;
    for (let step = 0; step < 2000; step++) {
      const angle = step * 0.35;
      const radius = 2 * angle;
      const x = width / 2 + radius * Math.cos(angle) * (width / height);
      const y = height / 2 + radius * Math.sin(angle);
      const box = { x0: x - w / 2, y0: y - h / 2, x1: x + w / 2, y1: y + h / 2 };
      if (box.x0 < 0 || box.y0 < 0 || box.x1 > width || box.y1 > height) {
        if (radius > Math.max(width, height)) break;
        continue;
      }
      if (boxes.some((b) => overlaps(b, box))) continue;
      boxes.push(box);
      placed.push({ ...word, x, y, size });
      break;
    }
  }
  return placed;
}
