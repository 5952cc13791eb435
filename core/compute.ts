/**
 * Runs CPU-heavy asset code in a worker thread so the event loop (progress,
 * other assets, Ctrl+C) stays responsive. One worker per call: model fits
 * take far longer than a worker's start.
 *
 * @example
 * const fit = await ctx.compute(new URL('./forecast-fit.ts', import.meta.url), 'fitForecast', series);
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ENTRY = new URL('./worker-entry.js', import.meta.url);

/** Under the CLI, a `.ts` module compiled to `dist/*.js` is run compiled. */
function runnableUrl(module: URL | string): string {
  const url = typeof module === 'string' ? (module.startsWith('file:') ? module : pathToFileURL(module).href) : module.href;
  if (!url.endsWith('.ts')) return url;
  const file = fileURLToPath(url);
  const compiled = file.replace(/\.ts$/, '.js');
  if (fs.existsSync(compiled) && compiled.includes(`${path.sep}dist${path.sep}`)) return pathToFileURL(compiled).href;
  return url;
}

export function runInWorker<I, O>(module: URL | string, exportName: string, input: I, signal?: AbortSignal): Promise<O> {
  // compute.ts compiled lives in dist/core; its worker entry is the plain JS one beside the source.
  const entry = fs.existsSync(fileURLToPath(ENTRY)) ? ENTRY : new URL('../../core/worker-entry.js', import.meta.url);
  return new Promise<O>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('canceled'));
      return;
    }
    const worker = new Worker(entry, { workerData: { moduleUrl: runnableUrl(module), exportName, input } });
    // A worker that ends without answering (process.exit, a promise that never settles) must not hang the run.
    // After an answer or an error this rejection is a no-op: the promise has settled.
    worker.once('exit', (code) => {
      signal?.removeEventListener('abort', abort);
      reject(new Error(`${exportName} in ${typeof module === 'string' ? module : module.href} ended (exit code ${code}) without returning a value`));
    });
    const abort = () => {
      void worker.terminate();
      reject(new Error('canceled'));
    };
    signal?.addEventListener('abort', abort, { once: true });
    worker.once('message', (m: { ok: boolean; value?: O; message?: string; stack?: string }) => {
      signal?.removeEventListener('abort', abort);
      void worker.terminate();
      if (m.ok) resolve(m.value as O);
      else reject(Object.assign(new Error(m.message), { stack: m.stack }));
    });
    worker.once('error', (error) => {
      signal?.removeEventListener('abort', abort);
      reject(error);
    });
  });
}
