/**
 * A malformed selection shown the way the CLI prints it: the message, the
 * expression, and a caret under the offending character.
 */
import type { ApiError } from '../../../core/server/api-types.ts';

export interface SelectionErrorView {
  /** The message alone (the server's own caret lines are dropped: the UI draws its own). */
  readonly message: string;
  readonly expression: string;
  /** Spaces then `^`, to print under `expression` in a monospace font; null without a position. */
  readonly caret: string | null;
}

/**
 * @example
 * selectionErrorView('group:mrts', { error: "unknown group 'mrts'", position: 6 }).caret // '      ^'
 */
export function selectionErrorView(expression: string, error: ApiError): SelectionErrorView {
  const position = error.position;
  if (position === undefined || !Number.isInteger(position)) {
    return { message: error.error, expression, caret: null };
  }
  const message = error.error.split('\n')[0]!.trimEnd();
  const at = Math.min(Math.max(0, position), expression.length);
  return { message, expression, caret: `${' '.repeat(at)}^` };
}
