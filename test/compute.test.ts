/**
 * runInWorker: a worker that ends without answering fails the call instead of
 * leaving the step (and the run) waiting forever.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInWorker } from '../core/index.ts';
import { cleanupTemp, tempDir, writeFiles } from './support/project.ts';

afterAll(cleanupTemp);

describe('runInWorker', () => {
  const dir = tempDir('trellis-compute-');
  writeFiles(dir, {
    'work.mjs': [
      'export const double = (n) => n * 2;',
      'export const quit = () => process.exit(3);',
      'export const never = () => new Promise(() => {});',
    ].join('\n'),
  });
  const module = path.join(dir, 'work.mjs');

  it('returns what the function returns', async () => {
    await expect(runInWorker(module, 'double', 21)).resolves.toBe(42);
  });

  it('fails when the worker exits without answering', async () => {
    await expect(runInWorker(module, 'quit', null)).rejects.toThrow(/quit in .*work\.mjs ended \(exit code 3\) without returning a value/);
  });

  it('fails when the function never settles and nothing keeps the worker alive', async () => {
    await expect(runInWorker(module, 'never', null)).rejects.toThrow(/never in .*work\.mjs ended \(exit code \d+\) without returning a value/);
  });

  it('refuses at once when already canceled', async () => {
    await expect(runInWorker(module, 'double', 1, AbortSignal.abort())).rejects.toThrow('canceled');
  });
});
