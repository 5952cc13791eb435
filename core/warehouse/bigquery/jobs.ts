/**
 * Query jobs: one job per statement, awaited to completion, cancelled
 * (jobs.cancel) when the signal aborts, with the job's statistics.
 *
 * @example
 * const { rows, stats } = await runJob(bq, { query: 'SELECT 1 AS x' }, { signal });
 */
import { randomUUID } from 'node:crypto';
import type { BigQuery, Job, Query, Table } from '@google-cloud/bigquery';
import type { Row, StatementOptions, StatementStats } from '../warehouse.ts';
import { cancelledError, warehouseError } from './errors.ts';

export interface JobResult {
  readonly rows: Row[];
  readonly stats: StatementStats;
  readonly job: Job;
}

interface JobStatistics {
  totalBytesProcessed?: string;
  query?: { totalBytesBilled?: string; numDmlAffectedRows?: string };
}

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));

/** The statistics BigQuery reports for a finished job. */
export function jobStats(job: Job, started: number): StatementStats {
  const s = (job.metadata?.statistics ?? {}) as JobStatistics;
  const stats: { -readonly [K in keyof StatementStats]: StatementStats[K] } = { durationMs: Date.now() - started };
  if (job.id) stats.jobId = job.id;
  const processed = num(s.totalBytesProcessed);
  const billed = num(s.query?.totalBytesBilled);
  const rows = num(s.query?.numDmlAffectedRows);
  if (processed !== undefined) stats.bytesProcessed = processed;
  if (billed !== undefined) stats.bytesBilled = billed;
  if (rows !== undefined) stats.rows = rows;
  return stats;
}

/** Cancels `job` when `signal` aborts; returns the detach function. */
export function cancelOnAbort(job: Job, signal: AbortSignal | undefined): () => void {
  if (!signal) return () => {};
  const onAbort = () => { job.cancel().catch(() => {}); };
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

/** Converts BigQuery's JS values to JSON-safe ones (dates, timestamps and big numbers as their text). */
export function jsonSafe(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] = v !== null && typeof v === 'object' && 'value' in v ? normalize((v as { value: unknown }).value) : normalize(v);
  }
  return out;
}

function normalize(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (v !== null && typeof v === 'object' && 'toFixed' in v) return Number(String(v));
  return v;
}

/** How often a running job's statistics are read for `onProgress`. */
export const PROGRESS_MS = 1000;

/** Reports `job`'s elapsed time and bytes to `onProgress` every PROGRESS_MS until the returned function is called. */
function watchProgress(job: Job, started: number, onProgress: StatementOptions['onProgress']): () => void {
  if (!onProgress) return () => {};
  const timer = setInterval(() => {
    job.getMetadata().then(() => {
      const bytes = num((job.metadata?.statistics as JobStatistics | undefined)?.totalBytesProcessed);
      if (job.metadata?.status?.state !== 'DONE') {
        onProgress({ jobId: job.id!, elapsedMs: Date.now() - started, ...(bytes !== undefined ? { bytesProcessed: bytes } : {}) });
      }
    }, () => {});
  }, PROGRESS_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Runs `query` as a job and returns its rows and statistics; `onJob` sees the job as soon as it exists. */
export async function runJob(bq: BigQuery, query: Query, options: StatementOptions & { onJob?: (job: Job) => void } = {}): Promise<JobResult> {
  const started = Date.now();
  if (options.signal?.aborted) throw cancelledError(options.signal, undefined);
  let job: Job | undefined;
  // The id is chosen here, so an error raised before the client returns the job still names it.
  const jobId = `trellis_${randomUUID()}`;
  try {
    [job] = await bq.createQueryJob({ ...query, jobId, useLegacySql: false });
    options.onJob?.(job);
    const detach = cancelOnAbort(job, options.signal);
    const unwatch = watchProgress(job, started, options.onProgress);
    try {
      const [rows] = await job.getQueryResults({ autoPaginate: true });
      await job.getMetadata();
      const failure = job.metadata?.status?.errorResult;
      if (failure) throw { ...failure, errors: [failure] };
      return { rows: (rows as Record<string, unknown>[]).map(jsonSafe), stats: jobStats(job, started), job };
    } finally {
      detach();
      unwatch();
    }
  } catch (error) {
    if (options.signal?.aborted) throw cancelledError(options.signal, jobId);
    throw warehouseError(error, jobId);
  }
}

/** Copies `source` over `destination` (WRITE_TRUNCATE) with a copy job, awaited to completion. */
export async function copyJob(source: Table, destination: Table): Promise<void> {
  const jobId = `trellis_copy_${randomUUID()}`;
  try {
    const [job] = await source.createCopyJob(destination, { jobId, writeDisposition: 'WRITE_TRUNCATE', createDisposition: 'CREATE_IF_NEEDED' });
    await job.promise();
    const failure = job.metadata?.status?.errorResult;
    if (failure) throw { ...failure, errors: [failure] };
  } catch (error) {
    throw warehouseError(error, jobId, `publishing ${destination.dataset.id}.${destination.id}`);
  }
}
