/**
 * `trellis store repair`: recovers from a damaged run store. A healthy store
 * is left alone. A damaged one is moved aside (kept, with its WAL, as
 * `runs.sqlite.damaged-<time>`), a new store is created in its place, and
 * every row SQLite can still read from the damaged copy is copied into it,
 * table by table; a table that cannot be read is reported and left out. The
 * warehouse is not touched: assets whose history was lost show as missing
 * and are rebuilt by the next `materialize`.
 *
 * @example
 * const report = repairStore('.trellis/runs.sqlite');
 * report.status // 'healthy' | 'repaired'
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { RunStore } from './store.ts';

export interface RepairReport {
  readonly status: 'healthy' | 'missing' | 'repaired';
  /** Where the damaged file was moved. */
  readonly keptAt?: string;
  /** Rows copied per table. */
  readonly salvaged: Readonly<Record<string, number>>;
  /** Tables that could not be read, with SQLite's reason. */
  readonly lost: Readonly<Record<string, string>>;
  /** SQLite's verdict on the damaged file. */
  readonly problem?: string;
}

/** Copied parents first, so that foreign keys hold. */
const TABLES = ['runs', 'steps', 'materializations', 'asset_state', 'check_results', 'events', 'source_observations', 'notifications'];

function healthProblem(path: string): string | undefined {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const verdict = db.pragma('integrity_check', { simple: true });
      return verdict === 'ok' ? undefined : String(verdict).replace(/\s*\n\s*/g, '; ');
    } finally {
      db.close();
    }
  } catch (error) {
    return (error as Error).message;
  }
}

export function repairStore(path: string, now: Date = new Date()): RepairReport {
  if (!fs.existsSync(path)) return { status: 'missing', salvaged: {}, lost: {} };
  const problem = healthProblem(path);
  if (problem === undefined) return { status: 'healthy', salvaged: {}, lost: {} };
  const keptAt = `${path}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(path + suffix)) fs.renameSync(path + suffix, keptAt + suffix);
  RunStore.open(path).close();
  const salvaged: Record<string, number> = {};
  const lost: Record<string, string> = {};
  const db = new Database(path);
  try {
    db.exec(`ATTACH DATABASE '${keptAt.replaceAll("'", "''")}' AS damaged`);
  } catch (error) {
    db.close();
    for (const t of TABLES) lost[t] = (error as Error).message;
    return { status: 'repaired', keptAt, salvaged, lost, problem };
  }
  try {
    for (const table of TABLES) {
      try {
        const columns = (db.prepare(`SELECT name FROM pragma_table_info(?, 'main')`).pluck().all(table) as string[]);
        const theirs = new Set(db.prepare(`SELECT name FROM pragma_table_info(?, 'damaged')`).pluck().all(table) as string[]);
        const shared = columns.filter((c) => theirs.has(c)).map((c) => `"${c}"`).join(', ');
        if (!shared) continue;
        const { changes } = db.prepare(`INSERT OR IGNORE INTO main."${table}" (${shared}) SELECT ${shared} FROM damaged."${table}"`).run();
        salvaged[table] = changes;
      } catch (error) {
        lost[table] = (error as Error).message;
      }
    }
    // Anything a run left `running` in the damaged store is over.
    db.exec("UPDATE runs SET status = 'interrupted', ended_at = coalesce(ended_at, started_at) WHERE status = 'running'");
  } finally {
    db.close();
  }
  return { status: 'repaired', keptAt, salvaged, lost, problem };
}
