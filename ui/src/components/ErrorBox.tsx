/** How a page says it failed (with the HTTP status when the API answered) or is still loading. */
import { ApiFailure, messageOf } from '../api.ts';

export function ErrorBox({ error, what }: { readonly error: unknown; readonly what?: string }) {
  const status = error instanceof ApiFailure ? ` (${error.status})` : '';
  return (
    <div className="error-box" role="alert">
      {what ? <strong>{what}{status}: </strong> : null}
      <span className="error-message">{messageOf(error)}</span>
    </div>
  );
}

export function Loading({ what }: { readonly what: string }) {
  return <p className="muted">Loading {what}…</p>;
}
