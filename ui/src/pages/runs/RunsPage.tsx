/** `/runs`: every run, newest first, filtered by status or asset (kept in the query), updating live. */
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiRunList } from '../../../../core/server/api-types.ts';
import type { RunStatus } from '../../../../core/runstore/types.ts';
import { ErrorBox, Loading } from '../../components/ErrorBox.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { FALLBACK_POLL_MS, useEvents, useInterval, useThrottled } from '../../hooks/useEvents.ts';
import { withQuery } from '../../lib/routes.ts';
import { navigate, useLocation } from '../../router.tsx';
import { RunsTable } from './RunsTable.tsx';

const STATUSES: readonly RunStatus[] = ['running', 'success', 'failed', 'canceled', 'interrupted'];

export function RunsPage() {
  const { search } = useLocation();
  const status = search.get('status') ?? '';
  const asset = search.get('asset') ?? '';
  const list = useApi<ApiRunList>(withQuery('/api/runs', { status, asset, limit: 200 }));
  const reload = useThrottled(list.reload, 300);
  useEvents('/api/events', reload);
  const anyRunning = list.data?.runs.some((r) => r.status === 'running') ?? false;
  useInterval(list.reload, anyRunning ? FALLBACK_POLL_MS : null);

  const filter = (next: { status?: string; asset?: string }) =>
    navigate(withQuery('/runs', { status: next.status ?? status, asset: next.asset ?? asset }), { replace: true });
  return (
    <section className="page runs-page">
      <h1>Runs</h1>
      <div className="toolbar filters">
        <label>Status{' '}
          <select value={status} onChange={(e) => filter({ status: e.target.value })} aria-label="Status filter">
            <option value="">any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <AssetFilter value={asset} onApply={(a) => filter({ asset: a })} />
      </div>
      {list.error ? <ErrorBox error={list.error} what="Could not list the runs" /> : null}
      {!list.data && !list.error ? <Loading what="the runs" /> : null}
      {list.data ? <RunsTable runs={list.data.runs} /> : null}
    </section>
  );
}

function AssetFilter({ value, onApply }: { readonly value: string; readonly onApply: (asset: string) => void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft.trim());
  };
  return (
    <form onSubmit={submit} className="inline-form">
      <label>Asset{' '}
        <input value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="carttrend_clean.Clients"
          aria-label="Asset filter" spellCheck={false} />
      </label>
      <button type="submit">Filter</button>
      {value ? <button type="button" onClick={() => onApply('')}>Clear</button> : null}
    </form>
  );
}
