/**
 * Makes every failure of a run store's SQLite file a typed error naming the
 * file and the fix (locked by another writer, damaged, disk full, read-only)
 * instead of a bare SqliteError: the database's statements, pragmas, scripts
 * and transactions are wrapped once, when the store is opened.
 *
 * @example
 * const db = guardDatabase(new Database(file), file);
 * db.prepare('INSERT …').run(); // throws RunStoreFullError when the disk is full
 */
import type Database from 'better-sqlite3';
import { storeFailure } from './errors.ts';

type AnyFn = (...args: any[]) => any;

function guarded<F extends AnyFn>(fn: F, path: string): F {
  return function (this: unknown, ...args: unknown[]) {
    try {
      return fn.apply(this, args);
    } catch (error) {
      throw storeFailure(error, path);
    }
  } as F;
}

export function guardDatabase(db: Database.Database, path: string): Database.Database {
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = prepare(sql) as unknown as Record<string, AnyFn>;
    for (const method of ['run', 'get', 'all', 'iterate']) statement[method] = guarded(statement[method]!.bind(statement), path);
    return statement;
  }) as unknown as typeof db.prepare;
  db.exec = guarded(db.exec.bind(db), path) as typeof db.exec;
  db.pragma = guarded(db.pragma.bind(db), path) as typeof db.pragma;
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: AnyFn) => {
    const tx = transaction(fn) as unknown as AnyFn & Record<string, AnyFn>;
    const wrapped = guarded(tx, path) as AnyFn & Record<string, AnyFn>;
    for (const variant of ['default', 'deferred', 'immediate', 'exclusive']) wrapped[variant] = guarded(tx[variant]!, path);
    return wrapped;
  }) as unknown as typeof db.transaction;
  return db;
}
