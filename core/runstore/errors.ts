/**
 * Errors raised by the run store.
 *
 * @example
 * try { RunStore.open('.trellis/runs.db'); }
 * catch (e) { if (e instanceof RunStoreVersionError) console.error(e.message); }
 */
import fs from 'node:fs';
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

/** How long a writer waits for another before giving up (the store's busy_timeout). */
export const BUSY_TIMEOUT_MS = 5000;

/** Another process held the store's write lock for longer than the store waits. */
export class RunStoreLockedError extends RunStoreError {
  override name = 'RunStoreLockedError';
  constructor(readonly path: string, cause: unknown) {
    super(`the run store ${path} stayed locked by another process for more than ${BUSY_TIMEOUT_MS / 1000} s; nothing was written`, {
      cause, fix: `another program (or a Trellis command) is writing to it: run again when it is done; \`fuser ${path}\` shows who has it open` });
  }
}

/** The store file is damaged (or is not a run store). */
export class RunStoreCorruptError extends RunStoreError {
  override name = 'RunStoreCorruptError';
  constructor(readonly path: string, cause: unknown) {
    super(`the run store ${path} is damaged: ${(cause as Error).message}`, {
      cause, fix: 'run `trellis store repair`: it keeps the damaged file beside the new one and salvages what it can; the warehouse is not touched' });
  }
}

/** The disk holding the store is full. */
export class RunStoreFullError extends RunStoreError {
  override name = 'RunStoreFullError';
  constructor(readonly path: string, cause: unknown) {
    super(`the disk holding the run store ${path} is full: ${(cause as Error).message}`, {
      cause, fix: `free space there (\`df -h ${dirnameOf(path)}\`) and run again; the last good tables are kept` });
  }
}

/** The store (or its directory) cannot be written. */
export class RunStoreReadOnlyError extends RunStoreError {
  override name = 'RunStoreReadOnlyError';
  constructor(readonly path: string, cause: unknown) {
    super(`the run store ${path} cannot be written: ${(cause as Error).message}`, {
      cause, fix: `make ${dirnameOf(path)} and its files writable by this user, or set TRELLIS_HOME to a writable directory` });
  }
}

const dirnameOf = (file: string) => file.slice(0, Math.max(1, file.lastIndexOf('/')));

function diskIsFull(dir: string): boolean {
  try {
    return fs.statfsSync(dir).bavail === 0;
  } catch {
    return false;
  }
}

/**
 * The typed error for a SQLite failure that is about the file, not about a
 * query (locked, damaged, full, read-only), or the error itself.
 */
export function storeFailure(error: unknown, path: string): unknown {
  const code = String((error as { code?: unknown })?.code ?? '');
  if (error instanceof RunStoreError || !code.startsWith('SQLITE_')) return error;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new RunStoreLockedError(path, error);
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return new RunStoreCorruptError(path, error);
  if (code === 'SQLITE_FULL' || /ENOSPC|no space/i.test((error as Error).message)) return new RunStoreFullError(path, error);
  // A full disk often surfaces as a bare I/O error (the WAL index cannot grow): ask the file system.
  if (code.startsWith('SQLITE_IOERR') && diskIsFull(dirnameOf(path))) return new RunStoreFullError(path, error);
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) return new RunStoreReadOnlyError(path, error);
  return error;
}
