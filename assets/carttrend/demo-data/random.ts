/**
 * A small seeded random generator (mulberry32): the same seed always gives
 * the same sample data, on every machine and Node version.
 *
 * @example
 * const rng = Random.derive(42, 'clients');
 * rng.int(18, 80); rng.pick(['Homme', 'Femme']); rng.chance(0.1);
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** An independent stream for one part of the data, so parts do not shift each other. */
  static derive(seed: number, label: string): Random {
    let h = (seed ^ 0x9e3779b9) >>> 0;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x85ebca6b) >>> 0;
    return new Random(h ^ (h >>> 13));
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Normal deviate (Box-Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** `count` distinct integers of [0, n), in random order. */
  sample(n: number, count: number): number[] {
    const chosen = new Set<number>();
    const out: number[] = [];
    const k = Math.min(n, count);
    // Floyd's algorithm: exactly k draws, no rejection loop.
    for (let j = n - k; j < n; j++) {
      const t = this.int(0, j);
      const v = chosen.has(t) ? j : t;
      chosen.add(v);
      out.push(v);
    }
    return out;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  /** A sampler of `items` with the given weights, drawing from this generator. */
  weighted<T>(items: readonly T[], weights: readonly number[]): () => T {
    const table = new Weighted(items, weights);
    return () => table.draw(this);
  }
}

/** Items with weights, drawn by binary search over the cumulative weights. */
export class Weighted<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(private readonly items: readonly T[], weights: readonly number[]) {
    let total = 0;
    for (const w of weights) this.cumulative.push((total += w));
    this.total = total;
  }

  draw(rng: Random): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}
