/** The run's timeline: one row per step, a bar from its start to its end, coloured by status. */
import type { StepRecord } from '../../../../core/runstore/types.ts';
import { formatDuration } from '../../lib/format.ts';
import { ganttScale } from '../../lib/gantt.ts';
import { assetPath } from '../../lib/routes.ts';
import { statusSwatch } from '../../lib/status.ts';
import { Link } from '../../router.tsx';

export function Gantt({ steps, startedAt, endedAt, now }: {
  readonly steps: readonly StepRecord[];
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly now: number;
}) {
  const scale = ganttScale(steps, startedAt, endedAt, now);
  const reasons = new Map(steps.map((s) => [s.key, s]));
  return (
    <div className="gantt" data-testid="gantt">
      <div className="gantt-row gantt-axis">
        <div className="gantt-label" />
        <div className="gantt-track">
          {scale.ticks.map((t) => <span key={t.ms} className="gantt-tick" style={{ left: `${t.at * 100}%` }}>{formatDuration(t.ms)}</span>)}
        </div>
      </div>
      {scale.bars.map((bar) => {
        const step = reasons.get(bar.key)!;
        const tip = `${bar.key}: ${step.status} (${step.decision}: ${step.reason})${bar.durationMs !== null ? `, ${formatDuration(bar.durationMs)}` : ''}`;
        return (
          <div key={bar.key} className="gantt-row" data-key={bar.key} data-status={bar.status}>
            <div className="gantt-label"><Link href={assetPath(bar.key)} className="mono" title={bar.key}>{bar.key}</Link></div>
            <div className="gantt-track">
              {scale.ticks.map((t) => <i key={t.ms} className="gantt-gridline" style={{ left: `${t.at * 100}%` }} />)}
              {bar.left !== null && bar.width !== null ? (
                <div className={`gantt-bar status-${bar.status}`} title={tip}
                  style={{ left: `${bar.left * 100}%`, width: `${bar.width * 100}%`, background: statusSwatch(bar.status).color }} />
              ) : <span className="gantt-note muted" title={tip}>{step.status}: {step.reason}</span>}
            </div>
          </div>
        );
      })}
    </div>
  );
}
