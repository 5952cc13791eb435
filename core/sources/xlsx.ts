/**
 * A streaming .xlsx reader: the sheet's XML is inflated and scanned row by
 * row as it arrives (no DOM, no temporary files), with shared strings (rich
 * text as its text), inline strings, booleans, numbers, error codes and dates
 * (from the workbook's number formats, in the 1900 or 1904 date system).
 * Hyperlinked cells read as their text; a formula reads as its cached result.
 *
 * @example
 * const book = await openXlsx('Carttrend_Commandes.xlsx');
 * book.sheets; // ['Commandes']
 * for await (const row of book.rows('Commandes')) row.values; // ['CMD00001', 'C00042', 2024-03-01T00:00:00.000Z, …]
 */
import path from 'node:path/posix';
import { TrellisError } from '../errors.ts';
import { attribute, decodeXml, isNameEnd, prefixOf, tags, textOfRuns } from './xml.ts';
import { openZip, ZipProblem, type Zip } from './zip.ts';
import { faultPoint } from '../faults.ts';

/** A cell's value: empty cells are null. */
export type XlsxValue = string | number | boolean | Date | null;

export interface XlsxRow {
  /** The row number in the sheet, from 1 (rows absent from the file are not yielded). */
  readonly row: number;
  /** Values by column, from column A at index 0; cells absent from the row are null. */
  readonly values: XlsxValue[];
}

export interface XlsxWorkbook {
  readonly file: string;
  /** Sheet (tab) names in workbook order. */
  readonly sheets: readonly string[];
  /** True when the workbook counts dates from 1904 (old Mac Excel). */
  readonly date1904: boolean;
  /** The rows of `sheet` in file order; throws XlsxError when the sheet is missing or damaged. */
  rows(sheet: string): AsyncGenerator<XlsxRow>;
}

/** A workbook that cannot be read; `reason` says why in a phrase, the message names the file. */
export class XlsxError extends TrellisError {
  override name = 'XlsxError';
  override readonly exitCode = 1;
  constructor(readonly file: string, readonly reason: string, options: { cause?: unknown; fix?: string } = {}) {
    super(`${file}: is not a readable .xlsx workbook (${reason})`, {
      cause: options.cause,
      fix: options.fix ?? 'open it in Excel or Google Sheets and save it again as .xlsx',
    });
  }
}

const RELATIONSHIP = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';

/** Opens `file` and reads its workbook part, relationships, styles and shared strings. */
export async function openXlsx(file: string): Promise<XlsxWorkbook> {
  faultPoint('source.read');
  try {
    const zip = await openZip(file);
    const bookPath = await officeDocument(zip);
    const book = await zip.text(bookPath);
    const rels = await relationships(zip, bookPath);
    const bookPrefix = prefixOf(book, 'workbook');
    const properties = [...tags(book, `${bookPrefix}workbookPr`)][0] ?? '';
    const date1904 = ['1', 'true'].includes(attribute(properties, 'date1904') ?? '');
    const sheets = [...tags(book, `${bookPrefix}sheet`)].map((tag) => ({
      name: attribute(tag, 'name') ?? '',
      part: rels.byId.get(attribute(tag, 'id') ?? ''),
    }));
    const stylesPart = rels.byType.get('styles') ?? 'xl/styles.xml';
    const dates = zip.has(stylesPart) ? dateStyles(await zip.text(stylesPart)) : [];
    const stringsPart = rels.byType.get('sharedStrings') ?? 'xl/sharedStrings.xml';
    const strings = zip.has(stringsPart) ? sharedStrings(await zip.text(stringsPart)) : undefined;
    return {
      file,
      sheets: sheets.map((s) => s.name),
      date1904,
      rows(name) {
        const sheet = sheets.find((s) => s.name === name);
        if (!sheet) throw new XlsxError(file, `it has no sheet named '${name}'`, { fix: `sheets present: ${sheets.map((s) => `'${s.name}'`).join(', ')}` });
        if (!sheet.part || !zip.has(sheet.part)) throw new XlsxError(file, `the part holding sheet '${name}' is missing`);
        return readRows(file, zip, sheet.part, { strings, dates, date1904 });
      },
    };
  } catch (error) {
    throw asXlsxError(file, error);
  }
}

function asXlsxError(file: string, error: unknown): unknown {
  if (error instanceof ZipProblem) return new XlsxError(file, error.reason, { cause: error });
  return error;
}

async function officeDocument(zip: Zip): Promise<string> {
  if (zip.has('_rels/.rels')) {
    for (const tag of tags(await zip.text('_rels/.rels'), 'Relationship')) {
      if (attribute(tag, 'Type')?.endsWith('/officeDocument')) return resolvePart('', attribute(tag, 'Target') ?? '');
    }
  }
  if (zip.has('xl/workbook.xml')) return 'xl/workbook.xml';
  throw new ZipProblem('it has no workbook part (xl/workbook.xml): it is a zip, but not a workbook');
}

/** A relationship target as a zip entry name: relative to the part's folder, or absolute from the root. */
function resolvePart(fromFolder: string, target: string): string {
  return target.startsWith('/') ? target.slice(1) : path.normalize(path.join(fromFolder, target));
}

