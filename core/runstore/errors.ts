/**
 * Errors raised by the run store.
 *
 * @example
 * try { RunStore.open('.trellis/runs.db'); }
 * catch (e) { if (e instanceof RunStoreVersionError) console.error(e.message); }
 */
import { TrellisError } from '../errors.ts';

/** The run store was used wrongly (an unknown run, a step with no decision). */
export class RunStoreError extends TrellisError {
  override name = 'RunStoreError';
}

/** The store file was written by a newer Trellis, whose schema this code does not know. */
export class RunStoreVersionError extends RunStoreError {
  override name = 'RunStoreVersionError';
  constructor(readonly path: string, readonly found: number, readonly supported: number) {
    super(`the run store ${path} is at schema version ${found}, but this Trellis knows only up to ` +
      `version ${supported}; it was written by a newer Trellis.\n` +
      `    fix: upgrade Trellis, or set TRELLIS_HOME to another directory for this version`);
  }
}
