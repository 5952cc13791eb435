/**
 * The table's first rows, fetched again when `version` (its newest
 * materialization) changes; a 404 or 409 (not materialized, warehouse busy)
 * is shown as the server's message.
 */
import type { ApiPreview } from '../../../../core/server/api-types.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorBox, Loading } from '../../components/ErrorBox.tsx';
import { useApi, useReloadOn } from '../../hooks/useApi.ts';

export function PreviewSection({ assetKey, version }: { readonly assetKey: string; readonly version: string }) {
  const preview = useApi<ApiPreview>(`/api/assets/${encodeURIComponent(assetKey)}/preview?limit=100`);
  useReloadOn(version, preview.reload);
  return (
    <section className="card">
      <h2>Preview</h2>
      {preview.error ? <ErrorBox error={preview.error} what="No preview" /> : null}
      {!preview.data && !preview.error ? <Loading what="the first rows" /> : null}
      {preview.data ? (
        <>
          <p className="muted small">
            First {preview.data.rows.length} rows{preview.data.truncated ? ` (of more; limit ${preview.data.limit})` : ''}.
          </p>
          <DataTable columns={preview.data.columns.map((c) => c.name)} rows={preview.data.rows} className="preview" />
        </>
      ) : null}
    </section>
  );
}