async function relationships(zip: Zip, part: string): Promise<{ byId: Map<string, string>; byType: Map<string, string> }> {
  const folder = path.dirname(part);
  const relsPart = path.join(folder, '_rels', `${path.basename(part)}.rels`);
  const byId = new Map<string, string>();
  const byType = new Map<string, string>();
  if (!zip.has(relsPart)) return { byId, byType };
  for (const tag of tags(await zip.text(relsPart), 'Relationship')) {
    const target = resolvePart(folder, attribute(tag, 'Target') ?? '');
    byId.set(attribute(tag, 'Id') ?? '', target);
    const type = attribute(tag, 'Type') ?? '';
    if (type.startsWith(RELATIONSHIP)) byType.set(type.slice(RELATIONSHIP.length), target);
  }
  return { byId, byType };
}

/** Built-in number formats that show dates or times (ECMA-376 part 1, 18.8.30, with the East Asian ones). */
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47,
  50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom format shows a date when, outside quoted text, `[…]` and escapes, it has a date or time letter. */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*]|\\./g, '');
  return /[ymdhsb]/i.test(bare.replace(/General/gi, ''));
}

/** For each cell style (`s` attribute), whether its number format is a date. */
function dateStyles(xml: string): boolean[] {
  const prefix = prefixOf(xml, 'styleSheet');
  const custom = new Map<number, boolean>();
  for (const tag of tags(xml, `${prefix}numFmt`)) {
    custom.set(Number(attribute(tag, 'numFmtId')), isDateFormat(attribute(tag, 'formatCode') ?? ''));
  }
  const start = xml.indexOf(`<${prefix}cellXfs`);
  if (start < 0) return [];
  const end = xml.indexOf(`</${prefix}cellXfs>`, start);
  const styles: boolean[] = [];
  for (const tag of tags(xml.slice(start, end < 0 ? undefined : end), `${prefix}xf`)) {
    const id = Number(attribute(tag, 'numFmtId') ?? 0);
    styles.push(custom.get(id) ?? BUILT_IN_DATES.has(id));
  }
  return styles;
}

function sharedStrings(xml: string): string[] {
  const prefix = prefixOf(xml, 'sst');
  const open = `<${prefix}si`;
  const close = `</${prefix}si>`;
  const strings: string[] = [];
  let at = 0;
  for (;;) {
    const start = xml.indexOf(open, at);
    if (start < 0) return strings;
    const tagEnd = xml.indexOf('>', start);
    if (xml.charCodeAt(tagEnd - 1) === 47) {
      strings.push('');
      at = tagEnd + 1;
      continue;
    }
    const end = xml.indexOf(close, tagEnd);
    if (end < 0) throw new ZipProblem(`the shared strings part is cut short after ${strings.length} strings`);
    strings.push(textOfRuns(xml, tagEnd + 1, end, prefix));
    at = end + close.length;
  }
}

interface SheetContext {
  readonly strings: readonly string[] | undefined;
  readonly dates: readonly boolean[];
  readonly date1904: boolean;
}

const DAY_MS = 86_400_000;
/** Days from the 1900 system's day 0 (1899-12-30, counting Excel's phantom 1900-02-29) to 1970-01-01. */
const EPOCH_1900 = 25_569;
const EPOCH_1904 = EPOCH_1900 - 1_462;

async function* readRows(file: string, zip: Zip, part: string, context: SheetContext): AsyncGenerator<XlsxRow> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let tags: SheetTags | undefined;
  try {
    for await (const chunk of zip.stream(part)) {
      const text = pending + decoder.decode(chunk, { stream: true });
      tags ??= sheetTags(text);
      if (!tags) {
        pending = text;
        continue;
      }
      const rows: XlsxRow[] = [];
      const consumed = scanRows(text, tags, context, rows);
      pending = text.slice(consumed);
      yield* rows;
    }
    const rest = pending + decoder.decode();
    tags ??= sheetTags(rest) ?? sheetTags('<worksheet>');
    const rows: XlsxRow[] = [];
    scanRows(rest, tags!, context, rows);
    yield* rows;
  } catch (error) {
    throw asXlsxError(file, error instanceof CellProblem ? new ZipProblem(`in ${part}, ${error.message}`) : error);
  }
}

class CellProblem extends Error {}

interface SheetTags {
  readonly row: string;
  readonly rowEnd: string;
  readonly cell: string;
  readonly cellEnd: string;
  readonly value: string;
  readonly valueEnd: string;
  readonly inline: string;
  readonly inlineEnd: string;
  readonly prefix: string;
}

/** The tag names of a sheet, with the prefix its root element uses; undefined until the root is seen. */
function sheetTags(head: string): SheetTags | undefined {
  if (!/<([A-Za-z_][\w.-]*:)?worksheet[\s>/]/.test(head)) return undefined;
  const p = prefixOf(head, 'worksheet');
  return {
    row: `<${p}row`, rowEnd: `</${p}row>`, cell: `<${p}c`, cellEnd: `</${p}c>`,
    value: `<${p}v`, valueEnd: `</${p}v>`, inline: `<${p}is`, inlineEnd: `</${p}is>`, prefix: p,
  };
}

