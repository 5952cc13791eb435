/**
 * A sheet delivered as a UTF-8 `.csv` instead of a workbook: the warehouse
 * reads it itself (DuckDB's `read_csv`, a BigQuery load job). Its headers are
 * checked and normalised exactly as a workbook's; types are inferred from every
 * row, with `yes`/`no` kept as delivered text, which gives the raw types the
 * workbook path gives (ids with leading zeros and decimal commas stay text).
 *
 * @example
 * const rows = await loadCsvDelivery(ctx, '/drop/Carttrend_Commandes.csv', workbook('orders'));
 */
import type { AssetContext, LoadOptions } from '../../core/index.ts';
import { headersOf, type WorkbookSpec } from './catalog.ts';
import { columnNames } from './names.ts';
import { checkHeaders, ensureFile, WorkbookError } from './workbook.ts';

const LAYOUT: LoadOptions = { format: 'csv', inferBooleans: false };

export async function loadCsvDelivery(ctx: AssetContext, file: string, spec: WorkbookSpec): Promise<{ rows: number; columns: number }> {
  await ensureFile(file);
  const described = await ctx.warehouse.describeFiles([file], LAYOUT).catch((error: unknown) => unreadable(file, error));
  const headers = described.map((c) => c.name);
  checkHeaders(file, spec.sheet, headers, headersOf(spec));
  const rows = await ctx.loadFile(file, { ...LAYOUT, columnNames: columnNames(headers) }).catch((error: unknown) => unreadable(file, error));
  return { rows, columns: headers.length };
}

function unreadable(file: string, error: unknown): never {
  throw new WorkbookError(file, `is not a readable CSV file (${(error as Error).message.split('\n')[0]}). ` +
    'Export the sheet again as UTF-8 CSV with a header row.', { cause: error });
}
