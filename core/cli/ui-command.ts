/**
 * `trellis ui [--port 3000] [--host 127.0.0.1] [--token T]`: serves the web
 * UI and its API until Ctrl+C, then cancels the run in progress (recorded as
 * canceled), ends the event streams and exits 0.
 *
 * @example
 * const code = await ui(ctx, { port: '0' }); // returns once ctx.signal aborts
 */
import { UsageError } from '../errors.ts';
import { startServer } from '../server/start.ts';
import { str, type CommandContext, type Flags } from './commands.ts';
import { formatServerStart, paint } from './console.ts';

function parsePort(text: string | undefined): number {
  if (text === undefined) return 3000;
  const port = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(port) || port > 65_535) {
    throw new UsageError(`--port must be an integer from 0 to 65535 (0: any free port), got '${text}'\n    usage: trellis ui [--port 3000] [--host 127.0.0.1] [--token T]`);
  }
  return port;
}


export async function ui(ctx: CommandContext, flags: Flags): Promise<number> {
  const port = parsePort(str(flags, 'port'));
  const host = str(flags, 'host') ?? '127.0.0.1';
  if (!host.trim()) throw new UsageError('--host is empty\n    usage: trellis ui [--port 3000] [--host 127.0.0.1] [--token T]');
  const token = str(flags, 'token');
  if (token !== undefined && !/^\S{8,}$/.test(token)) throw new UsageError('--token must be at least 8 characters, without spaces');
  const server = await startServer({
    projectDir: ctx.projectDir, env: ctx.env, host, port, token,
    log: (line) => ctx.o.err(paint(ctx.o, 'gray', line)),
  });
  ctx.o.out(formatServerStart(ctx.o, server));
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  ctx.o.err(paint(ctx.o, 'gray', 'stopping the server'));
  await server.close();
  return 0;
}
