/**
 * Live progress of a run. On a terminal: a status block redrawn in place
 * (running assets with their elapsed time, done/failed counts), finished
 * steps printed above it. Elsewhere: one line per finished step.
 */
import type { RunEvent } from '../execution/index.ts';
import { formatStepLine, paint, type Output } from './console.ts';
import { formatDuration } from '../format.ts';

export function progressReporter(o: Output): { onEvent: (e: RunEvent) => void; stop: () => void } {
  const running = new Map<string, number>();
  const progress = new Map<string, string>();
  let total = 0;
  let done = 0;
  let failed = 0;
  let drawn = 0;
  const started = performance.now();
  const clear = () => {
    if (drawn) o.errRaw(`\u001b[${drawn}A\u001b[0J`);
    drawn = 0;
  };
  const draw = () => {
    if (!o.tty || total === 0) return;
    clear();
    const now = performance.now();
    const lines = [paint(o, 'bold', `${done}/${total} done${failed ? `, ${paint(o, 'red', `${failed} failed`)}` : ''}, ${formatDuration(now - started)} elapsed`)];
    const shown = [...running].slice(0, 8);
    for (const [key, t] of shown) lines.push(paint(o, 'cyan', `  ⟳ ${key} ${progress.get(key) ?? formatDuration(now - t)}`));
    if (running.size > shown.length) lines.push(`  … and ${running.size - shown.length} more`);
    o.err(lines.join('\n'));
    drawn = lines.length;
  };
  const timer = o.tty ? setInterval(draw, 250) : undefined;
  timer?.unref();
  return {
    onEvent(e) {
      if (e.type === 'run_started') {
        total = e.toRun;
        o.err(paint(o, 'gray', `run ${e.runId}: ${e.toRun} asset${e.toRun === 1 ? '' : 's'} to bring up to date`));
      } else if (e.type === 'step_started') {
        running.set(e.key, performance.now());
      } else if (e.type === 'step_progress') {
        // On a terminal the status block shows it; elsewhere one line per report (a BigQuery job, about once a second).
        if (o.tty) progress.set(e.key, e.message);
        else o.err(paint(o, 'cyan', `  ⟳ ${e.key}: ${e.message}`));
      } else if (e.type === 'step_finished') {
        progress.delete(e.step.key);
        running.delete(e.step.key);
        if (e.step.decision !== 'skipped' || e.step.reason !== 'fresh') done++;
        if (e.step.decision === 'failed') failed++;
        if (o.tty) clear();
        o.err(formatStepLine(o, e.step));
      }
      draw();
    },
    stop() {
      if (timer) clearInterval(timer);
      if (o.tty) clear();
    },
  };
}
