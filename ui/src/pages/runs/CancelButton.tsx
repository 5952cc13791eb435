/** Asks the server to cancel a running run; the run's stream then reports the outcome. */
import { useState } from 'react';
import { postJson } from '../../api.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';

export function CancelButton({ runId, onDone }: { readonly runId: number; readonly onDone: () => void }) {
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [error, setError] = useState<unknown>(null);
  const cancel = async () => {
    setState('sending');
    try {
      await postJson(`/api/runs/${runId}/cancel`, {});
      setState('sent');
      onDone();
    } catch (e) {
      setError(e);
      setState('idle');
    }
  };
  return (
    <span className="cancel">
      <button type="button" className="danger" disabled={state !== 'idle'} onClick={cancel}>
        {state === 'idle' ? 'Cancel run' : state === 'sending' ? 'Canceling…' : 'Cancel requested'}
      </button>
      {error ? <ErrorBox error={error} what="Not canceled" /> : null}
    </span>
  );
}
