/**
 * Reads one sheet of a delivered workbook (`.xlsx`, streamed with exceljs, or
 * the same data as a UTF-8 `.csv`) into typed columns, the way the managed
 * loader did: names normalised (DATA.md section 2), values as delivered,
 * rich text and hyperlinks as their text, empty rows skipped.
 *
 * @example
 * const t = await readWorkbook('data/raw/Carttrend_Commandes.xlsx',
 *   { sheet: 'Commandes', expectedHeaders: ['id_commande', 'id_client'] });
 * t.table;    // 'carttrend_commandes_commandes'
 * t.columns;  // [{ name: 'id_commande', type: 'VARCHAR' }, ...]
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { TrellisError, type ColumnSpec, type Logger } from '../../core/index.ts';
import { typeColumns, type Scalar } from './column-types.ts';
import { parseCsv } from './csv.ts';
import { columnNames, normalizeName } from './names.ts';
import { zipProblem } from './zip-directory.ts';

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
  const isCsv = path.extname(file).toLowerCase() === '.csv';
  const { sheet, cells } = isCsv ? await readCsvCells(file, options.sheet) : await readXlsxCells(file, options);
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

  const { types, rows } = typeColumns(data, width, isCsv ? 'csv' : 'xlsx');
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

async function ensureFile(file: string): Promise<void> {
  const found = await stat(file).catch(() => undefined);
  if (found?.isFile()) return;
  const base = path.basename(file, path.extname(file));
  throw new WorkbookError(file, `file not found: looked in ${path.dirname(file)} for ${base}.xlsx (or ${base}.csv). ` +
    'Put the workbook there, set CARTTREND_DATA_DIR to the folder holding the ten workbooks, ' +
    'or run `npx trellis demo-data` for sample ones.');
}

function checkHeaders(file: string, sheet: string, headers: readonly string[], expected: readonly string[]): void {
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

async function readCsvCells(file: string, sheet: string): Promise<{ sheet: string; cells: Scalar[][] }> {
  let parsed: string[][];
  try {
    parsed = parseCsv(await readFile(file, 'utf8'));
  } catch (error) {
    throw new WorkbookError(file, `is not a readable CSV file (${(error as Error).message}). ` +
      'Export the sheet again as UTF-8 CSV with a header row.', { cause: error });
  }
  return { sheet, cells: parsed.map((row) => row.map((v) => (v === '' ? null : v))) };
}

interface SheetEntry { readonly name: string; readonly id: number; readonly rId: string }
interface ReaderInternals {
  model?: { sheets?: SheetEntry[] };
  workbookRels?: { Id: string; Target: string }[];
  stream?: { destroy?: () => void };
}
interface WorksheetInternals { id: number | string; name?: string }

async function readXlsxCells(file: string, options: ReadWorkbookOptions): Promise<{ sheet: string; cells: Scalar[][] }> {
  const problem = await zipProblem(file);
  if (problem) throw unreadable(file, problem);
  // Loaded here, not at the top: exceljs takes ~100 ms to load, and every
  // `trellis list` imports this module through the source declarations.
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache', worksheets: 'emit', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore',
  });
  const internals = reader as unknown as ReaderInternals;
  const seen: string[] = [];
  let found: { sheet: string; cells: Scalar[][] } | undefined;
  let missing: WorkbookError | undefined;
  try {
    // The loop runs to its end even after the sheet is read: exceljs deletes the
    // temporary copy it makes of each worksheet only when iteration moves on.
    for await (const worksheet of reader) {
      const listed = (internals.model?.sheets ?? []).map((s) => s.name);
      const name = sheetName(internals, worksheet as unknown as WorksheetInternals) ?? `sheet ${seen.length + 1}`;
      seen.push(name);
      if (found || missing) continue;
      let wanted: string;
      try {
        wanted = pickSheet(file, options.sheet, listed.length ? listed : [name]);
      } catch (error) {
        missing = error as WorkbookError;
        continue;
      }
      if (wanted !== name && listed.length > 1) continue;
      if (wanted !== options.sheet) {
        options.log?.warn(`${file}: no sheet named '${options.sheet}'; reading its only sheet '${wanted}' instead`);
      }
      const cells: Scalar[][] = [];
      for await (const row of worksheet) {
        const values = row.values as unknown[];
        const out: Scalar[] = new Array(Math.max(0, values.length - 1));
        for (let c = 1; c < values.length; c++) out[c - 1] = scalar(values[c]);
        cells.push(out);
      }
      found = { sheet: wanted, cells };
    }
  } catch (error) {
    if (error instanceof WorkbookError) throw error;
    throw unreadable(file, (error as Error)?.message ?? String(error), error);
  } finally {
    internals.stream?.destroy?.();
  }
  if (found) return found;
  if (missing) throw missing;
  throw new WorkbookError(file, seen.length
    ? `no sheet named '${options.sheet}' (sheets present: ${seen.map((s) => `'${s}'`).join(', ')}). Rename the sheet.`
    : 'contains no worksheet that could be read. Open it in Excel or Google Sheets and save it again as .xlsx.');
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

/**
 * A worksheet's tab name. exceljs resolves it (and replaces the file number
 * in `id` by the numeric sheetId) only when the workbook's relationships point
 * at `worksheets/sheetN.xml` exactly; otherwise it leaves the file number as a
 * string and a made-up `SheetN` name. Files rewritten by other tools use
 * absolute targets (`/xl/worksheets/sheet1.xml`), so we retry leniently, then
 * fall back to the only sheet listed.
 */
function sheetName(reader: ReaderInternals, worksheet: WorksheetInternals): string | undefined {
  if (typeof worksheet.id === 'number' && worksheet.name) return worksheet.name;
  const sheets = reader.model?.sheets ?? [];
  const target = `worksheets/sheet${worksheet.id}.xml`;
  const rel = (reader.workbookRels ?? []).find((r) => r.Target.replace(/^\/?(xl\/)?/, '') === target);
  const sheet = rel && sheets.find((s) => s.rId === rel.Id);
  if (sheet) return sheet.name;
  return sheets.length === 1 ? sheets[0]!.name : undefined;
}

/** A cell value as delivered: rich text and hyperlinks become their text, formulas their cached result. */
function scalar(value: unknown): Scalar {
  if (value === null || value === undefined || value === '') return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'object': {
      if (value instanceof Date) return value;
      const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string; formula?: string };
      if (Array.isArray(v.richText)) return scalar(v.richText.map((run) => run.text).join(''));
      if ('text' in v) return scalar(v.text);
      if ('result' in v) return scalar(v.result);
      if ('formula' in v || 'sharedFormula' in v) return null;
      if (typeof v.error === 'string') return v.error;
      return String(value);
    }
    default:
      return String(value);
  }
}
