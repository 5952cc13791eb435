/**
 * `trellis daemon` and `trellis schedules`: the daemon's loop (or one tick
 * with --once) and the schedules with their next ticks and last outcomes.
 * `--now` (or TRELLIS_NOW) sets the Trellis clock.
 *
 * @example
 * await daemon(ctx, { once: true, now: '2026-03-29T01:00:00Z' }); // one tick, then exit
 */
import { Daemon } from '../ops/daemon.ts';
import { trellisClock } from '../ops/clock.ts';
import { nextTicks } from '../ops/cron.ts';
import { openWorkspace } from '../workspace.ts';
import { formatSchedules, formatTickReport, type ScheduleView } from './console.ts';
import { str, type CommandContext, type Flags } from './commands.ts';

export async function daemon(ctx: CommandContext, flags: Flags): Promise<number> {
  const clock = trellisClock(ctx.env, str(flags, 'now'));
  const d = await Daemon.start({
    projectDir: ctx.projectDir, env: ctx.env, clock,
    onTick: (report) => { for (const line of formatTickReport(ctx.o, report)) ctx.o.out(line); },
    onNotice: (message) => ctx.o.err(message),
  });
  if (flags.once) {
    try {
      const report = await d.tick();
      if (flags.json) ctx.o.out(JSON.stringify(report, null, 2));
      return report.ticks.some((t) => t.outcome === 'failed-to-launch') ? 1 : 0;
    } finally {
      await d.stop();
    }
  }
  const schedules = Object.keys(d.scheduleNames());
  ctx.o.err(`trellis daemon (pid ${process.pid}): ${schedules.length ? `schedules ${schedules.join(', ')}` : 'no schedules'}; Ctrl+C stops it`);
  await d.run(ctx.signal);
  ctx.o.err('trellis daemon stopped');
  return 0;
}

export async function schedules(ctx: CommandContext, flags: Flags): Promise<number> {
  const now = trellisClock(ctx.env, str(flags, 'now'))();
  const ws = await openWorkspace(ctx.projectDir, ctx.env);
  try {
    const views: ScheduleView[] = Object.entries(ws.project.config.schedules ?? {}).map(([name, schedule]) => ({
      name, schedule, next: nextTicks(schedule, now, 3), ticks: ws.store.ops.ticks(name, 5),
    }));
    const lease = ws.store.ops.lease();
    if (flags.json) {
      ctx.o.out(JSON.stringify({ now: now.toISOString(), daemon: lease ?? null,
        schedules: views.map((v) => ({ name: v.name, ...v.schedule, next: v.next.map((d) => d.toISOString()), ticks: v.ticks })) }, null, 2));
    } else {
      ctx.o.out(formatSchedules(ctx.o, views, lease ? `daemon: pid ${lease.pid} on ${lease.host} since ${lease.since}, last tick ${lease.heartbeatAt}`
        : 'daemon: not running (start it with `trellis daemon`)'));
    }
    return 0;
  } finally {
    ws.close();
  }
}
