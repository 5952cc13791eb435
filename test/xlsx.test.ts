import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARTTREND_WORKBOOKS } from '../assets/carttrend/catalog.ts';
import { generateDemoData } from '../assets/carttrend/demo-data/index.ts';
import { openXlsx, XlsxError, type XlsxValue } from '../core/index.ts';
import { sheetRows } from '../core/sources/sheet.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'trellis-xlsx-'));
  await generateDemoData({ outDir: path.join(dir, 'demo'), scale: 0.05, seed: 7 });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A cell as exceljs's streaming reader gives it, reduced to a value: rich text and hyperlinks as text, formulas as their result. */
function exceljsValue(value: unknown): XlsxValue {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'object' || value instanceof Date) return value as XlsxValue;
  const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
  if (Array.isArray(v.richText)) return exceljsValue(v.richText.map((run) => run.text).join(''));
  if ('text' in v) return exceljsValue(v.text);
  if ('result' in v) return exceljsValue(v.result);
  if (typeof v.error === 'string') return v.error;
  return null;
}

/** Every sheet of `file` as exceljs reads it: sheet name -> rows of values (trailing empties dropped). */
async function readWithExceljs(file: string): Promise<Map<string, XlsxValue[][]>> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache', worksheets: 'emit', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore',
  });
  const sheets = new Map<string, XlsxValue[][]>();
  for await (const worksheet of reader) {
    const rows: XlsxValue[][] = [];
    for await (const row of worksheet) rows.push(trim((row.values as unknown[]).slice(1).map(exceljsValue)));
    sheets.set((worksheet as unknown as { name: string }).name, rows);
  }
  return sheets;
}

async function readWithOurs(file: string): Promise<Map<string, XlsxValue[][]>> {
  const book = await openXlsx(file);
  const sheets = new Map<string, XlsxValue[][]>();
  for (const sheet of book.sheets) {
    const rows: XlsxValue[][] = [];
    for await (const row of book.rows(sheet)) rows.push(trim(row.values.map((v) => (v === '' ? null : v))));
    sheets.set(sheet, rows);
  }
  return sheets;
}

function trim(values: XlsxValue[]): XlsxValue[] {
  const out = Array.from(values, (v) => v ?? null);
  while (out.length && out.at(-1) === null) out.pop();
  return out;
}

describe('the xlsx reader agrees with exceljs on the generated workbooks', () => {
  it.each(CARTTREND_WORKBOOKS.map((w) => [w.file] as const))('%s: sheet by sheet, cell by cell', async (name) => {
    const file = path.join(dir, 'demo', `${name}.xlsx`);
    const theirs = await readWithExceljs(file);
    const ours = await readWithOurs(file);
    expect([...ours.keys()]).toEqual([...theirs.keys()]);
    for (const [sheet, rows] of theirs) {
      const mine = ours.get(sheet)!;
      expect(mine.length).toBe(rows.length);
      rows.forEach((row, r) => expect([sheet, r, mine[r]]).toEqual([sheet, r, row]));
    }
  });
});

