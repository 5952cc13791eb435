/**
 * The server's door. Express and the routes load on the first call, so every
 * other command, and every project module importing core/index.ts, never pays
 * for them (Express alone takes about 125 ms to import).
 *
 * @example
 * const server = await startServer({ projectDir: '.', port: 0 });
 * await server.close();
 */
import type { ServerOptions, TrellisServer } from './server.ts';

export type { ServerOptions, TrellisServer };

export async function startServer(options: ServerOptions): Promise<TrellisServer> {
  const server = await import('./server.ts');
  return server.startServer(options);
}
