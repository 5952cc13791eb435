import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CARTTREND_WORKBOOKS, headersOf, rawTableName, workbook, type WorkbookId } from '../assets/carttrend/catalog.ts';
import { generateDemoData } from '../assets/carttrend/demo-data/index.ts';
import { columnNames, normalizeName } from '../assets/carttrend/names.ts';
import { carttrendSources, clientsSource, machinesSource, orderLinesSource, ordersSource } from '../assets/carttrend/sources.ts';
import { readWorkbook, WorkbookError } from '../assets/carttrend/workbook.ts';
import { loadCsvDelivery } from '../assets/carttrend/csv-delivery.ts';
import { openDuckDb, type LoadOptions, type Warehouse, type WarehouseSession } from '../core/index.ts';
import type { AssetContext, SourceOptions } from '../core/definitions.ts';
import type { ColumnSpec, ColumnType } from '../core/warehouse/warehouse.ts';

let dir: string;
let xlsxDir: string;
let csvDir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'trellis-workbook-'));
  xlsxDir = path.join(dir, 'xlsx');
  csvDir = path.join(dir, 'csv');
  await generateDemoData({ outDir: xlsxDir, scale: 0.05, seed: 42 });
  await generateDemoData({ outDir: csvDir, scale: 0.05, seed: 42, format: 'csv' });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fileOf = (id: WorkbookId, folder = xlsxDir, ext = 'xlsx'): string => path.join(folder, `${workbook(id).file}.${ext}`);
const read = (id: WorkbookId, folder = xlsxDir, ext = 'xlsx') => {
  const spec = workbook(id);
  return readWorkbook(fileOf(id, folder, ext), { sheet: spec.sheet, expectedHeaders: headersOf(spec) });
};

/** The error a read rejects with. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the read to fail');
}

/** Writes a small workbook with the given sheets (name -> rows, first row is the header). */
async function writeBook(file: string, sheets: Record<string, unknown[][]>): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) wb.addWorksheet(name).addRows(rows);
  await wb.xlsx.writeFile(file);
  return file;
}

describe('name normalisation (DATA.md section 2)', () => {
  it.each([
    ['temps_d’arrêt', 'temps_d_arret'],
    ['Détails Commandes ', 'details_commandes_'],
    ['Machines Entrepôts', 'machines_entrepots'],
    ['Sous-catégorie', 'sous_categorie'],
    ['ID', 'id'],
    ['CTR', 'ctr'],
    ['âge', 'age'],
    ['fréquence_visites', 'frequence_visites'],
    ['numéro_téléphone', 'numero_telephone'],
    ['id_entrepôt', 'id_entrepot'],
    ['volume_traité', 'volume_traite'],
    ['état_machine', 'etat_machine'],
    ['Catégorie', 'categorie'],
    ['date_début', 'date_debut'],
    ['temps_réponse_support', 'temps_reponse_support'],
    ['employé_support', 'employe_support'],
    ['événement_oui_non', 'evenement_oui_non'],
    ['température_moyenne_entrepôt', 'temperature_moyenne_entrepot'],
    ['Carttrend_Details_Commandes', 'carttrend_details_commandes'],
  ])('%j -> %j', (raw, normalised) => {
    expect(normalizeName(raw)).toBe(normalised);
  });

  it('names the ten raw tables as sources.yaml of the report does', () => {
    expect(CARTTREND_WORKBOOKS.map(rawTableName)).toEqual([
      'carttrend_campaigns_campagnes',
      'carttrend_clients_clients',
      'carttrend_commandes_commandes',
      'carttrend_details_commandes_details_commandes_',
      'carttrend_entrepots_entrepots',
      'carttrend_entrepots_machines_machines_entrepots',
      'carttrend_posts_posts',
      'carttrend_produits_produits',
      'carttrend_promotions_promotions',
      'carttrend_satisfaction_satisfaction',
    ]);
  });

  it('keeps column names unique and never empty', () => {
    expect(columnNames(['Prix', 'prix', 'PRIX', '', '€'])).toEqual(['prix', 'prix_2', 'prix_3', 'column_4', 'column_5']);
  });
});

