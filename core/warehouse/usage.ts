/**
 * Adding up what statements cost, so that a build can say what its checks
 * and its data version cost on an engine that bills by bytes (BigQuery).
 *
 * @example
 * const before = session.usage();
 * await runChecks(def, session, relation, dialect, metadata, exists);
 * usageSince(before, session.usage()) // { jobs: 2, bytesProcessed: 640, bytesBilled: 20_971_520 }
 */
import type { StatementStats, Usage } from './warehouse.ts';

export const NO_USAGE: Usage = { jobs: 0, bytesProcessed: 0, bytesBilled: 0 };

/** `usage` plus one statement; a statement without a job (DuckDB's) adds nothing. */
export function addStatement(usage: Usage, stats: StatementStats | undefined): Usage {
  if (stats?.jobId === undefined) return usage;
  return { jobs: usage.jobs + 1, bytesProcessed: usage.bytesProcessed + (stats.bytesProcessed ?? 0),
    bytesBilled: usage.bytesBilled + (stats.bytesBilled ?? 0) };
}

/** What was spent between two readings of one session's usage. */
export function usageSince(before: Usage, after: Usage): Usage {
  return { jobs: after.jobs - before.jobs, bytesProcessed: after.bytesProcessed - before.bytesProcessed,
    bytesBilled: after.bytesBilled - before.bytesBilled };
}