/** Writes an .xlsx from parts given as XML text (no styles part unless given). */
async function writeParts(name: string, parts: Record<string, string>): Promise<string> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  zip.file('_rels/.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>');
  for (const [part, xml] of Object.entries(parts)) zip.file(part, xml);
  const file = path.join(dir, name);
  await writeFile(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return file;
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const book = (date1904 = false) => `<workbook ${NS}>${date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets><sheet name="Feuil &amp; 1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const rels = (strings: boolean) => `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
  `<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/>` +
  (strings ? `<Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : '') + '</Relationships>';
const STYLES = `<styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ &quot;h&quot;"/></numFmts>` +
  '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="2"/></cellXfs></styleSheet>';
const sheet = (rows: string) => `<worksheet ${NS}><sheetData>${rows}</sheetData></worksheet>`;

async function rowsOf(file: string): Promise<{ row: number; values: XlsxValue[] }[]> {
  const opened = await openXlsx(file);
  const rows: { row: number; values: XlsxValue[] }[] = [];
  for await (const row of opened.rows(opened.sheets[0]!)) rows.push(row);
  return rows;
}

describe('hand-made workbooks', () => {
  it('dates in the 1900 and 1904 systems, built-in and custom formats; numbers with other formats stay numbers', async () => {
    const cells = '<row r="1"><c r="A1" s="1"><v>45292</v></c><c r="B1" s="2"><v>45292.5</v></c><c r="C1" s="3"><v>45292</v></c></row>';
    const parts = (date1904: boolean) => ({
      'xl/workbook.xml': book(date1904), 'xl/_rels/workbook.xml.rels': rels(false), 'xl/styles.xml': STYLES,
      'xl/worksheets/sheet1.xml': sheet(cells),
    });
    expect(await rowsOf(await writeParts('d1900.xlsx', parts(false)))).toEqual([
      { row: 1, values: [new Date('2024-01-01T00:00:00Z'), new Date('2024-01-01T12:00:00Z'), 45292] }]);
    const opened = await openXlsx(await writeParts('d1904.xlsx', parts(true)));
    expect(opened.date1904).toBe(true);
    expect(await rowsOf(opened.file)).toEqual([
      { row: 1, values: [new Date('2028-01-02T00:00:00Z'), new Date('2028-01-02T12:00:00Z'), 45292] }]);
  });

  it('shared strings with rich text runs and phonetic guides, entities, sparse rows and cells, booleans, errors, formulas', async () => {
    const strings = `<sst ${NS}><si><t>plain &amp; simple</t></si>` +
      '<si><r><rPr><b/></rPr><t>ri</t></r><r><t xml:space="preserve">ch </t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si><si><t/></si></sst>';
    const rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>' +
      '<row r="4"><c r="B4" t="b"><v>1</v></c><c r="C4" t="e"><v>#N/A</v></c><c r="D4"><f>1+1</f><v>2</v></c><c r="E4"><f>A1</f></c>' +
      '<c r="F4" t="str"><f>A1</f><v>x &lt; y</v></c><c r="G4" t="s"><v>2</v></c></row><row r="5"/>';
    const file = await writeParts('strings.xlsx', {
      'xl/workbook.xml': book(), 'xl/_rels/workbook.xml.rels': rels(true), 'xl/styles.xml': STYLES,
      'xl/sharedStrings.xml': strings, 'xl/worksheets/sheet1.xml': sheet(rows),
    });
    const opened = await openXlsx(file);
    expect(opened.sheets).toEqual(['Feuil & 1']);
    expect(await rowsOf(file)).toEqual([
      { row: 1, values: ['plain & simple', null, 'rich '] },
      { row: 4, values: [null, true, '#N/A', 2, null, 'x < y', ''] },
      { row: 5, values: [] },
    ]);
  });

  it('inline strings and no sharedStrings part (as other tools write), with a namespace prefix', async () => {
    const x = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const rows = '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>id</x:t></x:is></x:c>' +
      '<x:c r="B1" t="inlineStr"><x:is><x:r><x:t>a</x:t></x:r><x:r><x:t>b</x:t></x:r></x:is></x:c></x:row>' +
      '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>007</x:t></x:is></x:c><x:c r="B2"><x:v>1.5</x:v></x:c></x:row>';
    const file = await writeParts('inline.xlsx', {
      'xl/workbook.xml': book(), 'xl/_rels/workbook.xml.rels': rels(false),
      'xl/worksheets/sheet1.xml': `<x:worksheet ${x}><x:sheetData>${rows}</x:sheetData></x:worksheet>`,
    });
    expect(await rowsOf(file)).toEqual([{ row: 1, values: ['id', 'ab'] }, { row: 2, values: ['007', 1.5] }]);
  });

  it('a shared string cell without a sharedStrings part names the cell', async () => {
    const file = await writeParts('nostrings.xlsx', {
      'xl/workbook.xml': book(), 'xl/_rels/workbook.xml.rels': rels(false),
      'xl/worksheets/sheet1.xml': sheet('<row r="1"><c r="B1" t="s"><v>0</v></c></row>'),
    });
    const error = await rowsOf(file).catch((e: unknown) => e as XlsxError);
    expect(error).toBeInstanceOf(XlsxError);
    expect((error as XlsxError).message).toBe(`${file}: is not a readable .xlsx workbook (in xl/worksheets/sheet1.xml, ` +
      'cell B1 refers to shared string 0, but the workbook has no shared strings part)');
  });

  it('a corrupt zip names the file and gives the fix', async () => {
    const file = path.join(dir, 'corrupt.xlsx');
    await writeFile(file, Buffer.from('PK\u0003\u0004 not really a zip'.repeat(20)));
    const error = await openXlsx(file).catch((e: unknown) => e as XlsxError);
    expect(error).toBeInstanceOf(XlsxError);
    expect((error as XlsxError).message).toBe(`${file}: is not a readable .xlsx workbook ` +
      '(no zip directory at the end: the file is truncated or is not an .xlsx)');
    expect((error as XlsxError).fix).toBe('open it in Excel or Google Sheets and save it again as .xlsx');
  });
});

describe('the sheet scanner', () => {
  const context = { strings: ['zéro', 'un & deux'], dates: [false, true], date1904: false };
  const xml = `<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
    '<x:cols><x:col min="1" max="2" width="9"/></x:cols><x:sheetData>' +
    '<x:row r="1" spans="1:6"><x:c r="A1" t="s"><x:v>1</x:v></x:c><x:c r="B1" s="1"><x:v>45292.25</x:v></x:c>' +
    '<x:c r="C1" t="inlineStr"><x:is><x:t>Étoilé &lt;3</x:t></x:is></x:c><!-- <x:c r="D1"><x:v>9</x:v></x:c> -->' +
    '<x:c r="E1" t="str"><x:f>A1&amp;"!"</x:f><x:v>un &amp; deux!</x:v></x:c><x:c r="F1"/></x:row>' +
    '<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c><x:v>-0.125</x:v></x:c></x:row><x:row r="9"/></x:sheetData>' +
    '<x:hyperlinks><x:hyperlink ref="A1" display="a > b"/></x:hyperlinks></x:worksheet>';
  const expected = [
    { row: 1, values: ['un & deux', new Date('2024-01-01T06:00:00Z'), 'Étoilé <3', null, 'un & deux!', null] },
    { row: 2, values: ['zéro', -0.125] },
    { row: 9, values: [] },
  ];

  async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
  }

  async function scan(bytes: Buffer, size: number) {
    const rows = [];
    for await (const row of sheetRows(chunksOf(bytes, size), context)) rows.push(row);
    return rows;
  }

  it('reads the same rows however the bytes are cut, even inside a tag or a UTF-8 character', async () => {
    const bytes = Buffer.from(xml, 'utf8');
    expect(await scan(bytes, bytes.length)).toEqual(expected);
    for (const size of [1, 2, 3, 7, 64]) expect([size, await scan(bytes, size)]).toEqual([size, expected]);
  });

  it('parses numbers exactly as Number() does, plain decimals and the rest', async () => {
    const texts = ['0', '-0', '7', '0.1', '0.3', '-12.5', '5.', '.5', '123456789012345', '1234567890123456789',
      '0.1234567890123456', '3.14159265358979', '1E-3', '2.5e10', ' 42', '-', 'abc'];
    for (let i = 0; i < 200; i++) texts.push((Math.random() * 10 ** (i % 12)).toFixed(i % 9));
    const row = texts.map((text, i) => `<c r="${columnName(i)}1"><v>${text}</v></c>`).join('');
    const bytes = Buffer.from(`<worksheet><sheetData><row r="1">${row}</row></sheetData></worksheet>`);
    const [read] = await scan(bytes, 4096);
    expect(read!.values).toEqual(texts.map((text) => (Number.isNaN(Number(text)) ? text : Number(text))));
  });
});

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
