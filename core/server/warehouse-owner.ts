/**
 * Who may use the DuckDB file, and when, inside the `trellis ui` process.
 *
 * A DuckDB file has one owner process at a time (a second process is refused,
 * even read-only), and the CLI must keep working while the server runs. So:
 *
 * - The server never holds the warehouse between requests. Every use goes
 *   through `workspace.withWarehouse`, which takes the run store's warehouse
 *   lock (the same one `trellis materialize` takes), opens DuckDB, and closes
 *   both when the work is done. An idle server holds nothing, so a terminal
 *   `trellis materialize` just works; while the server holds the lock, the
 *   CLI is refused with the holder's pid and command (or queues with --wait).
 * - The store lock is keyed by pid and re-entrant, so it cannot tell two users
 *   inside this process apart: a preview finishing during a run would release
 *   the run's lock. Hence one in-process owner at a time, serialized here:
 *   `exclusive` (a run) and `read` (a preview) queue on one mutex.
 * - A preview during the server's own run does not wait for the run, nor get
 *   a 409: it joins the run's open warehouse. DuckDB instances are shared and
 *   refcounted per file within a process (warehouse/duckdb.ts), a preview is
 *   one read-only transaction on its own connection, and MVCC shows it the
 *   last committed (published) tables. The run waits for joined previews to
 *   finish before it releases the lock and closes the file, so the CLI can
 *   never find the lock free while this process still has the file open.
 * - A preview while another process holds the lock gets the LockError (409),
 *   naming that process: waiting could take as long as the whole run.
 *
 * @example
 * const owner = new WarehouseOwner(() => live.loaded);
 * const rows = await owner.read('trellis ui: preview', (wh) => query(wh));
 */
import type { Warehouse } from '../warehouse/warehouse.ts';
import type { Workspace } from '../workspace.ts';

/** A queued read: given the opened warehouse, or the error that kept it from opening. */
type WaitingRead = (warehouse: Warehouse | Error) => Promise<void>;

interface SharedRun {
  readonly warehouse: Warehouse;
  users: number;
  draining: boolean;
  idle?: () => void;
}

export class WarehouseOwner {
  /** The tail of the in-process queue of warehouse users. */
  #tail: Promise<unknown> = Promise.resolve();
  #shared: SharedRun | undefined;
  /** Reads queued for the next opening of the warehouse; they run together on it. */
  #waitingReads: WaitingRead[] | undefined;
  /** Set from the moment a run is requested: resolves to its warehouse once open (undefined if refused). */
  #upcoming: Promise<SharedRun | undefined> | undefined;

  constructor(private readonly workspace: () => Workspace) {}

  /**
   * Runs `work` as the only user of the warehouse in this process, holding
   * the store lock (refused with a LockError when another process has it).
   * Previews may join while `work` runs; they finish before the lock is released.
   */
  exclusive<T>(command: string, work: (warehouse: Warehouse) => Promise<T>): Promise<T> {
    let announce!: (shared: SharedRun | undefined) => void;
    const upcoming = new Promise<SharedRun | undefined>((resolve) => { announce = resolve; });
    this.#upcoming = upcoming;
    const result = this.#queue(() => this.workspace().withWarehouse(command, async (warehouse) => {
      const shared: SharedRun = { warehouse, users: 0, draining: false };
      this.#shared = shared;
      announce(shared);
      try {
        return await work(warehouse);
      } finally {
        shared.draining = true;
        if (shared.users > 0) await new Promise<void>((resolve) => { shared.idle = resolve; });
        this.#shared = undefined;
      }
    }));
    void result.catch(() => undefined).finally(() => {
      announce(undefined);
      if (this.#upcoming === upcoming) this.#upcoming = undefined;
    });
    return result;
  }

  /**
   * Runs a short read: on the server's own run's warehouse if one is open,
   * else holding the lock briefly. Reads that arrive while the warehouse is
   * busy or being opened wait together and share one opening (a dashboard
   * asks for all its charts at once: one open each would cost the page more
   * than its queries).
   */
  async read<T>(command: string, work: (warehouse: Warehouse) => Promise<T>): Promise<T> {
    // A run about to start would make a queued read wait for the whole run: join it instead.
    const shared = this.#shared ?? await this.#upcoming;
    if (shared && !shared.draining) return this.#join(shared, work);
    let batch = this.#waitingReads;
    if (!batch) {
      const readers: WaitingRead[] = [];
      batch = this.#waitingReads = readers;
      this.#queue(async () => {
        this.#waitingReads = undefined;
        try {
          await this.workspace().withWarehouse(command, (warehouse) => Promise.all(readers.map((reader) => reader(warehouse))));
        } catch (error) {
          for (const reader of readers) void reader(error as Error);
        }
      });
    }
    return new Promise<T>((resolve, reject) => {
      batch.push(async (warehouse) => {
        if (warehouse instanceof Error) return reject(warehouse);
        await work(warehouse).then(resolve, reject);
      });
    });
  }

  /** Resolves once every queued and running use of the warehouse is over. */
  async idle(): Promise<void> {
    for (let tail = this.#tail; ; tail = this.#tail) {
      await tail;
      if (tail === this.#tail && !this.#shared) return;
    }
  }

  async #join<T>(shared: SharedRun, work: (warehouse: Warehouse) => Promise<T>): Promise<T> {
    shared.users++;
    try {
      return await work(shared.warehouse);
    } finally {
      if (--shared.users === 0 && shared.draining) shared.idle?.();
    }
  }

  #queue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
