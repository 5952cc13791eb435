/**
 * The rows of a worksheet part, scanned over its inflated bytes. A sheet is
 * almost all `<c r="B2" t="s"><v>17</v></c>`: the scanner walks the bytes
 * once, reads the three attributes that matter (`r`, `t`, `s`) in place,
 * parses numbers and shared-string indexes from their digits, and decodes
 * text only for the cells that hold text of their own (inline strings,
 * formula strings, errors). Nothing is allocated per tag; a sheet's rows are
 * cut at `</row>`, so a chunk boundary never splits what is parsed.
 *
 * @example
 * for await (const row of sheetRows(zip.stream('xl/worksheets/sheet1.xml'), context)) row.values;
 */
import { decimal, digits } from './sheet-numbers.ts';
import { attributes, GT, isNameEnd, LT, refText, SLASH, type Attributes } from './sheet-tags.ts';
import { decodeXml, prefixOf, textOfRuns } from './xml.ts';

/** A cell's value: empty cells are null. */
export type XlsxValue = string | number | boolean | Date | null;

export interface XlsxRow {
  /** The row number in the sheet, from 1 (rows absent from the file are not yielded). */
  readonly row: number;
  /** Values by column, from column A at index 0; cells absent from the row are null. */
  readonly values: XlsxValue[];
}

/** What the workbook tells about every sheet's cells. */
export interface SheetContext {
  readonly strings: readonly string[] | undefined;
  /** For each cell style (`s` attribute), whether its number format is a date. */
  readonly dates: readonly boolean[];
  readonly date1904: boolean;
}

/** A cell that cannot be read; the message names the cell. */
export class CellProblem extends Error {}

const DAY_MS = 86_400_000;
/** Days from the 1900 system's day 0 (1899-12-30, counting Excel's phantom 1900-02-29) to 1970-01-01. */
const EPOCH_1900 = 25_569;
const EPOCH_1904 = EPOCH_1900 - 1_462;

/** Cell types (`t` attribute), as small integers compared in the hot loop. */
const enum Type { Number, Shared, Str, Error, Boolean, Date, Inline, Other }

/** Element names the scanner acts on. */
const enum Element { Other, Row, Cell, Value, Inline }

class SheetScanner {
  private readonly prefix: Buffer;
  private readonly inlineEnd: Buffer;
  private readonly rowEnd: Buffer;
  private lastRow = 0;
  /** Scratch for the attributes of the tag being read, reused for every tag. */
  private readonly found: Attributes = { end: 0, rFrom: -1, rTo: -1, tFrom: -1, tTo: -1, sFrom: -1, sTo: -1 };

  private constructor(private readonly prefixText: string, private readonly context: SheetContext) {
    this.prefix = Buffer.from(prefixText, 'latin1');
    this.inlineEnd = Buffer.from(`</${prefixText}is>`, 'latin1');
    this.rowEnd = Buffer.from(`</${prefixText}row>`, 'latin1');
  }

  /** A scanner for the sheet whose first bytes are `head`, or undefined until its root element is in `head`. */
  static detect(head: Buffer, context: SheetContext): SheetScanner | undefined {
    const text = head.toString('latin1', 0, Math.min(head.length, 64 * 1024));
    if (!/<([A-Za-z_][\w.-]*:)?worksheet[\s>/]/.test(text)) return undefined;
    return new SheetScanner(prefixOf(text, 'worksheet'), context);
  }

