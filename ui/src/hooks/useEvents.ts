/**
 * Server-sent events from the API: each `run-event` message is an
 * EventRecord. The browser reconnects by itself after a network error.
 */
import { useEffect, useRef } from 'react';
import type { ApiEvent } from '../../../core/server/api-types.ts';

/**
 * Listens to `url` (null: not now) and calls `onEvent` per event and `onEnd`
 * when the server says the stream is over (one run finished).
 *
 * @example
 * useEvents(`/api/runs/${id}/events`, (event) => append(event), reload);
 */
export function useEvents(url: string | null, onEvent: (event: ApiEvent) => void, onEnd?: () => void): void {
  const handlers = useRef({ onEvent, onEnd });
  handlers.current = { onEvent, onEnd };
  useEffect(() => {
    if (url === null) return;
    const source = new EventSource(url);
    source.addEventListener('run-event', (message) => {
      try {
        handlers.current.onEvent(JSON.parse((message as MessageEvent<string>).data) as ApiEvent);
      } catch {
        // A malformed message is dropped; the next reload shows the truth.
      }
    });
    source.addEventListener('end', () => {
      source.close();
      handlers.current.onEnd?.();
    });
    return () => source.close();
  }, [url]);
}

/**
 * Calls `fn` `ms` after the first of a burst of calls, then again for the
 * next burst: a run's stream of events reloads a page a few times a second at most.
 */
export function useThrottled(fn: () => void, ms: number): () => void {
  const latest = useRef(fn);
  latest.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);
  const call = useRef(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, ms);
  });
  return call.current;
}

/**
 * How often a page following a run in progress reloads besides the events:
 * a run killed with kill -9 writes no more events, and only a reload shows it
 * interrupted.
 */
export const FALLBACK_POLL_MS = 10_000;

/**
 * Calls the latest `fn` every `ms` (null: not now).
 *
 * @example
 * useInterval(reload, running ? FALLBACK_POLL_MS : null);
 */
export function useInterval(fn: () => void, ms: number | null): void {
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => {
    if (ms === null) return;
    const timer = setInterval(() => latest.current(), ms);
    return () => clearInterval(timer);
  }, [ms]);
}
