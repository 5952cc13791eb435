/**
 * Buttons that start a run through `POST /api/runs`: the current selection,
 * the stale assets, or everything. A refusal (409, a run in progress) is
 * shown as the server words it.
 */
import { useState } from 'react';
import type { ApiLaunch } from '../../../../core/server/api-types.ts';
import { postJson } from '../../api.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Link } from '../../router.tsx';
import { runPath } from '../../lib/routes.ts';

export interface LaunchBarProps {
  /** The applied, valid selection, if any. */
  readonly selection: string | null;
  readonly onLaunched: () => void;
}

type Outcome = { readonly launch: ApiLaunch } | { readonly error: unknown } | null;

export function LaunchBar({ selection, onLaunched }: LaunchBarProps) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const launch = async (body: Record<string, unknown>) => {
    setBusy(true);
    try {
      setOutcome({ launch: await postJson<ApiLaunch>('/api/runs', body) });
      onLaunched();
    } catch (error) {
      setOutcome({ error });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="launch-bar">
      <button type="button" disabled={busy || !selection} onClick={() => launch({ select: selection })}
        title={selection ? `Materialize ${selection}` : 'Apply a selection first'}>Materialize selection</button>
      <button type="button" disabled={busy} onClick={() => launch({ stale: true })}>Materialize stale</button>
      <button type="button" disabled={busy} onClick={() => launch({ all: true })}>Materialize everything</button>
      {outcome && 'launch' in outcome ? (
        <span className="launch-result" role="status">
          {outcome.launch.runId !== null
            ? <>Run <Link href={runPath(outcome.launch.runId)}>#{outcome.launch.runId}</Link> started. {outcome.launch.message}</>
            : outcome.launch.message}
        </span>
      ) : null}
      {outcome && 'error' in outcome ? <ErrorBox error={outcome.error} what="Not started" /> : null}
    </div>
  );
}