  /**
   * Parses the rows of `bytes` into `out` and returns how many bytes were
   * consumed: up to the end of the last complete row, or all of them when
   * `final` (the rest of the part).
   */
  scan(bytes: Buffer, out: XlsxRow[], final: boolean): number {
    let end = bytes.length;
    if (!final) {
      const last = bytes.lastIndexOf(this.rowEnd);
      if (last < 0) return 0;
      end = last + this.rowEnd.length;
    }
    let values: XlsxValue[] | undefined;
    let rowNumber = 0;
    let column = 0;
    let cellRef = -1;
    let type: Type = Type.Number;
    let style = -1;
    let value: XlsxValue = null;
    let valueSeen = false;
    let at = 0;
    while (at < end) {
      if (bytes[at] !== LT) {
        at++;
        continue;
      }
      const closing = bytes[at + 1] === SLASH;
      const nameStart = closing ? at + 2 : at + 1;
      if (!closing && (bytes[nameStart] === 33 || bytes[nameStart] === 63)) {
        at = this.skipMarkup(bytes, at, end);
        continue;
      }
      let nameEnd = nameStart;
      while (nameEnd < end && !isNameEnd(bytes[nameEnd]!)) nameEnd++;
      const element = this.element(bytes, nameStart, nameEnd);
      let tagEnd = nameEnd;
      if (closing || element === Element.Other || element === Element.Value) {
        while (tagEnd < end && bytes[tagEnd] !== GT) tagEnd++;
      }
      if (closing) {
        if (element === Element.Cell && values) {
          setCell(values, column, value);
          column++;
        } else if (element === Element.Row && values) {
          out.push({ row: rowNumber, values });
          values = undefined;
        }
        at = tagEnd + 1;
        continue;
      }
      switch (element) {
        case Element.Row: {
          rowNumber = this.lastRow + 1;
          column = 0;
          const a = attributes(bytes, nameEnd, end, this.found);
          tagEnd = a.end;
          if (a.rFrom >= 0) rowNumber = digits(bytes, a.rFrom, a.rTo) ?? Number(bytes.toString('latin1', a.rFrom, a.rTo));
          this.lastRow = rowNumber;
          values = [];
          if (bytes[tagEnd - 1] === SLASH) {
            out.push({ row: rowNumber, values });
            values = undefined;
          }
          break;
        }
        case Element.Cell: {
          const a = attributes(bytes, nameEnd, end, this.found);
          tagEnd = a.end;
          cellRef = a.rFrom;
          if (a.rFrom >= 0) column = columnIndex(bytes, a.rFrom, a.rTo, rowNumber);
          type = a.tFrom >= 0 ? typeOf(bytes, a.tFrom, a.tTo) : Type.Number;
          style = a.sFrom >= 0 ? digits(bytes, a.sFrom, a.sTo) ?? -1 : -1;
          value = null;
          valueSeen = false;
          if (bytes[tagEnd - 1] === SLASH && values) {
            setCell(values, column, null);
            column++;
          }
          break;
        }
        case Element.Value: {
          if (bytes[tagEnd - 1] === SLASH || valueSeen || type === Type.Inline) break;
          valueSeen = true;
          let stop = tagEnd + 1;
          while (stop < end && bytes[stop] !== LT) stop++;
          value = this.cellValue(bytes, tagEnd + 1, stop, type, style, cellRef);
          at = stop;
          continue;
        }
        case Element.Inline: {
          tagEnd = attributes(bytes, nameEnd, end, this.found).end;
          if (type !== Type.Inline || bytes[tagEnd - 1] === SLASH) break;
          let stop = bytes.indexOf(this.inlineEnd, tagEnd);
          if (stop < 0 || stop > end) stop = end;
          const xml = bytes.toString('utf8', tagEnd + 1, stop);
          value = textOfRuns(xml, 0, xml.length, this.prefixText);
          at = stop;
          continue;
        }
      }
      at = tagEnd + 1;
    }
    return end;
  }

  /** Which element the name between `from` and `to` is: the sheet's prefix, then a local name. */
  private element(bytes: Buffer, from: number, to: number): Element {
    const prefix = this.prefix;
    const p = prefix.length;
    for (let i = 0; i < p; i++) if (bytes[from + i] !== prefix[i]) return Element.Other;
    const length = to - from - p;
    const first = bytes[from + p];
    if (length === 1) return first === 99 ? Element.Cell : first === 118 ? Element.Value : Element.Other;
    if (length === 3) return first === 114 && bytes[from + p + 1] === 111 && bytes[from + p + 2] === 119 ? Element.Row : Element.Other;
    if (length === 2) return first === 105 && bytes[from + p + 1] === 115 ? Element.Inline : Element.Other;
    return Element.Other;
  }

  /** Skips a comment, processing instruction or CDATA section starting at `at`; returns where the scan goes on. */
  private skipMarkup(bytes: Buffer, at: number, end: number): number {
    const close = bytes[at + 2] === 45 ? '-->' : bytes[at + 2] === 91 ? ']]>' : '>';
    const found = bytes.indexOf(close, at + 2, 'latin1');
    return found < 0 || found >= end ? end : found + close.length;
  }

