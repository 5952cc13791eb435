/**
 * `trellis ui`'s server: the JSON API and the web app over one project, on
 * 127.0.0.1:3000 unless told otherwise. It holds the run store open (SQLite
 * allows other processes alongside) but never the warehouse between
 * requests: see warehouse-owner.ts for who opens DuckDB and when.
 *
 * @example
 * const server = await startServer({ projectDir: '.', port: 0 });
 * await fetch(`${server.url}api/assets`);
 * await server.close();
 */
import { trellisClock } from '../ops/clock.ts';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { UsageError } from '../errors.ts';
import { createApp } from './app.ts';
import { EventStreams } from './event-streams.ts';
import { LiveProject } from './live-project.ts';
import { RunLauncher } from './run-launcher.ts';
import { isLoopbackHost } from './security.ts';
import { defaultUiDir } from './static-ui.ts';
import { WarehouseOwner } from './warehouse-owner.ts';
import { ViewCache } from './view-cache.ts';

export interface ServerOptions {
  readonly projectDir: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Default 127.0.0.1. Any other host requires a token for writes. */
  readonly host?: string;
  /** Default 3000; 0 picks a free port. */
  readonly port?: number;
  /** Required for writes when given (default: TRELLIS_UI_TOKEN; generated when bound beyond loopback). */
  readonly token?: string;
  /** The built web app (default `<repo>/ui/dist`). */
  readonly uiDir?: string;
  /** The server's log lines (default: none). */
  readonly log?: (text: string) => void;
  /** Event stream polling and heartbeat periods (ms); defaults 250 and 15,000. */
  readonly pollMs?: number;
  readonly heartbeatMs?: number;
  /** How often at most the project's files are compared with the disk (ms); default 500, 0 at every request. */
  readonly reloadCheckMs?: number;
}

export interface TrellisServer {
  /** Where a browser on this machine reaches it, e.g. `http://127.0.0.1:3000/`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The token writes require, if any. */
  readonly token: string | undefined;
  /** Whether the token was generated (so it must be shown to the user). */
  readonly generatedToken: boolean;
  /** Cancels the run in progress (recorded as canceled), ends the event streams, stops listening. */
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new UsageError(`port ${port} on ${host} is already in use`, { fix: `pass another port, e.g. --port ${port + 1}, or stop what uses it` }));
      } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
        reject(new UsageError(`cannot listen on host '${host}': no such address on this machine (${error.code})`, { fix: `use 127.0.0.1 (the default), 0.0.0.0, or an address of this machine` }));
      } else if (error.code === 'EACCES') {
        reject(new UsageError(`not allowed to listen on port ${port}`, { fix: `use a port above 1023, e.g. --port 3000` }));
      } else reject(error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startServer(options: ServerOptions): Promise<TrellisServer> {
  const env = options.env ?? process.env;
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopbackHost(host);
  const given = options.token ?? (env.TRELLIS_UI_TOKEN || undefined);
  const token = given ?? (loopback ? undefined : randomBytes(24).toString('base64url'));
  const log = options.log ?? (() => {});

  const live = await LiveProject.open(options.projectDir, env, { log, checkMs: options.reloadCheckMs });
  // The warehouse's path and the store's lock do not change with a reload: no need to look at the files again.
  const owner = new WarehouseOwner(() => live.loaded);
  const launcher = new RunLauncher(live, owner, env, log);
  const streams = new EventStreams(live.store, { pollMs: options.pollMs ?? 250, heartbeatMs: options.heartbeatMs ?? 15_000 }, log);
  const views = new ViewCache(live.store, options.reloadCheckMs ?? 500);
  const app = createApp({ live, owner, launcher, streams, log, now: trellisClock(env), views }, { loopback, token, uiDir: options.uiDir ?? defaultUiDir() });
  const server = http.createServer(app);
  let port: number;
  try {
    port = await listen(server, options.port ?? 3000, host);
  } catch (error) {
    live.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  const close = async () => {
    await launcher.shutdown();
    streams.closeAll();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await owner.idle();
    live.close();
  };
  return {
    url: `http://${urlHost(host)}:${port}/`, host, port, token, generatedToken: token !== undefined && given === undefined,
    close: () => (closing ??= close()),
  };
}
