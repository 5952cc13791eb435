/** `/schedules`: each schedule with its next ticks and tick history, the daemon holding the lease, and retries waiting. */
import type { ApiSchedules } from '../../../../core/server/api-types.ts';
import { ErrorBox, Loading } from '../../components/ErrorBox.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { useInterval } from '../../hooks/useEvents.ts';
import { formatDateTime } from '../../lib/format.ts';
import { assetPath, runPath } from '../../lib/routes.ts';
import { tickBadge } from '../../lib/ticks.ts';
import { Link } from '../../router.tsx';

export function SchedulesPage() {
  const list = useApi<ApiSchedules>('/api/schedules');
  useInterval(list.reload, 10_000);
  const data = list.data;
  return (
    <section className="page schedules-page">
      <h1>Schedules</h1>
      {list.error ? <ErrorBox error={list.error} what="Could not list the schedules" /> : null}
      {!data && !list.error ? <Loading what="the schedules" /> : null}
      {data ? (
        <>
          <p className="daemon-state">
            {data.daemon ? <>Daemon running: pid {data.daemon.pid} on {data.daemon.host}, since {formatDateTime(data.daemon.since)}, last tick {formatDateTime(data.daemon.heartbeatAt)}.</>
              : <>The daemon is not running: start it with <code>trellis daemon</code>.</>}
          </p>
          {data.schedules.length === 0 ? <p className="muted">No schedule: add <code>schedules</code> to trellis.config.ts.</p> : null}
          {data.schedules.map((s) => (
            <section className="card schedule" key={s.name} aria-label={`Schedule ${s.name}`}>
              <h2>{s.name} <span className="mono small">{s.cron}</span> <span className="muted small">{s.timezone}{s.catchup ? ', catchup' : ''}</span></h2>
              <p>Selection <code>{s.select}</code>; next ticks: <span className="next-ticks">{s.next.map((n) => formatDateTime(n)).join(', ')}</span></p>
              {s.ticks.length === 0 ? <p className="muted">No tick yet.</p> : (
                <table className="ticks">
                  <thead><tr><th>Scheduled</th><th>Outcome</th><th>Run</th><th>Reason</th></tr></thead>
                  <tbody>{s.ticks.map((t) => {
                    const badge = tickBadge(t.outcome);
                    return (
                      <tr key={t.scheduledAt}>
                        <td className="mono">{formatDateTime(t.scheduledAt)}</td>
                        <td><StatusBadge status={badge.status} label={badge.label} /></td>
                        <td>{t.runId === null ? '—' : <Link href={runPath(t.runId)}>#{t.runId}</Link>}</td>
                        <td className="small">{t.reason}</td>
                      </tr>
                    );
                  })}</tbody>
                </table>
              )}
            </section>
          ))}
          {data.pendingRetries.length ? (
            <section className="card">
              <h2>Deferred retries</h2>
              <ul>{data.pendingRetries.map((r) => (
                <li key={`${r.runId} ${r.key}`}><Link href={assetPath(r.key)}>{r.key}</Link>: attempt {r.nextAttempt} due {formatDateTime(r.dueAt)}, retrying <Link href={runPath(r.runId)}>run #{r.runId}</Link></li>
              ))}</ul>
            </section>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
