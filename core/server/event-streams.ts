/**
 * Server-sent events, tailed from the run store rather than from this
 * process's runs: every process that materializes (this server, or
 * `trellis materialize` in a terminal) appends its events to the same SQLite
 * file, whose WAL lets this process read while another writes. Event ids
 * increase across all runs, so a stream polls for `id > last sent`. That is
 * what makes a terminal run appear live in the UI.
 *
 * Each message is `event: run-event`, `id: <event id>` (a reconnecting
 * EventSource resumes from it), `data: <EventRecord JSON>`. A run's stream
 * ends with `event: end` once the run has finished; comment lines keep idle
 * connections open through proxies.
 *
 * @example
 * streams.run(req, res, 12);   // GET /api/runs/12/events
 * streams.all(req, res);       // GET /api/events
 */
import type { Request, Response } from 'express';
import type { EventRecord, RunStore } from '../runstore/index.ts';
import { settleRunningRuns } from './run-state.ts';

export interface StreamTiming {
  /** How often the store is read (ms). */
  readonly pollMs: number;
  /** How often an idle stream sends a comment (ms). */
  readonly heartbeatMs: number;
}

/** The last event id from a reconnecting EventSource, or from `?after=`. */
function resumeFrom(req: Request, fallback: number): number {
  const text = req.get('last-event-id') ?? (typeof req.query.after === 'string' ? req.query.after : undefined);
  const id = Number(text);
  return text !== undefined && Number.isSafeInteger(id) && id >= 0 ? id : fallback;
}

export class EventStreams {
  readonly #open = new Set<() => void>();

  constructor(private readonly store: RunStore, private readonly timing: StreamTiming,
    private readonly log: (text: string) => void) {}

  /** One run's events from its first (or from Last-Event-ID / `?after=`), then `end` once it has finished. */
  run(req: Request, res: Response, runId: number): void {
    let last = resumeFrom(req, 0);
    this.#stream(req, res, (send, end) => {
      // The status is read before the events: a run's end and its last event are committed together,
      // so once the status says finished, every event of the run is there to send.
      let run = this.store.getRun(runId);
      if (run?.status === 'running' && !settleRunningRuns(this.store).some((r) => r.id === runId)) run = this.store.getRun(runId);
      for (const event of this.store.events(runId, last)) {
        send(event);
        last = event.id;
      }
      if (run?.status !== 'running') end(JSON.stringify({ runId, status: run?.status ?? null }));
    });
  }

  /** Every run's events from now (or from Last-Event-ID / `?after=`), until the client leaves. */
  all(req: Request, res: Response): void {
    let last = resumeFrom(req, this.store.lastEventId());
    this.#stream(req, res, (send) => {
      for (;;) {
        const batch = this.store.eventsSince(last, 500);
        for (const event of batch) {
          send(event);
          last = event.id;
        }
        if (batch.length < 500) return;
      }
    });
  }

  /** Ends every open stream (the server is stopping). */
  closeAll(): void {
    for (const close of [...this.#open]) close();
  }

  #stream(req: Request, res: Response, poll: (send: (e: EventRecord) => void, end: (data: string) => void) => void): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive', 'X-Accel-Buffering': 'no',
    });
    res.write('retry: 1000\n\n');
    let lastWrite = Date.now();
    const write = (text: string) => {
      res.write(text);
      lastWrite = Date.now();
    };
    const send = (e: EventRecord) => write(`event: run-event\nid: ${e.id}\ndata: ${JSON.stringify(e)}\n\n`);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      this.#open.delete(close);
      res.end();
    };
    const end = (data: string) => {
      write(`event: end\ndata: ${data}\n\n`);
      close();
    };
    const tick = () => {
      try {
        poll(send, end);
        if (!closed && Date.now() - lastWrite >= this.timing.heartbeatMs) write(': heartbeat\n\n');
      } catch (error) {
        this.log(`event stream ${req.originalUrl} stopped: ${error instanceof Error ? error.message : String(error)}`);
        close();
      }
    };
    const timer = setInterval(tick, this.timing.pollMs);
    this.#open.add(close);
    res.on('close', close);
    tick();
  }
}
