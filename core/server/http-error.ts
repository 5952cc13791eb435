/**
 * Errors the API answers with, and the one place that turns any thrown error
 * into an `ApiError` body: typed Trellis errors keep their message, anything
 * else becomes a 500 whose stack goes to the server log, never to the client.
 *
 * @example
 * throw new HttpError(404, "no run 99; GET /api/runs lists the runs");
 */
import type { ErrorRequestHandler } from 'express';
import { LockError, ProjectError, SelectionError, TrellisError, describeError } from '../errors.ts';
import type { ApiError } from './api-types.ts';

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(readonly status: number, message: string, readonly position?: number) {
    super(message);
  }
}

/** The status and body for `error`; `log` receives what the client must not see. */
export function toApiError(error: unknown, log: (text: string) => void): { status: number; body: ApiError } {
  if (error instanceof HttpError) return { status: error.status, body: withPosition(error.message, error.position) };
  if (error instanceof SelectionError) return { status: 400, body: withPosition(describeError(error), error.position) };
  // The project on disk does not load (an edit in progress): the last good one is still shown, but nothing runs.
  if (error instanceof ProjectError || error instanceof LockError) return { status: 409, body: { error: describeError(error) } };
  if (error instanceof TrellisError) return { status: 400, body: { error: describeError(error) } };
  const parser = bodyParserError(error);
  if (parser) return parser;
  log(`internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  return { status: 500, body: { error: `internal error: ${error instanceof Error ? error.message : String(error)}; the server log has the details` } };
}

function withPosition(error: string, position: number | undefined): ApiError {
  return position === undefined ? { error } : { error, position };
}

/** express.json's errors carry a `type`; their messages are safe to show. */
function bodyParserError(error: unknown): { status: number; body: ApiError } | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') {
    return { status: 400, body: { error: `the body is not valid JSON: ${(error as Error).message}; send e.g. {"select": "group:marts"}` } };
  }
  if (type === 'entity.too.large') return { status: 413, body: { error: 'the body is too large (100 kB at most)' } };
  if (typeof type === 'string') return { status: 400, body: { error: `unreadable body: ${(error as Error).message}` } };
  return undefined;
}

export function errorHandler(log: (text: string) => void): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const { status, body } = toApiError(error, log);
    res.status(status).json(body);
  };
}
