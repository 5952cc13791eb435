/**
 * Who may talk to the server, and who may change things.
 *
 * - Bound to loopback (the default), requests must name a loopback host:
 *   a web page cannot reach the API through DNS rebinding (a hostile name
 *   that resolves to 127.0.0.1) and read the project.
 * - Writes (any method but GET and HEAD) must be `Content-Type:
 *   application/json`, which an HTML form cannot send, and a browser's
 *   `Origin`, when present, must be this server: no cross-site request
 *   forgery from another tab.
 * - With a token (required when bound to any other host: `--token`,
 *   TRELLIS_UI_TOKEN, or a random one printed at start), writes also need
 *   `Authorization: Bearer <token>`, or the cookie a browser gets by opening
 *   `/?token=<token>` once (HttpOnly, SameSite=Strict).
 *
 * @example
 * app.use(guard({ loopback: true, token: undefined }));
 */
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError } from './http-error.ts';

export interface SecurityOptions {
  /** Whether the server listens on a loopback address only. */
  readonly loopback: boolean;
  /** Required for writes when set. */
  readonly token?: string;
}

const COOKIE = 'trellis_token';

export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

/** The host name of a `Host` header value (`[::1]:3000` gives `::1`). */
function hostName(header: string): string {
  const bracketed = /^\[([^\]]+)\]/.exec(header);
  return bracketed ? bracketed[1]! : header.replace(/:\d+$/, '');
}

function sameSecret(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: Request): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function bearerToken(req: Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
}

export function guard(options: SecurityOptions): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer' });
    const host = req.get('host') ?? '';
    if (options.loopback && !isLoopbackHost(hostName(host))) {
      throw new HttpError(403, `this server answers only to localhost names, not '${host}' (it listens on loopback); ` +
        'to serve other machines, start it with --host and a token');
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      // Opening /?token=T in a browser stores the token as a cookie for its later writes.
      const offered = typeof req.query.token === 'string' ? req.query.token : undefined;
      if (offered !== undefined && options.token && !req.path.startsWith('/api/')) {
        if (!sameSecret(offered, options.token)) throw new HttpError(403, 'wrong token in ?token=');
        res.cookie(COOKIE, offered, { httpOnly: true, sameSite: 'strict', path: '/' });
        res.redirect(302, req.path);
        return;
      }
      return next();
    }
    if (options.token && !sameSecret(bearerToken(req) ?? cookieToken(req), options.token)) {
      throw new HttpError(403, 'this server requires a token for changes: send `Authorization: Bearer <token>` ' +
        '(the token `trellis ui` printed at start, or TRELLIS_UI_TOKEN)');
    }
    const origin = req.get('origin');
    if (origin !== undefined && originHost(origin) !== host.toLowerCase()) {
      throw new HttpError(403, `cross-site request refused: Origin ${origin} is not this server (${host})`);
    }
    if (req.get('sec-fetch-site') === 'cross-site') throw new HttpError(403, 'cross-site request refused');
    // The header itself, not req.is(): a body-less write (a cancel) has no body for req.is to type.
    if ((req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase() !== 'application/json') {
      throw new HttpError(415, `send the body as JSON with \`Content-Type: application/json\` (got ${req.get('content-type') ?? 'no Content-Type'})`);
    }
    next();
  };
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}
