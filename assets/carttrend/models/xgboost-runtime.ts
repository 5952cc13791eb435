/**
 * Loads ml-xgboost (xgboost 0.7x compiled to WebAssembly) once per thread,
 * quietly and without side effects on the host: its Emscripten glue prints a
 * harmless "wasm streaming compile failed … falling back" warning and
 * registers a process-wide 'uncaughtException' handler that rethrows; we drop
 * the former and remove the latter. Load it inside a worker (ctx.compute).
 *
 * @example
 * const XGBoost = await loadXGBoost();
 * const model = new XGBoost({ max_depth: 3, eta: 0.1, iterations: 100, subsample: 1 });
 * try { model.train(X, y); model.predict(Xtest); } finally { model.free(); }
 */
import { createRequire } from 'node:module';
import type { XGBoostClass } from 'ml-xgboost';

const LOAD_NOISE = /wasm streaming compile failed|falling back to ArrayBuffer instantiation/;

let loading: Promise<XGBoostClass> | undefined;

export function loadXGBoost(): Promise<XGBoostClass> {
  loading ??= quietLoad();
  return loading;
}

async function quietLoad(): Promise<XGBoostClass> {
  const handlers = new Set(process.listeners('uncaughtException'));
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!LOAD_NOISE.test(String(args[0]))) warn(...args);
  };
  try {
    // require, not import: bundlers and vitest follow the package's "module" field to an untranspiled source.
    return await (createRequire(import.meta.url)('ml-xgboost') as Promise<XGBoostClass>);
  } finally {
    console.warn = warn;
    for (const handler of process.listeners('uncaughtException')) {
      if (!handlers.has(handler)) process.removeListener('uncaughtException', handler);
    }
  }
}
