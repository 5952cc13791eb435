/**
 * BigQuery's errors as Trellis reports them: the job id, BigQuery's own
 * message, and what to do about it.
 *
 * @example
 * try { await job.getQueryResults(); } catch (e) { throw warehouseError(e, job.id); }
 */
import { TrellisError, type TrellisErrorOptions } from '../../errors.ts';

/** A statement the warehouse rejected; `jobId` names the BigQuery job (look it up in the console). */
export class WarehouseError extends TrellisError {
  override name = 'WarehouseError';
  constructor(message: string, readonly jobId: string | undefined, readonly reason: string | undefined, options: TrellisErrorOptions = {}) {
    super(message, options);
  }
}

const FIXES: Readonly<Record<string, string>> = {
  invalidQuery: 'correct the SQL (BigQuery standard SQL) and run again',
  notFound: 'check the dataset and table names (and datasetPrefix); materialize the upstream assets first',
  accessDenied: 'grant the credentials BigQuery Data Editor and BigQuery Job User on the project',
  quotaExceeded: 'wait for the quota to reset or raise it in the Google Cloud console (IAM & Admin > Quotas)',
  rateLimitExceeded: 'lower TRELLIS_CONCURRENCY or wait and run again',
  stopped: 'the job was cancelled',
};

interface ApiError { code?: number; message?: string; errors?: { reason?: string; message?: string }[] }

/** Maps an error from the client (or a failed job's errorResult) to a WarehouseError. */
export function warehouseError(error: unknown, jobId: string | undefined, subject?: string): WarehouseError {
  if (error instanceof WarehouseError) return error;
  const api = (error ?? {}) as ApiError;
  const reason = api.errors?.[0]?.reason ?? (api.code === 404 ? 'notFound' : api.code === 403 ? 'accessDenied' : undefined);
  const text = api.message ?? api.errors?.[0]?.message ?? String(error);
  const job = jobId ? ` (job ${jobId})` : '';
  const fix = (reason && FIXES[reason]) ?? 'see the job in the BigQuery console for details';
  return new WarehouseError(`${subject ? `${subject}: ` : ''}BigQuery ${reason ?? 'error'}${job}: ${text}`, jobId, reason, { fix, cause: error });
}

/** The error for a statement cancelled by `signal`, with the signal's reason as its message. */
export function cancelledError(signal: AbortSignal, jobId: string | undefined): WarehouseError {
  const reason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'cancelled');
  return new WarehouseError(`${reason}${jobId ? ` (BigQuery job ${jobId} cancelled)` : ''}`, jobId, 'stopped', { fix: FIXES.stopped!, cause: signal.reason });
}
