/**
 * The run timeline's geometry: each step as a bar on a shared time axis that
 * starts with the run. Times are fractions of the axis (0..1), so the
 * component only multiplies by its width.
 */
import type { StepRecord } from '../../../core/runstore/types.ts';
import { niceStep } from './plot.ts';

export interface GanttBar {
  readonly key: string;
  readonly status: StepRecord['status'];
  /** Null for a step that never started (skipped, pending): drawn as a label only. */
  readonly left: number | null;
  readonly width: number | null;
  /** Milliseconds from the run's start to the step's start. */
  readonly offsetMs: number | null;
  readonly durationMs: number | null;
}

export interface GanttScale {
  readonly totalMs: number;
  readonly bars: readonly GanttBar[];
  readonly ticks: readonly { readonly at: number; readonly ms: number }[];
}

/** Bars narrower than this fraction are widened so that they stay visible. */
const MIN_WIDTH = 0.004;

/**
 * Lays out `steps` between the run's start and its end (or `now` while it runs).
 *
 * @example
 * const g = ganttScale(steps, run.startedAt, run.endedAt, Date.now());
 * g.bars[0].left // 0.12: starts at 12% of the run
 */
export function ganttScale(
  steps: readonly Pick<StepRecord, 'key' | 'status' | 'startedAt' | 'endedAt'>[],
  runStartedAt: string,
  runEndedAt: string | null,
  now: number,
): GanttScale {
  const start = Date.parse(runStartedAt);
  const ends = steps.map((s) => (s.endedAt ? Date.parse(s.endedAt) : s.startedAt ? now : start));
  const end = Math.max(runEndedAt ? Date.parse(runEndedAt) : now, start, ...ends);
  const totalMs = Math.max(1, end - start);
  const bars = steps.map((s, i): GanttBar => {
    if (!s.startedAt) return { key: s.key, status: s.status, left: null, width: null, offsetMs: null, durationMs: null };
    const from = Math.max(start, Date.parse(s.startedAt));
    const to = Math.max(from, ends[i]!);
    const left = (from - start) / totalMs;
    const width = Math.min(1 - left, Math.max(MIN_WIDTH, (to - from) / totalMs));
    return { key: s.key, status: s.status, left, width, offsetMs: from - start, durationMs: to - from };
  });
  return { totalMs, bars, ticks: timeTicks(totalMs) };
}

/**
 * Round ticks along `[0, totalMs]`, about five.
 *
 * @example
 * timeTicks(1000) // [{ at: 0, ms: 0 }, { at: 0.2, ms: 200 }, ... { at: 1, ms: 1000 }]
 */
export function timeTicks(totalMs: number, count = 5): { at: number; ms: number }[] {
  const step = niceStep(totalMs / count);
  const ticks: { at: number; ms: number }[] = [];
  for (let ms = 0; ms <= totalMs + 1e-9; ms += step) ticks.push({ at: ms / totalMs, ms });
  return ticks;
}
