// ml-xgboost 1.1.2 ships no types. Its CommonJS `module.exports` is a Promise
// that resolves to the XGBoost class once the WebAssembly module is ready.
declare module 'ml-xgboost' {
  /** xgboost 0.7x parameter names; the package's own defaults differ (subsample 0.5, max_depth 5, 200 iterations). */
  export interface XGBoostOptions {
    readonly booster?: 'gbtree';
    readonly objective?: 'reg:linear' | 'binary:logistic' | 'multi:softmax';
    /** Initial prediction of every row (0.7x default 0.5; xgboost >= 2.0 estimates it from the target). */
    readonly base_score?: number;
    readonly max_depth?: number;
    readonly eta?: number;
    readonly min_child_weight?: number;
    readonly subsample?: number;
    readonly colsample_bytree?: number;
    readonly silent?: number;
    /** Number of boosting rounds (trees). */
    readonly iterations?: number;
  }

  /** `model` holds the legacy binary model as signed bytes (-128..127). */
  export interface XGBoostJson {
    readonly name: 'ml-xgboost';
    readonly model: number[];
    readonly options: Record<string, unknown>;
  }

  export interface XGBoostModel {
    /** Throws a string (not an Error) when a value is NaN. */
    train(features: readonly (readonly number[])[], labels: readonly number[]): void;
    predict(features: readonly (readonly number[])[]): number[];
    toJSON(): XGBoostJson;
    /** Releases the model's WebAssembly memory, which is never garbage collected. */
    free(): void;
  }

  export interface XGBoostClass {
    new (options: XGBoostOptions): XGBoostModel;
    load(json: XGBoostJson): XGBoostModel;
  }

  const ready: Promise<XGBoostClass>;
  export default ready;
}
