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
import { CellProblem, sheetRows, type SheetContext, type XlsxRow } from './sheet.ts';
import { attribute, decodeXml, prefixOf, tags, textOfRuns } from './xml.ts';
import { openZip, ZipProblem, type Zip } from './zip.ts';
import { faultPoint } from '../faults.ts';

export type { XlsxRow, XlsxValue } from './sheet.ts';

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
  const plain = `<${prefix}t>`;
  const plainEnd = `</${prefix}t>${close}`;
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
    // Most items are one plain run, `<si><t>text</t></si>`: read it without looking for runs.
    if (xml.startsWith(plain, tagEnd + 1)) {
      const textEnd = xml.indexOf('<', tagEnd + 1 + plain.length);
      if (textEnd >= 0 && xml.startsWith(plainEnd, textEnd)) {
        strings.push(decodeXml(xml.slice(tagEnd + 1 + plain.length, textEnd)));
        at = textEnd + plainEnd.length;
        continue;
      }
    }
    const end = xml.indexOf(close, tagEnd);
    if (end < 0) throw new ZipProblem(`the shared strings part is cut short after ${strings.length} strings`);
    strings.push(textOfRuns(xml, tagEnd + 1, end, prefix));
    at = end + close.length;
  }
}

async function* readRows(file: string, zip: Zip, part: string, context: SheetContext): AsyncGenerator<XlsxRow> {
  try {
    yield* sheetRows(zip.stream(part), context);
  } catch (error) {
    throw asXlsxError(file, error instanceof CellProblem ? new ZipProblem(`in ${part}, ${error.message}`) : error);
  }
}
