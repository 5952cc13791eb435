/** A status as a coloured pill with its name: colour is never the only cue. */
import { statusSwatch } from '../lib/status.ts';

export function StatusBadge({ status, label }: { readonly status: string; readonly label?: string }) {
  const { color, fill } = statusSwatch(status);
  return (
    <span className={`badge status-${status}`} style={{ color, background: fill, borderColor: color }}>
      {label ?? status}
    </span>
  );
}
