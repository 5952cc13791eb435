/**
 * Loads a URL of the API and keeps the last good answer while reloading, so
 * live updates do not flash a spinner.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { getJson } from '../api.ts';

export interface ApiState<T> {
  readonly data: T | null;
  readonly error: unknown;
  readonly loading: boolean;
  /** Fetches again (e.g. on a live event); overlapping calls are coalesced. */
  readonly reload: () => void;
}

/**
 * `url` null means "nothing to load yet".
 *
 * @example
 * const runs = useApi<ApiRunList>('/api/runs');
 * if (runs.data) runs.data.runs.length;
 */
export function useApi<T>(url: string | null): ApiState<T> {
  const [state, setState] = useState<{ url: string | null; data: T | null; error: unknown; loading: boolean }>(
    { url, data: null, error: null, loading: url !== null });
  const [generation, setGeneration] = useState(0);
  const inFlight = useRef(false);
  const again = useRef(false);

  useEffect(() => {
    if (url === null) return;
    const abort = new AbortController();
    inFlight.current = true;
    setState((s) => (s.url === url ? { ...s, loading: true } : { url, data: null, error: null, loading: true }));
    getJson<T>(url, abort.signal).then(
      (data) => setState({ url, data, error: null, loading: false }),
      (error: unknown) => { if (!abort.signal.aborted) setState((s) => ({ ...s, url, error, loading: false })); },
    ).finally(() => {
      if (abort.signal.aborted) return;
      inFlight.current = false;
      if (again.current) {
        again.current = false;
        setGeneration((g) => g + 1);
      }
    });
    return () => abort.abort();
  }, [url, generation]);

  const reload = useCallback(() => {
    if (inFlight.current) again.current = true;
    else setGeneration((g) => g + 1);
  }, []);
  const current = state.url === url;
  return { data: current ? state.data : null, error: current ? state.error : null, loading: state.loading || !current, reload };
}

/** Calls `reload` whenever `value` changes after the first render (e.g. a new materialization). */
export function useReloadOn(value: unknown, reload: () => void): void {
  const first = useRef(value);
  useEffect(() => {
    if (Object.is(first.current, value)) return;
    first.current = value;
    reload();
  }, [value, reload]);
}