const V = 'VARCHAR', D = 'DATE', I = 'BIGINT', F = 'DOUBLE';
const EXPECTED_TYPES: Record<WorkbookId, readonly ColumnType[]> = {
  campaigns: [V, D, V, V, V, F, I, I, I, V], // CTR has cells stored as text
  clients: [V, V, V, V, I, V, I, V, D, V, V],
  orders: [V, V, V, D, V, V, V, V, D],
  orderLines: [V, V, I, V],
  warehouses: [V, V, I, I, V, F], // taux_remplissage has cells stored as text
  machines: [I, V, V, V, V, I, I, V],
  posts: [V, D, V, I, V, V],
  products: [V, V, V, V, V, V, V], // Prix has cells stored as text
  promotions: [V, V, V, F, D, D, V],
  satisfaction: [V, V, I, V, V, I, V, V],
};

describe('reading generated workbooks', () => {
  it.each(CARTTREND_WORKBOOKS.map((w) => [w.id, w] as const))('%s: table, columns and types', async (id, spec) => {
    const table = await read(id);
    expect(table.table).toBe(rawTableName(spec));
    expect(table.sheet).toBe(spec.sheet);
    expect(table.headers).toEqual(headersOf(spec));
    expect(table.columns.map((c) => c.name)).toEqual(headersOf(spec).map(normalizeName));
    expect(table.columns.map((c) => c.type)).toEqual(EXPECTED_TYPES[id]);
    expect(table.rows.length).toBeGreaterThan(0);
    for (const row of table.rows) expect(row).toHaveLength(spec.columns.length);
  });

  it('reads rich-text and hyperlink emails as their text', async () => {
    const raw = new ExcelJS.Workbook();
    await raw.xlsx.readFile(fileOf('clients'));
    const cells = raw.worksheets[0]!.getColumn(4).values.slice(2) as ExcelJS.CellValue[];
    const rich = cells.findIndex((v) => typeof v === 'object' && v !== null && 'richText' in v);
    const link = cells.findIndex((v) => typeof v === 'object' && v !== null && 'hyperlink' in v);
    expect(rich).toBeGreaterThanOrEqual(0);
    expect(link).toBeGreaterThanOrEqual(0);
    const table = await read('clients');
    const richValue = cells[rich] as ExcelJS.CellRichTextValue;
    expect(table.rows[rich]![3]).toBe(richValue.richText.map((r) => r.text).join(''));
    expect(table.rows[link]![3]).toBe((cells[link] as ExcelJS.CellHyperlinkValue).text);
    expect(table.rows.every((r) => r[3] === null || typeof r[3] === 'string')).toBe(true);
    expect(table.rows.some((r) => String(r[3]).includes('[object'))).toBe(false);
  });

  it('skips the formatted empty rows after the data', async () => {
    const raw = new ExcelJS.Workbook();
    await raw.xlsx.readFile(fileOf('clients'));
    const sheet = raw.worksheets[0]!;
    const table = await read('clients');
    // The sheet extends hundreds of rows past the data...
    expect(sheet.rowCount).toBeGreaterThan(table.rows.length + 1 + 100);
    // ...and those rows are styled but empty; none of them is loaded.
    expect(sheet.getRow(sheet.rowCount).getCell(1).fill).toBeDefined();
    expect(table.rows.at(-1)!.some((v) => v !== null)).toBe(true);
    expect(table.rows.every((r) => r.some((v) => v !== null))).toBe(true);
  });

  it('types Date cells as DATE and mixed columns as VARCHAR with numbers as text', async () => {
    const file = await writeBook(path.join(dir, 'types.xlsx'), {
      Feuil: [
        ['jour', 'mixte', 'formule', 'vrai', 'vide'],
        [new Date(Date.UTC(2024, 0, 31)), 1.5, { formula: '1+1', result: 2 }, true, null],
        [new Date(Date.UTC(2024, 1, 1)), 'abc', { formula: '2+2', result: 4 }, false, null],
      ],
    });
    const table = await readWorkbook(file, { sheet: 'Feuil' });
    expect(table.columns).toEqual([
      { name: 'jour', type: 'DATE' }, { name: 'mixte', type: 'VARCHAR' }, { name: 'formule', type: 'BIGINT' },
      { name: 'vrai', type: 'BOOLEAN' }, { name: 'vide', type: 'VARCHAR' },
    ]);
    expect(table.rows).toEqual([['2024-01-31', '1.5', 2, true, null], ['2024-02-01', 'abc', 4, false, null]]);
  });
});

