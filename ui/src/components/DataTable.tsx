/** A plain table of rows: numbers right-aligned, nulls greyed. */
import { formatCell } from '../lib/format.ts';

export function DataTable({ columns, rows, className }: {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  readonly className?: string;
}) {
  return (
    <div className="table-scroll">
      <table className={className ? `data ${className}` : 'data'}>
        <thead><tr>{columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>{row.map((v, j) => <td key={j} className={cellClass(v)}>{formatCell(v)}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function cellClass(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'null';
  return typeof value === 'number' ? 'num' : undefined;
}
