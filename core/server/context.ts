/**
 * What every route of the server shares: the live project (workspace and run
 * store), the owner of the warehouse, the run launcher and the event streams.
 *
 * @example
 * const ws = ctx.live.current(); // once per request
 * ctx.live.store                  // the run store
 */
import type { EventStreams } from './event-streams.ts';
import type { LiveProject } from './live-project.ts';
import type { RunLauncher } from './run-launcher.ts';
import type { WarehouseOwner } from './warehouse-owner.ts';
import type { ViewCache } from './view-cache.ts';

export interface ServerContext {
  readonly live: LiveProject;
  readonly owner: WarehouseOwner;
  readonly launcher: RunLauncher;
  readonly streams: EventStreams;
  /** The list views' answers, shared while the store is unchanged. */
  readonly views: ViewCache;
  /** The server's own log (the terminal of `trellis ui`). */
  readonly log: (text: string) => void;
  /** The Trellis clock (TRELLIS_NOW), for freshness and next ticks; default the system clock. */
  readonly now?: () => Date;
}
