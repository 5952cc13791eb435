/**
 * The selection box: the CLI's syntax, applied on Enter, to highlight the
 * matching assets (dimming the rest) or to show only them. A malformed
 * selection is shown with a caret under the offending character.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { SelectionErrorView } from '../../lib/caret.ts';

export type SelectionMode = 'highlight' | 'filter';

export interface SelectionBarProps {
  readonly applied: string;
  readonly mode: SelectionMode;
  /** How many assets the applied selection matched, once known. */
  readonly matched: number | null;
  readonly error: SelectionErrorView | null;
  readonly onApply: (selection: string) => void;
  readonly onMode: (mode: SelectionMode) => void;
}

const EXAMPLES = ['+key:carttrend_clean.mart_Commandes', 'group:marts', 'stale()', 'kind:ts or tag:ml'];

export function SelectionBar({ applied, mode, matched, error, onApply, onMode }: SelectionBarProps) {
  const [draft, setDraft] = useState(applied);
  useEffect(() => setDraft(applied), [applied]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft.trim());
  };
  return (
    <div className="selection-bar">
      <form onSubmit={submit} className="selection-form" role="search">
        <input name="select" aria-label="Selection" className="selection-input" spellCheck={false} autoComplete="off"
          placeholder={`Selection, e.g. ${EXAMPLES.join(', ')}`} value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit">Apply</button>
        {applied ? <button type="button" onClick={() => onApply('')}>Clear</button> : null}
        <div className="segmented" role="group" aria-label="Selection mode">
          {(['highlight', 'filter'] as const).map((m) => (
            <button key={m} type="button" aria-pressed={mode === m} className={mode === m ? 'on' : undefined} onClick={() => onMode(m)}>
              {m === 'highlight' ? 'Highlight' : 'Filter'}
            </button>
          ))}
        </div>
        {applied && matched !== null && !error ? <span className="muted selection-count">{matched} matched</span> : null}
      </form>
      {error ? (
        <div className="error-box selection-error" role="alert">
          <div className="error-message">{error.message}</div>
          {error.caret !== null ? <pre className="caret">{`${error.expression}\n${error.caret}`}</pre> : null}
        </div>
      ) : null}
    </div>
  );
}