describe('errors name the file, the problem and the fix', () => {
  it('missing file: says where it looked and mentions CARTTREND_DATA_DIR', async () => {
    const file = path.join(dir, 'nowhere', 'Carttrend_Commandes.xlsx');
    const error = await failure(readWorkbook(file, { sheet: 'Commandes' }));
    expect(error).toBeInstanceOf(WorkbookError);
    expect(error.message).toContain(file);
    expect(error.message).toContain(`looked in ${path.join(dir, 'nowhere')}`);
    expect(error.message).toContain('Carttrend_Commandes.csv');
    expect(error.message).toContain('CARTTREND_DATA_DIR');
  });

  it('missing sheet among several: lists the sheets present', async () => {
    const file = await writeBook(path.join(dir, 'several.xlsx'), {
      Feuil1: [['a'], [1]], 'Données 2024': [['b'], [2]],
    });
    await expect(readWorkbook(file, { sheet: 'Commandes' })).rejects.toThrow(
      `${file}: no sheet named 'Commandes' (sheets present: 'Feuil1', 'Données 2024'). ` +
      "Rename the sheet that holds the data to 'Commandes', or remove the other sheets.");
  });

  it('reads the expected sheet among several', async () => {
    const file = await writeBook(path.join(dir, 'several-ok.xlsx'), {
      Notes: [['x'], ['y']], Commandes: [['id_commande'], ['CMD00001']],
    });
    const table = await readWorkbook(file, { sheet: 'Commandes', expectedHeaders: ['id_commande'] });
    expect(table.rows).toEqual([['CMD00001']]);
  });

  it('header lost a column: names it and lists what was found', async () => {
    const spec = workbook('orders');
    const headers = headersOf(spec).filter((h) => h !== 'statut_commande');
    const file = await writeBook(path.join(dir, 'Carttrend_Commandes.xlsx'), {
      Commandes: [headers, headers.map(() => 'x')],
    });
    const error = await failure(readWorkbook(file, { sheet: spec.sheet, expectedHeaders: headersOf(spec) }));
    expect(error).toBeInstanceOf(WorkbookError);
    expect(error.message).toMatch(/sheet 'Commandes' has no column 'statut_commande' \(header found: 'id_commande', /);
    expect(error.message).toContain("'date_livraison_estimee')");
    expect(error.message).toContain('Restore the missing header');
  });

  it('headers match after normalisation (a straight apostrophe, other case)', async () => {
    const file = await writeBook(path.join(dir, 'apostrophe.xlsx'), {
      'Machines Entrepôts': [["TEMPS_D'ARRÊT", 'Mois'], [3, '2024-05']],
    });
    const table = await readWorkbook(file, { sheet: 'Machines Entrepôts', expectedHeaders: ['temps_d’arrêt', 'mois'] });
    expect(table.columns).toEqual([{ name: 'temps_d_arret', type: 'BIGINT' }, { name: 'mois', type: 'VARCHAR' }]);
  });

  it('corrupt workbook (random bytes named .xlsx)', async () => {
    const file = path.join(dir, 'corrupt.xlsx');
    let x = 12345;
    await writeFile(file, Buffer.from(Array.from({ length: 4096 }, () => (x = (x * 1103515245 + 12345) >>> 0) >>> 24)));
    const error = await failure(readWorkbook(file, { sheet: 'Commandes' }));
    expect(error).toBeInstanceOf(WorkbookError);
    expect(error.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: is not a readable \\.xlsx workbook`));
    expect(error.message).toContain('save it again as .xlsx');
  });

  it('truncated workbook', async () => {
    const file = path.join(dir, 'truncated.xlsx');
    const bytes = await readFile(fileOf('orders'));
    await writeFile(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(readWorkbook(file, { sheet: 'Commandes' })).rejects.toThrow(
      `${file}: is not a readable .xlsx workbook (no zip directory at the end: the file is truncated or is not an .xlsx)`);
  });

  it('damaged compressed data (which would stall a streaming unzip)', async () => {
    const file = path.join(dir, 'damaged.xlsx');
    const bytes = Buffer.from(await readFile(fileOf('warehouses')));
    for (let i = 2300; i < 2364; i++) bytes[i] = (bytes[i]! * 7 + 13) & 0xff;
    await writeFile(file, bytes);
    await expect(readWorkbook(file, { sheet: 'Entrepôts' })).rejects.toThrow(/is not a readable \.xlsx workbook \(the zip entry ".+" is damaged/);
  });

  it('empty sheet', async () => {
    const file = await writeBook(path.join(dir, 'empty.xlsx'), { Commandes: [] });
    await expect(readWorkbook(file, { sheet: 'Commandes' })).rejects.toThrow(/sheet 'Commandes' is empty/);
  });

});

describe('sheets named otherwise', () => {
  it('takes the only sheet when it has another name, with a warning', async () => {
    const file = await writeBook(path.join(dir, 'Carttrend_Posts.xlsx'), { Feuil1: [['id_post'], ['POST001']] });
    const warn = vi.fn();
    const table = await readWorkbook(file, { sheet: 'Posts', expectedHeaders: ['id_post'], log: { warn } });
    expect(table.sheet).toBe('Feuil1');
    expect(table.table).toBe('carttrend_posts_posts');
    expect(table.rows).toEqual([['POST001']]);
    expect(warn).toHaveBeenCalledWith(`${file}: no sheet named 'Posts'; reading its only sheet 'Feuil1' instead`);
  });

  it('accepts a sheet that lost its trailing space', async () => {
    const file = await writeBook(path.join(dir, 'details.xlsx'), {
      'Détails Commandes': [['id_commande'], ['CMD00001']], Autre: [['x'], [1]],
    });
    const table = await readWorkbook(file, { sheet: 'Détails Commandes ' });
    expect(table.sheet).toBe('Détails Commandes');
    expect(table.table).toBe('details_details_commandes_');
  });

  it('resolves the sheet when the internal relations use absolute paths (files rewritten by other tools)', async () => {
    const file = path.join(dir, 'relations.xlsx');
    const zip = await JSZip.loadAsync(await readFile(fileOf('warehouses')));
    const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
    expect(rels).toContain('Target="worksheets/sheet1.xml"');
    zip.file('xl/_rels/workbook.xml.rels', rels.replace('Target="worksheets/sheet1.xml"', 'Target="/xl/worksheets/sheet1.xml"'));
    await writeFile(file, await zip.generateAsync({ type: 'nodebuffer' }));
    const warn = vi.fn();
    const table = await readWorkbook(file, { sheet: 'Entrepôts', expectedHeaders: headersOf(workbook('warehouses')), log: { warn } });
    expect(table.sheet).toBe('Entrepôts');
    expect(table.rows).toHaveLength(10);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('a sheet delivered as CSV, read by the warehouse', () => {
  let warehouse: Warehouse;
  let session: WarehouseSession;
  let loads = 0;

  beforeAll(async () => {
    warehouse = await openDuckDb(path.join(dir, 'csv-delivery.duckdb'));
    await warehouse.ensureSchema('raw');
    session = await warehouse.session();
  });
  afterAll(async () => {
    await session.close();
    await warehouse.close();
  });

  /** Loads `file` as the Carttrend source of `id` does, into a fresh table of the real warehouse. */
  async function deliver(id: WorkbookId, file: string) {
    const target = { schema: 'raw', name: `t${++loads}` };
    const ctx = {
      warehouse: session,
      loadFile: async (files: string | readonly string[], o: LoadOptions) =>
        (await session.loadFile(target, typeof files === 'string' ? [files] : files, o)).rows,
    } as unknown as AssetContext;
    const loaded = await loadCsvDelivery(ctx, file, workbook(id));
    const columns = await warehouse.columns(target);
    const rows = await session.query(`SELECT ${columns.map((c) => `CAST("${c.name}" AS VARCHAR) AS "${c.name}"`).join(', ')} FROM raw.${target.name}`);
    return { loaded, columns, rows: rows.map((r) => columns.map((c) => r[c.name] as string | null)) };
  }

  it.each(CARTTREND_WORKBOOKS.map((w) => [w.id] as const))('%s: the same columns and values as the workbook', async (id) => {
    const fromXlsx = await read(id);
    const fromCsv = await deliver(id, fileOf(id, csvDir, 'csv'));
    expect(fromCsv.loaded.rows).toBe(fromXlsx.rows.length);
    expect(fromCsv.columns.map((c) => c.name)).toEqual(fromXlsx.columns.map((c) => c.name));
    // Numbers stored as text in the workbook are plain numbers in a CSV.
    fromXlsx.columns.forEach((col, i) => {
      const csvType = fromCsv.columns[i]!.type;
      if (csvType !== col.type) expect([col.name, col.type, csvType]).toEqual([col.name, 'VARCHAR', expect.stringMatching(/^(DOUBLE|BIGINT)$/)]);
    });
    const text = (v: unknown) => (v === null ? null : typeof v === 'number' ? v : String(v));
    const number = (v: unknown) => (v === null || v === '' || Number.isNaN(Number(v)) ? v : Number(v));
    // Compare as numbers where the text is numeric (a workbook's 3 and a CSV's 3.0 are the same value).
    expect(fromCsv.rows.map((r) => r.map(number))).toEqual(fromXlsx.rows.map((r) => r.map((v) => number(text(v)))));
  });

  it('keeps ids with leading zeros, decimal commas and yes/no as delivered text', async () => {
    const file = path.join(dir, 'Carttrend_Satisfaction.csv');
    const spec = workbook('satisfaction');
    const header = headersOf(spec);
    const row = header.map((h) => (h === 'plainte' ? 'Yes' : h === 'note_client' ? '"4,5"' : '007'));
    await writeFile(file, `${header.join(',')}\n${row.join(',')}\n`);
    const { columns, rows } = await deliver('satisfaction', file);
    expect(columns.every((c) => c.type === 'VARCHAR')).toBe(true);
    expect(rows[0]![header.indexOf('plainte')]).toBe('Yes');
    expect(rows[0]![header.indexOf('note_client')]).toBe('4,5');
    expect(rows[0]![0]).toBe('007');
  });

  it('names the missing headers, and a malformed file, with the fix', async () => {
    const missing = path.join(dir, 'missing-header.csv');
    await writeFile(missing, 'id_satisfaction,autre\nSAT1,x\n');
    await expect(deliver('satisfaction', missing)).rejects.toThrow(/sheet 'Satisfaction' has no columns 'id_commande'/);
    const bad = path.join(dir, 'bad.csv');
    const header = headersOf(workbook('satisfaction')).join(',');
    await writeFile(bad, `${header}\nSAT1,CMD1,4,"never closed,No,3,,EMP1\nSAT2,CMD2,5,ok,No,4,,EMP2\n`);
    await expect(deliver('satisfaction', bad)).rejects.toThrow(/bad\.csv: is not a readable CSV file \(.+\)\. Export the sheet again as UTF-8 CSV/);
    await expect(deliver('satisfaction', path.join(dir, 'nowhere.csv'))).rejects.toThrow(/nowhere\.csv: file not found/);
  });
});

describe('the ten source assets', () => {
  const options = (d: (typeof carttrendSources)[number]) => d.options as SourceOptions;

  it('are keyed by their raw table in google_drive and documented', () => {
    expect(carttrendSources.map((d) => options(d).key)).toEqual(CARTTREND_WORKBOOKS.map((w) => `google_drive.${rawTableName(w)}`));
    expect(options(ordersSource).key).toBe('google_drive.carttrend_commandes_commandes');
    for (const d of carttrendSources) {
      expect(options(d).group).toBe('sources');
      expect(options(d).tags).toEqual({ carttrend: '', source: 'google_drive' });
      expect(options(d).description).toMatch(/Carttrend_\w+\.xlsx, sheet '/);
    }
    expect(options(machinesSource).columns?.map((c) => c.name)).toContain('temps_d_arret');
  });

  it('look in CARTTREND_DATA_DIR, else data/raw, and use a CSV when only it exists', () => {
    const files = (env: NodeJS.ProcessEnv) => options(ordersSource).files({ projectDir: '/project', env });
    expect(files({})).toEqual(['/project/data/raw/Carttrend_Commandes.xlsx']);
    expect(files({ CARTTREND_DATA_DIR: '/drop' })).toEqual(['/drop/Carttrend_Commandes.xlsx']);
    expect(files({ CARTTREND_DATA_DIR: xlsxDir })).toEqual([path.join(xlsxDir, 'Carttrend_Commandes.xlsx')]);
    expect(files({ CARTTREND_DATA_DIR: csvDir })).toEqual([path.join(csvDir, 'Carttrend_Commandes.csv')]);
  });

  function fakeContext(projectDir: string) {
    const written: { columns: readonly ColumnSpec[]; rows: unknown[][] }[] = [];
    const ctx = {
      projectDir,
      env: process.env,
      log: { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() },
      signal: new AbortController().signal,
      addMetadata: vi.fn(),
      async writeTable(columns: readonly ColumnSpec[], rows: Iterable<readonly unknown[]>) {
        written.push({ columns, rows: [...rows] as unknown[][] });
        return written.at(-1)!.rows.length;
      },
    };
    return { ctx: ctx as unknown as AssetContext, written };
  }

  it('materialize loads the sheet through writeTable', async () => {
    vi.stubEnv('CARTTREND_DATA_DIR', xlsxDir);
    try {
      const { ctx, written } = fakeContext(dir);
      await options(orderLinesSource).materialize!(ctx);
      expect(written).toHaveLength(1);
      expect(written[0]!.columns).toEqual([
        { name: 'id_commande', type: 'VARCHAR' }, { name: 'id_produit', type: 'VARCHAR' },
        { name: 'quantite', type: 'BIGINT' }, { name: 'emballage_special', type: 'VARCHAR' },
      ]);
      expect(written[0]!.rows).toHaveLength(4_000);
      expect(ctx.addMetadata).toHaveBeenCalledWith(expect.objectContaining({ rows: 4_000, sheet: 'Détails Commandes ' }));
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('materialize writes nothing when the file is missing', async () => {
    vi.stubEnv('CARTTREND_DATA_DIR', path.join(dir, 'empty-folder'));
    try {
      const { ctx, written } = fakeContext(dir);
      await expect(options(clientsSource).materialize!(ctx)).rejects.toThrow(/Carttrend_Clients\.xlsx: file not found/);
      expect(written).toHaveLength(0);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
