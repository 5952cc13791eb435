/**
 * `trellis daemon`: one process that runs the schedules, launches deferred
 * retries and automation, and watches freshness. Exactly one runs at a time:
 * it holds a lease row in the run store, and a second daemon (in this process
 * or another) is refused with the holder's pid, host and start. A holder
 * whose process is gone (checked by pid and start time, so a reused pid is
 * not trusted) loses the lease to the next daemon.
 *
 * The loop is a function: tests call `tick(now)` with instants of their
 * choosing and never wait for the clock.
 *
 * @example
 * const daemon = await Daemon.start({ projectDir, env, clock: trellisClock(env) });
 * const report = await daemon.tick(new Date('2026-03-29T01:00:00Z'));
 * await daemon.stop();
 */
import { randomUUID } from 'node:crypto';
import { describeError, LockError } from '../errors.ts';
import { deliverOutbox, enqueueOverdueNotifications, notifySettings } from '../notify/index.ts';
import { isProcessAlive } from '../runstore/index.ts';
import type { RunStore } from '../runstore/index.ts';
import { LiveProject } from '../server/live-project.ts';
import type { Clock } from './clock.ts';
import { nextTicks } from './cron.ts';
import { evaluateTick, type TickReport, type TickState } from './tick.ts';

export interface DaemonOptions {
  readonly projectDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly clock: Clock;
  /** Longest sleep between ticks (ms; default 30 s): retries and automation are looked at this often. */
  readonly pollMs?: number;
  /** A tick at most this late when the daemon starts still runs (ms; default 60 s). */
  readonly graceMs?: number;
  /** Told about each tick (the CLI prints it). */
  readonly onTick?: (report: TickReport) => void;
  /** A notification that could not be delivered after a tick, as one line (the CLI prints it). */
  readonly onNotice?: (message: string) => void;
}

/** Refused because another live daemon holds the lease. */
export class DaemonLeaseError extends LockError {
  override name = 'DaemonLeaseError';
}

export class Daemon {
  private readonly owner = randomUUID();
  private readonly state: TickState;
  private stopped = false;
  private closed = false;
  private wake: (() => void) | undefined;

  private constructor(private readonly live: LiveProject, private readonly options: DaemonOptions, private readonly controller: AbortController) {
    this.state = { ws: live.current(), env: options.env, clock: options.clock, startedAt: options.clock(),
      graceMs: options.graceMs ?? 60_000, signal: controller.signal };
  }

  /** Opens the project and takes the lease, or throws DaemonLeaseError naming the daemon that holds it. */
  static async start(options: DaemonOptions): Promise<Daemon> {
    const live = await LiveProject.open(options.projectDir, options.env, { checkMs: 0 });
    const daemon = new Daemon(live, options, new AbortController());
    const { ops } = live.store;
    const lease = ops.acquireLease(daemon.owner, process.pid, options.clock().toISOString(), isProcessAlive);
    if (!lease.acquired) {
      live.close();
      const h = lease.holder;
      throw new DaemonLeaseError(`another trellis daemon is running: pid ${h.pid} on ${h.host}, since ${h.since} (last tick ${h.heartbeatAt})`,
        { pid: h.pid, command: 'trellis daemon', since: h.since }, { fix: `stop it first (kill ${h.pid}); only one daemon runs per run store` });
    }
    daemon.recoverTicks();
    return daemon;
  }

  /** The schedules of the project as loaded. */
  scheduleNames(): Readonly<Record<string, unknown>> {
    return this.state.ws.project.config.schedules ?? {};
  }

  /** The run store the daemon records into. */
  get store(): RunStore {
    return this.live.store;
  }

  /** A tick claimed by a daemon that died before its run started never runs: it failed to launch. */
  private recoverTicks(): void {
    const { ops } = this.live.store;
    for (const t of ops.launchingTicks()) {
      if (t.runId !== null) ops.settleTick(t.schedule, t.scheduledAt, 'ran', `run ${t.runId} started; the daemon stopped while it ran`, t.runId);
      else ops.settleTick(t.schedule, t.scheduledAt, 'failed-to-launch', 'the daemon stopped after recording this tick and before its run started; not replayed');
    }
  }

  /** Evaluates everything due at `now` (default: the Trellis clock) and waits for the runs it starts. */
  async tick(now: Date = this.options.clock()): Promise<TickReport> {
    const { ops } = this.live.store;
    if (!ops.renewLease(this.owner, now.toISOString())) {
      throw new DaemonLeaseError('this daemon lost its lease: another daemon took over the run store', undefined,
        { fix: 'run one daemon per run store; restart this one after the other stops' });
    }
    this.state.ws = this.live.current();
    const report = await evaluateTick(this.state, now);
    this.options.onTick?.(report);
    await this.notify(report, now);
    return report;
  }

  /**
   * After every tick: enqueues a notice for each asset newly overdue (when
   * TRELLIS_NOTIFY_ON has `freshness`), then delivers the outbox, which also
   * retries a notice a run could not deliver at its end once it is due. A
   * notification never stops the daemon: a failure is told through onNotice.
   */
  private async notify(report: TickReport, now: Date): Promise<void> {
    const notice = this.options.onNotice ?? (() => {});
    try {
      const settings = notifySettings(this.options.env);
      if (report.overdue.length) enqueueOverdueNotifications(this.live.store, report.overdue, settings, now);
      await deliverOutbox(this.live.store, { settings, now: () => now, log: notice });
    } catch (error) {
      notice(`notifications not delivered: ${describeError(error)}`);
    }
  }

  /** How long to sleep after a tick at `now`: until the next schedule tick, at most pollMs. */
  sleepMs(now: Date): number {
    const poll = this.options.pollMs ?? 30_000;
    const next = Object.values(this.state.ws.project.config.schedules ?? {})
      .map((s) => nextTicks(s, now, 1)[0]?.getTime() ?? Infinity);
    return Math.max(0, Math.min(poll, Math.min(...next, Infinity) - now.getTime()));
  }

  /** Ticks until `signal` aborts (Ctrl+C) or stop() is called, then releases the lease. */
  async run(signal: AbortSignal): Promise<void> {
    const onAbort = () => { this.controller.abort(); this.stopped = true; this.wake?.(); };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      while (!this.stopped && !signal.aborted) {
        const report = await this.tick();
        if (this.stopped || signal.aborted) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.sleepMs(new Date(report.at)));
          this.wake = () => { clearTimeout(timer); resolve(); };
        });
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      await this.stop();
    }
  }

  /** Releases the lease and closes the store. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    if (this.closed) return;
    this.closed = true;
    this.live.store.ops.releaseLease(this.owner);
    this.live.close();
  }
}
