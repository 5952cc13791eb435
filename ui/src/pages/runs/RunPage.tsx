/**
 * `/runs/:id`: a run's timeline, decisions, checks and logs. While it runs,
 * its event stream (from the last event the page has) reloads the page, a few
 * times a second at most; the stream's end reloads the final state.
 */
import { useEffect, useRef, useState } from 'react';
import type { ApiRunDetail } from '../../../../core/server/api-types.ts';
import { ErrorBox, Loading } from '../../components/ErrorBox.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { FALLBACK_POLL_MS, useEvents, useInterval, useThrottled } from '../../hooks/useEvents.ts';
import { formatDateTime, formatDuration } from '../../lib/format.ts';
import { CancelButton } from './CancelButton.tsx';
import { EventLog } from './EventLog.tsx';
import { Gantt } from './Gantt.tsx';
import { RunChecks } from './RunChecks.tsx';
import { StepsTable } from './StepsTable.tsx';

/** How often the running bars and the duration move (a clock, not a request). */
const TICK_MS = 1000;

export function RunPage({ runId }: { readonly runId: number }) {
  const detail = useApi<ApiRunDetail>(`/api/runs/${runId}`);
  const reload = useThrottled(detail.reload, 250);
  const running = detail.data?.run.status === 'running';
  const after = useFirstLastEventId(detail.data);
  useEvents(running && after !== null ? `/api/runs/${runId}/events?after=${after}` : null, reload, detail.reload);
  useInterval(detail.reload, running ? FALLBACK_POLL_MS : null);
  const now = useNow(running ? TICK_MS : null);

  if (detail.error) return <section className="page"><ErrorBox error={detail.error} what={`Run #${runId}`} /></section>;
  if (!detail.data) return <section className="page"><Loading what={`run #${runId}`} /></section>;
  const { run, steps, checks, events } = detail.data;
  const toRun = steps.filter((s) => s.decision === 'run');
  return (
    <section className="page run-page" data-run-status={run.status}>
      <h1>Run #{run.id} <StatusBadge status={run.status} /> {running ? <CancelButton runId={run.id} onDone={detail.reload} /> : null}</h1>
      <dl className="facts">
        <dt>Selection</dt><dd className="mono">{run.selection || 'stale assets'}</dd>
        <dt>Trigger</dt><dd>{run.trigger} (pid {run.pid})</dd>
        <dt>Started</dt><dd>{formatDateTime(run.startedAt)}</dd>
        <dt>Duration</dt><dd>{formatDuration(run.durationMs ?? now - Date.parse(run.startedAt))}</dd>
        <dt>Logical date</dt><dd>{run.logicalDate}</dd>
        {run.summary ? <><dt>Outcome</dt><dd>{run.summary.ran} ran, {run.summary.skipped} skipped, {run.summary.failed} failed, {run.summary.checksFailed} checks failed, {run.summary.checksWarned} warned</dd></> : null}
      </dl>
      <section className="card">
        <h2>Timeline <span className="muted small">{toRun.length} to run, {steps.length - toRun.length} skipped by the plan</span></h2>
        <Gantt steps={steps} startedAt={run.startedAt} endedAt={run.endedAt} now={now} />
      </section>
      <section className="card"><h2>Steps</h2><StepsTable steps={steps} /></section>
      <section className="card"><h2>Checks ({checks.length})</h2><RunChecks checks={checks} /></section>
      <section className="card"><h2>Log ({events.length})</h2><EventLog events={events} /></section>
    </section>
  );
}

/** The id of the last event in the page's first answer: the run's stream starts after it, sending only what is new. */
function useFirstLastEventId(data: ApiRunDetail | null): number | null {
  const first = useRef<number | null>(null);
  if (data && first.current === null) first.current = data.events.reduce((m, e) => Math.max(m, e.id), 0);
  return first.current;
}

/** The current time, ticking every `ms` (null: frozen), for the running bars. */
function useNow(ms: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (ms === null) return;
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
