/**
 * The JSON of the list views (`GET /api/runs`, `GET /api/assets`), computed
 * once per state of the run store and shared by every request that asks the
 * same question in that state. A page of the UI, or a hundred clients
 * polling, then costs one query and one serialization, not one per request.
 *
 * An answer is reused only while the store has not changed (SQLite's
 * `data_version` counts other connections' commits, `total_changes()` this
 * one's), the project is the same (a reload makes a new workspace) and it is
 * younger than `maxAgeMs`: what the store cannot see (a source file edited
 * on disk, a process that died) shows up within that time, as the project
 * reload does. `maxAgeMs` 0 turns the cache off.
 *
 * @example
 * const views = new ViewCache(store, 500);
 * views.send(res, `runs ${limit}`, store, () => ({ runs: store.listRuns({ limit }) }));
 */
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import type { RunStore } from '../runstore/index.ts';

interface Entry {
  readonly stamp: string;
  readonly scope: object;
  readonly at: number;
  /** The answer as sent: encoded once, not per request. */
  readonly body: Buffer;
  /** Computed with the answer, not per request (Express would hash the body every time). */
  readonly etag: string;
}

/** Distinct questions kept at once; beyond this, the oldest is forgotten. */
const MAX_ENTRIES = 200;

export class ViewCache {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly store: RunStore, private readonly maxAgeMs: number) {}

  /**
   * Sends the answer to `key`, from the cache when still valid for `scope` (e.g. the workspace), else from `compute`.
   * A request whose If-None-Match names the answer gets 304. The bytes are written directly: Express's `send`
   * would encode the text again and re-derive the headers for every one of a hundred clients.
   */
  send(res: Response, key: string, scope: object, compute: () => unknown): void {
    const entry = this.entry(key, scope, compute);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('ETag', entry.etag);
    if (res.req.headers['if-none-match'] === entry.etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader('Content-Length', entry.body.length);
    res.end(res.req.method === 'HEAD' ? undefined : entry.body);
  }

  private entry(key: string, scope: object, compute: () => unknown): Entry {
    const now = Date.now();
    if (this.maxAgeMs > 0) {
      const hit = this.#entries.get(key);
      if (hit && hit.scope === scope && now - hit.at < this.maxAgeMs && hit.stamp === this.store.changeStamp()) return hit;
    }
    const body = Buffer.from(JSON.stringify(compute()));
    // Computing may have written (a dead run settled as interrupted): key the answer by the state after it.
    const entry = { stamp: this.store.changeStamp(), scope, at: now, body, etag: `W/"${createHash('sha1').update(body).digest('base64url')}"` };
    if (this.maxAgeMs <= 0) return entry;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    return entry;
  }
}
