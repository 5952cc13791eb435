/** The run's events (decisions, step ends, logs), oldest first, as a terminal would show them. */
import type { EventRecord } from '../../../../core/runstore/types.ts';
import { formatDateTime } from '../../lib/format.ts';

export function EventLog({ events }: { readonly events: readonly EventRecord[] }) {
  if (events.length === 0) return <p className="muted">No event yet.</p>;
  return (
    <ol className="event-log" data-testid="event-log">
      {events.map((e) => (
        <li key={e.id} className={`level-${e.level}`}>
          <span className="event-time">{formatDateTime(e.createdAt).slice(11)}</span>
          <span className="event-level">{e.level}</span>
          <span className="event-type">{e.type}</span>
          {e.key ? <span className="event-key mono">{e.key}</span> : null}
          <span className="event-message">{e.message}</span>
        </li>
      ))}
    </ol>
  );
}
