/** Documented columns: name, type, description. */
import type { ColumnDoc } from '../../../../core/definitions.ts';

export function ColumnsSection({ columns }: { readonly columns: readonly ColumnDoc[] }) {
  return (
    <section className="card">
      <h2>Columns ({columns.length})</h2>
      {columns.length === 0 ? <p className="muted">No column is documented.</p> : (
        <table className="data">
          <thead><tr><th>Name</th><th>Type</th><th>Description</th></tr></thead>
          <tbody>
            {columns.map((c) => (
              <tr key={c.name}><td className="mono">{c.name}</td><td className="mono">{c.type ?? ''}</td><td>{c.description ?? ''}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
