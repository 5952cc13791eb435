// Runs one exported function of a module in a worker thread (see compute.ts).
// Plain JavaScript so that it loads without a TypeScript loader; a .ts module
// (tests, projects outside the package) registers one first.
import { parentPort, workerData } from 'node:worker_threads';

const { moduleUrl, exportName, input } = workerData;
try {
  if (moduleUrl.endsWith('.ts')) (await import('tsx/esm/api')).register();
  const module = await import(moduleUrl);
  const fn = module[exportName];
  if (typeof fn !== 'function') throw new Error(`${moduleUrl} has no exported function ${exportName}`);
  parentPort.postMessage({ ok: true, value: await fn(input) });
} catch (error) {
  parentPort.postMessage({ ok: false, message: error?.message ?? String(error), stack: error?.stack });
}
