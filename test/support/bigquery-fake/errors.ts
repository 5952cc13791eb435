/**
 * BigQuery's JSON error shape, and the reasons the fake gives DuckDB's errors
 * (or an error a test scripts, such as accessDenied).
 *
 * @example
 * bigQueryError(new Error('Parser Error: syntax error at or near "SELEC"')) // { code: 400, errors: [{ reason: 'invalidQuery', … }] }
 */

export interface ApiError {
  code: number;
  message: string;
  errors: { reason: string; message: string; location?: string }[];
}

/** An error a test scripts: thrown as is by the fake. */
export class ScriptedError extends Error {
  constructor(readonly reason: string, message: string, readonly code = reason === 'accessDenied' ? 403 : reason === 'notFound' ? 404 : 400) {
    super(message);
  }
}

export function bigQueryError(error: unknown): ApiError {
  if (error instanceof ScriptedError) return { code: error.code, message: error.message, errors: [{ reason: error.reason, message: error.message }] };
  const message = error instanceof Error ? error.message : String(error);
  if (/INTERRUPT/i.test(message)) return { code: 400, message: 'Job execution was cancelled: User requested cancellation', errors: [{ reason: 'stopped', message }] };
  const notFound = /Catalog Error: (Table|Schema|View) with name/.test(message);
  const reason = notFound ? 'notFound' : 'invalidQuery';
  return { code: notFound ? 404 : 400, message, errors: [{ reason, message }] };
}
