/**
 * Calls to the Trellis HTTP API. A non-2xx answer becomes an `ApiFailure`
 * carrying the status and the server's `{ error, position }` body.
 */
import type { ApiError } from '../../core/server/api-types.ts';

export class ApiFailure extends Error {
  constructor(readonly status: number, readonly body: ApiError) {
    super(body.error);
    this.name = 'ApiFailure';
  }
}

async function parse<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's HTML error page, say): reported below with the status.
  }
  if (!response.ok) {
    const error = body && typeof body === 'object' && 'error' in body ? (body as ApiError)
      : { error: `${response.status} ${response.statusText}: ${text.slice(0, 200) || 'no answer body'}` };
    throw new ApiFailure(response.status, error);
  }
  return body as T;
}

/** `GET url` as JSON. */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  return parse<T>(await fetch(url, { headers: { accept: 'application/json' }, signal }));
}

/** `POST url` with a JSON body. */
export async function postJson<T>(url: string, body: unknown): Promise<T> {
  return parse<T>(await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body),
  }));
}

/** The message to show for any failure. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
