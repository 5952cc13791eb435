/**
 * Reads one sheet of a delivered workbook (`.xlsx`, streamed with core's xlsx
 * reader) into typed columns, the way the managed loader did (a sheet
 * delivered as `.csv` is read by the warehouse: csv-delivery.ts): names normalised (DATA.md section 2), values as delivered,
 * rich text and hyperlinks as their text, empty rows skipped.
 *
 * @example
 * const t = await readWorkbook('data/raw/Carttrend_Commandes.xlsx',
 *   { sheet: 'Commandes', expectedHeaders: ['id_commande', 'id_client'] });
 * t.table;    // 'carttrend_commandes_commandes'
 * t.columns;  // [{ name: 'id_commande', type: 'VARCHAR' }, ...]
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { openXlsx, TrellisError, XlsxError, type ColumnSpec, type Logger } from '../../core/index.ts';
import { typeColumns, type Scalar } from './column-types.ts';
import { columnNames, normalizeName } from './names.ts';

export interface ReadWorkbookOptions {
  /** The sheet (tab) name as delivered. A workbook whose only sheet has another name is read with a warning. */
  readonly sheet: string;
  /** Headers that must be present (compared after normalisation); others are kept too. */
  readonly expectedHeaders?: readonly string[];
  readonly log?: Pick<Logger, 'warn'>;
}

export interface WorkbookTable {
  readonly file: string;
  /** The sheet actually read (for a CSV, the expected sheet). */
  readonly sheet: string;
  /** Raw table name, `carttrend_<file suffix>_<sheet>`, from the file and the expected sheet. */
  readonly table: string;
  /** Headers as written in the file. */
  readonly headers: readonly string[];
  readonly columns: ColumnSpec[];
  readonly rows: unknown[][];
}

/** A delivered file that cannot be loaded; the message names the file, the problem and the fix. */
export class WorkbookError extends TrellisError {
  override name = 'WorkbookError';
  override readonly exitCode = 1;
  constructor(readonly file: string, message: string, options?: { cause?: unknown }) {
    super(`${file}: ${message}`, options);
  }
}

export async function readWorkbook(file: string, options: ReadWorkbookOptions): Promise<WorkbookTable> {
  await ensureFile(file);
  const { sheet, cells } = await readXlsxCells(file, options);
  const headerAt = cells.findIndex((row) => row.some((v) => v !== null));
  if (headerAt < 0) {
    throw new WorkbookError(file, `sheet '${sheet}' is empty: no header row was found. ` +
      'Deliver the sheet with its header in the first row.');
  }
  const headerCells = cells[headerAt]!;
  const data = cells.slice(headerAt + 1).filter((row) => row.some((v) => v !== null));
  let width = lastFilled(headerCells);
  for (const row of data) width = Math.max(width, lastFilled(row));
  const headers = Array.from({ length: width }, (_, i) => textOf(headerCells[i] ?? null));
  checkHeaders(file, sheet, headers, options.expectedHeaders ?? []);

  const { types, rows } = typeColumns(data, width);
  const names = columnNames(headers);
  return {
    file,
    sheet,
    table: `${normalizeName(path.basename(file, path.extname(file)))}_${normalizeName(options.sheet)}`,
    headers,
    columns: names.map((name, i) => ({ name, type: types[i]! })),
    rows,
  };
}

/** Fails with where it looked and the fix when `file` is not there. */
export async function ensureFile(file: string): Promise<void> {
  const found = await stat(file).catch(() => undefined);
  if (found?.isFile()) return;
  const base = path.basename(file, path.extname(file));
  throw new WorkbookError(file, `file not found: looked in ${path.dirname(file)} for ${base}.xlsx (or ${base}.csv). ` +
    'Put the workbook there, set CARTTREND_DATA_DIR to the folder holding the ten workbooks, ' +
    'or run `npx trellis demo-data` for sample ones.');
}

/** Fails naming the missing headers (compared after normalisation) and those found. */
export function checkHeaders(file: string, sheet: string, headers: readonly string[], expected: readonly string[]): void {
  const found = new Set(headers.map(normalizeName));
  const missing = expected.filter((h) => !found.has(normalizeName(h)));
  if (!missing.length) return;
  const list = (names: readonly string[]): string => names.map((n) => `'${n}'`).join(', ');
  throw new WorkbookError(file, `sheet '${sheet}' has no column${missing.length > 1 ? 's' : ''} ${list(missing)} ` +
    `(header found: ${list(headers.filter(Boolean))}). Restore the missing header${missing.length > 1 ? 's' : ''} ` +
    'in the first row (names are compared ignoring case, accents and punctuation).');
}

function lastFilled(row: readonly Scalar[]): number {
  for (let i = row.length - 1; i >= 0; i--) if (row[i] !== null && row[i] !== undefined) return i + 1;
  return 0;
}

function textOf(value: Scalar): string {
  if (value === null) return '';
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}

async function readXlsxCells(file: string, options: ReadWorkbookOptions): Promise<{ sheet: string; cells: Scalar[][] }> {
  try {
    const book = await openXlsx(file);
    if (!book.sheets.length) {
      throw new WorkbookError(file, 'contains no worksheet that could be read. Open it in Excel or Google Sheets and save it again as .xlsx.');
    }
    const sheet = pickSheet(file, options.sheet, book.sheets);
    if (sheet !== options.sheet) {
      options.log?.warn(`${file}: no sheet named '${options.sheet}'; reading its only sheet '${sheet}' instead`);
    }
    const cells: Scalar[][] = [];
    for await (const row of book.rows(sheet)) {
      const values = row.values;
      for (let c = 0; c < values.length; c++) if (values[c] === '') values[c] = null;
      cells.push(values);
    }
    return { sheet, cells };
  } catch (error) {
    if (error instanceof XlsxError) throw unreadable(file, error.reason, error);
    throw error;
  }
}

function unreadable(file: string, reason: string, cause?: unknown): WorkbookError {
  return new WorkbookError(file, `is not a readable .xlsx workbook (${reason}). ` +
    'Open it in Excel or Google Sheets and save it again as .xlsx, or export the sheet as UTF-8 .csv.', { cause });
}

/**
 * The sheet to read among those listed: the expected one, else one equal up
 * to case, accents and punctuation (a lost trailing space), else the only one.
 */
function pickSheet(file: string, expected: string, listed: readonly string[]): string {
  if (listed.includes(expected)) return expected;
  const loose = (s: string): string => normalizeName(s).replace(/^_+|_+$/g, '');
  const similar = listed.find((s) => loose(s) === loose(expected));
  if (similar !== undefined) return similar;
  if (listed.length === 1) return listed[0]!;
  throw new WorkbookError(file, `no sheet named '${expected}' (sheets present: ${listed.map((s) => `'${s}'`).join(', ')}). ` +
    `Rename the sheet that holds the data to '${expected}', or remove the other sheets.`);
}