/** Parses every complete row in `text` into `out`; returns where the first incomplete row starts. */
function scanRows(text: string, t: SheetTags, context: SheetContext, out: XlsxRow[]): number {
  let at = 0;
  let done = 0;
  for (;;) {
    const start = text.indexOf(t.row, at);
    // Keep a tail that may be the start of a row tag cut by the chunk boundary.
    if (start < 0) return Math.max(done, text.length - t.row.length);
    const tagEnd = text.indexOf('>', start);
    if (tagEnd < 0) return start;
    if (!isNameEnd(text.charCodeAt(start + t.row.length))) {
      at = tagEnd + 1;
      done = at;
      continue;
    }
    const number = Number(attribute(text.slice(start, tagEnd + 1), 'r') ?? (out.at(-1)?.row ?? 0) + 1);
    if (text.charCodeAt(tagEnd - 1) === 47) {
      out.push({ row: number, values: [] });
      at = done = tagEnd + 1;
      continue;
    }
    const end = text.indexOf(t.rowEnd, tagEnd);
    if (end < 0) return start;
    out.push({ row: number, values: cells(text, tagEnd + 1, end, number, t, context) });
    at = done = end + t.rowEnd.length;
  }
}

function cells(text: string, start: number, end: number, rowNumber: number, t: SheetTags, context: SheetContext): XlsxValue[] {
  const values: XlsxValue[] = [];
  let at = start;
  let column = 0;
  for (;;) {
    const cell = text.indexOf(t.cell, at);
    if (cell < 0 || cell >= end) return values;
    const tagEnd = text.indexOf('>', cell);
    if (!isNameEnd(text.charCodeAt(cell + t.cell.length))) {
      at = tagEnd + 1;
      continue;
    }
    const tag = text.slice(cell, tagEnd + 1);
    const ref = attribute(tag, 'r');
    if (ref !== undefined) column = columnIndex(ref, rowNumber);
    let value: XlsxValue = null;
    if (text.charCodeAt(tagEnd - 1) === 47) {
      at = tagEnd + 1;
    } else {
      const cellEnd = text.indexOf(t.cellEnd, tagEnd);
      value = cellValue(text, tagEnd + 1, cellEnd, tag, t, context);
      at = cellEnd + t.cellEnd.length;
    }
    while (values.length < column) values.push(null);
    values[column] = value;
    column++;
  }
}

/** `BC12` -> 54 (0-based); the row part is not checked against the row. */
function columnIndex(ref: string, rowNumber: number): number {
  let column = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code >= 65 && code <= 90) column = column * 26 + code - 64;
    else if (code >= 97 && code <= 122) column = column * 26 + code - 96;
    else break;
  }
  if (i === 0) throw new CellProblem(`row ${rowNumber} has a cell with a malformed reference '${ref}'`);
  return column - 1;
}

function cellValue(text: string, start: number, end: number, tag: string, t: SheetTags, context: SheetContext): XlsxValue {
  const type = attribute(tag, 't') ?? 'n';
  if (type === 'inlineStr') {
    const is = text.indexOf(t.inline, start);
    if (is < 0 || is >= end) return null;
    const isEnd = text.indexOf(t.inlineEnd, is);
    return textOfRuns(text, is, isEnd < 0 || isEnd > end ? end : isEnd, t.prefix);
  }
  const v = text.indexOf(t.value, start);
  if (v < 0 || v >= end) return null; // empty, or a formula never calculated
  const vEnd = text.indexOf('>', v);
  if (text.charCodeAt(vEnd - 1) === 47) return null;
  const raw = text.slice(vEnd + 1, text.indexOf(t.valueEnd, vEnd));
  switch (type) {
    case 's': {
      const strings = context.strings;
      const index = Number(raw);
      if (!strings) throw new CellProblem(`cell ${attribute(tag, 'r') ?? ''} refers to shared string ${raw}, but the workbook has no shared strings part`);
      const value = strings[index];
      if (value === undefined) throw new CellProblem(`cell ${attribute(tag, 'r') ?? ''} refers to shared string ${raw}, past the ${strings.length} stored`);
      return value;
    }
    case 'str':
    case 'e':
      return decodeXml(raw);
    case 'b':
      return raw.trim() !== '0' && raw.trim() !== 'false';
    case 'd': {
      const date = new Date(raw.length === 10 ? `${raw}T00:00:00Z` : raw.endsWith('Z') ? raw : `${raw}Z`);
      return Number.isNaN(date.getTime()) ? decodeXml(raw) : date;
    }
    default: {
      const number = Number(raw);
      if (raw === '' || Number.isNaN(number)) return raw === '' ? null : decodeXml(raw);
      const style = attribute(tag, 's');
      if (style !== undefined && context.dates[Number(style)]) {
        return new Date(Math.round((number - (context.date1904 ? EPOCH_1904 : EPOCH_1900)) * DAY_MS));
      }
      return number;
    }
  }
}
