/**
 * Writes a generated sheet as `<file>.xlsx` (exceljs streaming writer, shared
 * strings, fixed dates and zip timestamps so a seed gives identical bytes) or
 * as `<file>.csv` (UTF-8, header row, RFC 4180 quoting).
 *
 * @example
 * await writeSheet(sheet, '/tmp/raw', 'xlsx'); // '/tmp/raw/Carttrend_Commandes.xlsx'
 */
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { headersOf } from '../catalog.ts';
import { cellText, type Cell, type RichTextCell, type SheetData } from './sheet.ts';
import { setZipTimestamps } from './zip-timestamps.ts';

export type DemoFormat = 'xlsx' | 'csv';

/** The moment stamped in every generated workbook (properties and zip entries). */
export const GENERATED_AT = new Date(Date.UTC(2024, 11, 31, 0, 0, 0));

/** What Excel leaves behind when someone formats whole rows below the data. */
const EMPTY_ROW_STYLE: Partial<ExcelJS.Style> = {
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFFFF' } },
  border: { bottom: { style: 'hair', color: { argb: 'FFD9D9D9' } } },
};

export async function writeSheet(sheet: SheetData, outDir: string, format: DemoFormat): Promise<string> {
  const file = path.join(outDir, `${sheet.spec.file}.${format}`);
  if (format === 'csv') await writeCsv(sheet, file);
  else await writeXlsx(sheet, file);
  return file;
}

async function writeXlsx(sheet: SheetData, file: string): Promise<void> {
  const headers = headersOf(sheet.spec);
  // Styles cost about a second per 80,000 rows, so only sheets with formatted rows use them.
  const useStyles = sheet.trailingEmptyRows > 0;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles });
  wb.creator = 'Carttrend';
  wb.lastModifiedBy = 'Carttrend';
  wb.created = GENERATED_AT;
  wb.modified = GENERATED_AT;
  keyRichTextStrings(wb);
  const ws = wb.addWorksheet(sheet.spec.sheet);
  ws.addRow(headers).commit();
  for (const row of sheet.rows) ws.addRow(row as Cell[]).commit();
  for (let i = 0; i < sheet.trailingEmptyRows; i++) {
    const row = ws.addRow([]);
    for (let c = 1; c <= headers.length; c++) row.getCell(c).style = EMPTY_ROW_STYLE;
    row.height = 15; // the streaming writer drops rows that have neither values nor a height
    row.commit();
  }
  ws.commit();
  await wb.commit();
  await writeFile(file, setZipTimestamps(await readFile(file), GENERATED_AT));
}

/**
 * exceljs 4.4.0 indexes shared strings with `hash[value]`; a rich-text value is
 * an object, so every one would get the key '[object Object]' and show the
 * first one's text. We hand it an equivalent object whose key is its content.
 */
function keyRichTextStrings(wb: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const strings = (wb as unknown as { sharedStrings: { add(value: unknown): number } }).sharedStrings;
  const add = strings.add.bind(strings);
  strings.add = (value) => {
    if (typeof value !== 'object' || value === null || !('richText' in value)) return add(value);
    const { richText } = value as RichTextCell;
    return add({ richText, toString: () => `\u0000rich:${JSON.stringify(richText)}` });
  };
}

async function writeCsv(sheet: SheetData, file: string): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  const lines = [headersOf(sheet.spec), ...sheet.rows];
  let chunk = '';
  for (const row of lines) {
    chunk += row.map((cell) => csvField(cellText(cell as Cell))).join(',') + '\n';
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
