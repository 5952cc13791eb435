/**
 * Fits one XGBoost regressor of machine uptime per machine type and scores
 * it on a held-out test set against the simplest rival: predicting the
 * training mean. Pure (no warehouse): the asset runs it in a worker thread
 * through `ctx.compute(url, 'runUptimeFit', { rows, options })`, and the
 * bench can time `fitUptimeModels` directly.
 *
 * Errors are in uptime units (the scaled target is mapped back), as the
 * original did. Importances are gain-based, read from the trained trees
 * (see xgboost-trees.ts). A type with fewer than `minRows` usable rows is
 * not fitted: its test set would be too small for its RMSE to mean anything.
 *
 * @example
 * const fit = await fitUptimeModels(rows, { seed: 42 });
 * fit.models[0] // { type_machine: 'Conditionnement', rmse: 0.061, rmseMeanBaseline: 0.072, importances: {...}, ... }
 */
import type { XGBoostClass } from 'ml-xgboost';
import { trainTestSplit } from './split.ts';
import { mean, prepareUptimeData, UPTIME_FEATURES, type TypeData, type UptimeFeature, type UptimeRow } from './uptime-features.ts';
import { loadXGBoost } from './xgboost-runtime.ts';
import { gainImportances, parseXGBoostModel } from './xgboost-trees.ts';

export interface UptimeFitOptions {
  readonly trees: number;
  readonly maxDepth: number;
  readonly eta: number;
  /** Row share per tree; 1 as in Python's xgboost (ml-xgboost's own default is 0.5). */
  readonly subsample: number;
  readonly testShare: number;
  readonly seed: number;
  /** Types with fewer usable rows are skipped (reported in `skipped`). */
  readonly minRows: number;
}

export const UPTIME_FIT_DEFAULTS: UptimeFitOptions = {
  trees: 100, maxDepth: 3, eta: 0.1, subsample: 1, testShare: 0.2, seed: 42, minRows: 20,
};

export interface UptimeModelResult {
  readonly type_machine: string;
  /** Normalised gain importances (sum 1, or all 0 when no tree splits). */
  readonly importances: Readonly<Record<UptimeFeature, number>>;
  readonly mse: number;
  readonly rmse: number;
  readonly rmseMeanBaseline: number;
  readonly nTrain: number;
  readonly nTest: number;
  readonly fitMs: number;
}

export interface UptimeFit {
  readonly models: readonly UptimeModelResult[];
  readonly skipped: readonly { readonly type_machine: string; readonly rows: number; readonly reason: string }[];
  readonly rowsKept: number;
  readonly rowsDropped: number;
  readonly locationCodes: Readonly<Record<string, number>>;
  /** Time spent training and predicting, all types. */
  readonly fitMs: number;
}

export async function fitUptimeModels(rows: readonly UptimeRow[], options: Partial<UptimeFitOptions> = {}): Promise<UptimeFit> {
  const o = { ...UPTIME_FIT_DEFAULTS, ...options };
  const data = prepareUptimeData(rows);
  const XGBoost = await loadXGBoost();
  const models: UptimeModelResult[] = [];
  const skipped: UptimeFit['skipped'][number][] = [];
  for (const [type, typeData] of data.byType) {
    if (typeData.target.length < o.minRows) {
      skipped.push({ type_machine: type, rows: typeData.target.length, reason: `${typeData.target.length} usable rows, fewer than the ${o.minRows} needed for a meaningful 80/20 split` });
      continue;
    }
    models.push(fitOne(XGBoost, type, typeData, o, data.uptimeRange));
  }
  return { models, skipped, rowsKept: data.rowsKept, rowsDropped: data.rowsDropped, locationCodes: data.locationCodes,
    fitMs: models.reduce((sum, m) => sum + m.fitMs, 0) };
}

function fitOne(XGBoost: XGBoostClass, type: string, data: TypeData, o: UptimeFitOptions, uptimeRange: number): UptimeModelResult {
  const started = performance.now();
  const { train, test } = trainTestSplit(data.target.length, o.testShare, o.seed);
  const pick = <T>(values: readonly T[], indices: readonly number[]): T[] => indices.map((i) => values[i]!);
  const trainTarget = pick(data.target, train);
  const trainMean = mean(trainTarget);
  // Boosting starts from the training mean, as xgboost >= 2.0 (the original's) does; 0.7x starts
  // from 0.5 and would spend its first trees, and splits on noise, closing that gap.
  const model = new XGBoost({ booster: 'gbtree', objective: 'reg:linear', base_score: trainMean, max_depth: o.maxDepth,
    eta: o.eta, iterations: o.trees, subsample: o.subsample, colsample_bytree: 1, min_child_weight: 1 });
  try {
    try {
      model.train(pick(data.features, train), trainTarget);
    } catch (thrown) {
      // ml-xgboost throws strings (e.g. its NaN check), not Errors.
      throw new Error(`XGBoost training failed for machine type '${type}': ${String(thrown)}`);
    }
    const predicted = model.predict(pick(data.features, test));
    const fitMs = performance.now() - started;
    const actual = pick(data.target, test);
    // A scaled error times the range is the error in uptime units (the offset cancels).
    const mse = mean(actual.map((y, i) => ((predicted[i]! - y) * uptimeRange) ** 2));
    const baselineMse = mean(actual.map((y) => ((trainMean - y) * uptimeRange) ** 2));
    const gains = gainImportances(parseXGBoostModel(model.toJSON().model), UPTIME_FEATURES.length);
    const importances = Object.fromEntries(UPTIME_FEATURES.map((f, i) => [f, gains[i]!])) as Record<UptimeFeature, number>;
    return { type_machine: type, importances, mse, rmse: Math.sqrt(mse), rmseMeanBaseline: Math.sqrt(baselineMse),
      nTrain: train.length, nTest: test.length, fitMs };
  } finally {
    model.free();
  }
}

/** The worker entry point for `ctx.compute` (one structured-cloneable argument). */
export function runUptimeFit(input: { readonly rows: readonly UptimeRow[]; readonly options?: Partial<UptimeFitOptions> }): Promise<UptimeFit> {
  return fitUptimeModels(input.rows, input.options);
}