  private cellValue(bytes: Buffer, from: number, to: number, type: Type, style: number, cellRef: number): XlsxValue {
    switch (type) {
      case Type.Shared: {
        const strings = this.context.strings;
        const index = digits(bytes, from, to) ?? Number(bytes.toString('latin1', from, to));
        const value = strings?.[index];
        if (value === undefined) throw new CellProblem(`cell ${refText(bytes, cellRef)} refers to shared string ` +
          `${bytes.toString('latin1', from, to)}, ${strings ? `past the ${strings.length} stored` : 'but the workbook has no shared strings part'}`);
        return value;
      }
      case Type.Str:
      case Type.Error:
        return decodeXml(bytes.toString('utf8', from, to));
      case Type.Boolean: {
        const raw = bytes.toString('latin1', from, to).trim();
        return raw !== '0' && raw !== 'false';
      }
      case Type.Date: {
        const raw = bytes.toString('latin1', from, to);
        const date = new Date(raw.length === 10 ? `${raw}T00:00:00Z` : raw.endsWith('Z') ? raw : `${raw}Z`);
        return Number.isNaN(date.getTime()) ? decodeXml(raw) : date;
      }
      default: {
        if (from === to) return null;
        let number = decimal(bytes, from, to);
        if (number === undefined) {
          const raw = bytes.toString('utf8', from, to);
          number = Number(raw);
          if (raw === '' || Number.isNaN(number)) return raw === '' ? null : decodeXml(raw);
        }
        if (style >= 0 && this.context.dates[style]) {
          return new Date(Math.round((number - (this.context.date1904 ? EPOCH_1904 : EPOCH_1900)) * DAY_MS));
        }
        return number;
      }
    }
  }
}

/**
 * The rows of a worksheet part given as chunks of its bytes, cut anywhere:
 * each chunk is scanned up to its last complete row and the rest waits for
 * the next one.
 */
export async function* sheetRows(chunks: AsyncIterable<Buffer>, context: SheetContext): AsyncGenerator<XlsxRow> {
  let pending: Buffer | undefined;
  let scanner: SheetScanner | undefined;
  for await (const chunk of chunks) {
    const bytes = pending?.length ? Buffer.concat([pending, chunk]) : chunk;
    scanner ??= SheetScanner.detect(bytes, context);
    if (!scanner) {
      pending = bytes;
      continue;
    }
    const rows: XlsxRow[] = [];
    pending = bytes.subarray(scanner.scan(bytes, rows, false));
    yield* rows;
  }
  scanner ??= SheetScanner.detect(Buffer.from('<worksheet>'), context)!;
  const rows: XlsxRow[] = [];
  scanner.scan(pending ?? Buffer.alloc(0), rows, true);
  yield* rows;
}

/** Sets `values[column]`, filling the columns before it with null. */
function setCell(values: XlsxValue[], column: number, value: XlsxValue): void {
  while (values.length < column) values.push(null);
  values[column] = value;
}

/** The cell type of a `t` attribute's value. */
function typeOf(bytes: Buffer, from: number, to: number): Type {
  const length = to - from;
  const first = bytes[from];
  if (length === 1) {
    switch (first) {
      case 115: return Type.Shared;
      case 110: return Type.Number;
      case 98: return Type.Boolean;
      case 101: return Type.Error;
      case 100: return Type.Date;
      default: return Type.Other;
    }
  }
  const text = bytes.toString('latin1', from, to);
  return text === 'str' ? Type.Str : text === 'inlineStr' ? Type.Inline : Type.Other;
}

/** `BC12` -> 54 (0-based); the row part is not checked against the row. */
function columnIndex(bytes: Buffer, from: number, to: number, rowNumber: number): number {
  let column = 0;
  let i = from;
  for (; i < to; i++) {
    const code = bytes[i]!;
    if (code >= 65 && code <= 90) column = column * 26 + code - 64;
    else if (code >= 97 && code <= 122) column = column * 26 + code - 96;
    else break;
  }
  if (i === from) throw new CellProblem(`row ${rowNumber} has a cell with a malformed reference '${bytes.toString('utf8', from, to)}'`);
  return column - 1;
}
