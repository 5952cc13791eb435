/**
 * A seeded train/test split, as scikit-learn's `train_test_split` does it
 * (test size rounded up, the rest for training), with our own seeded
 * generator: the same seed and row count always give the same split.
 *
 * @example
 * const { train, test } = trainTestSplit(100, 0.2, 42);
 * test.length // 20, train.length // 80
 */
import { Random } from '../demo-data/random.ts';

export interface Split {
  /** Row indices, in shuffled order. */
  readonly train: readonly number[];
  readonly test: readonly number[];
}

export function trainTestSplit(rows: number, testShare: number, seed: number): Split {
  if (!Number.isInteger(rows) || rows < 2) throw new RangeError(`cannot split ${rows} rows into a training and a test set; need at least 2`);
  if (!(testShare > 0 && testShare < 1)) throw new RangeError(`testShare must lie strictly between 0 and 1, got ${testShare}`);
  const testSize = Math.min(rows - 1, Math.ceil(testShare * rows));
  const rng = new Random(seed);
  const order = Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return { test: order.slice(0, testSize), train: order.slice(testSize) };
}
