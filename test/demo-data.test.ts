import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARTTREND_WORKBOOKS, headersOf, workbook, type WorkbookId } from '../assets/carttrend/catalog.ts';
import { parseCsv } from './support/csv.ts';
import {
  demoCounts, dirtCount, EMAIL, generateDemoData, IPV4, PHONE_SHAPES, QUIRKS, REAL_COUNTS, type DemoData,
} from '../assets/carttrend/demo-data/index.ts';
import { machinesPerWarehouse } from '../assets/carttrend/demo-data/warehouses.ts';
import { readWorkbook } from '../assets/carttrend/workbook.ts';

const SCALE = 0.05;
let dir: string;
let first: DemoData;
let again: DemoData;
let otherSeed: DemoData;
let csv: DemoData;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'trellis-demo-'));
  first = await generateDemoData({ outDir: path.join(dir, 'a'), scale: SCALE, seed: 42 });
  again = await generateDemoData({ outDir: path.join(dir, 'b'), scale: SCALE, seed: 42 });
  otherSeed = await generateDemoData({ outDir: path.join(dir, 'c'), scale: SCALE, seed: 7 });
  csv = await generateDemoData({ outDir: path.join(dir, 'csv'), scale: SCALE, seed: 42, format: 'csv' });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A sheet read with exceljs's full reader, so raw cell values (hyperlinks, rich text, text vs number) show. */
interface RawSheet {
  readonly names: string[];
  readonly header: unknown[];
  /** Data rows (0-based cells), up to the last row with a value. */
  readonly rows: unknown[][];
  /** Rows after the data that carry cells but no values. */
  readonly formattedEmptyRows: number;
}

const raw = new Map<WorkbookId, Promise<RawSheet>>();
function sheet(id: WorkbookId): Promise<RawSheet> {
  if (!raw.has(id)) {
    raw.set(id, (async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(dir, 'a', `${workbook(id).file}.xlsx`));
      const ws = wb.worksheets[0]!;
      const rows: unknown[][] = [];
      let formattedEmptyRows = 0;
      ws.eachRow({ includeEmpty: true }, (row, n) => {
        if (n === 1) return;
        const values = (row.values as unknown[]).slice(1);
        if (values.some((v) => v !== null && v !== undefined)) rows.push(headersOf(workbook(id)).map((_, i) => values[i] ?? null));
        else if (row.cellCount > 0) formattedEmptyRows++;
      });
      return { names: wb.worksheets.map((w) => w.name), header: (ws.getRow(1).values as unknown[]).slice(1), rows, formattedEmptyRows };
    })());
  }
  return raw.get(id)!;
}

const text = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'hyperlink' in v) return (v as ExcelJS.CellHyperlinkValue).text;
  return String(v);
};
const column = async (id: WorkbookId, header: string): Promise<unknown[]> => {
  const s = await sheet(id);
  const i = headersOf(workbook(id)).indexOf(header);
  expect(i, `${header} is a header of ${id}`).toBeGreaterThanOrEqual(0);
  return s.rows.map((r) => r[i]);
};
const countWhere = (values: readonly unknown[], test: (v: unknown) => boolean): number => values.filter(test).length;
const counts = demoCounts(SCALE);

describe('determinism', () => {
  it('the same seed gives byte-identical files', async () => {
    expect(first.files.map((f) => path.basename(f))).toEqual(again.files.map((f) => path.basename(f)));
    for (let i = 0; i < first.files.length; i++) {
      expect((await readFile(first.files[i]!)).equals(await readFile(again.files[i]!)), first.files[i]).toBe(true);
    }
  });

  it('another seed gives different files', async () => {
    for (let i = 0; i < first.files.length; i++) {
      expect((await readFile(first.files[i]!)).equals(await readFile(otherSeed.files[i]!)), first.files[i]).toBe(false);
    }
  });
});

describe('names and sizes', () => {
  it('writes the ten files of DATA.md, with their exact sheet and header names', async () => {
    expect((await readdir(path.join(dir, 'a'))).sort()).toEqual([
      'Carttrend_Campaigns.xlsx', 'Carttrend_Clients.xlsx', 'Carttrend_Commandes.xlsx', 'Carttrend_Details_Commandes.xlsx',
      'Carttrend_Entrepots.xlsx', 'Carttrend_Entrepots_Machines.xlsx', 'Carttrend_Posts.xlsx', 'Carttrend_Produits.xlsx',
      'Carttrend_Promotions.xlsx', 'Carttrend_Satisfaction.xlsx',
    ]);
    for (const spec of CARTTREND_WORKBOOKS) {
      const s = await sheet(spec.id);
      expect(s.names).toEqual([spec.sheet]);
      expect(s.header).toEqual(headersOf(spec));
    }
    expect((await sheet('orderLines')).names).toEqual(['Détails Commandes ']);
    expect((await sheet('machines')).header).toContain('temps_d’arrêt');
  });

  it('scales the big tables and keeps the small ones', async () => {
    expect(first.rows).toEqual({
      Carttrend_Campaigns: 123,
      Carttrend_Clients: 500,
      Carttrend_Commandes: 4_000,
      Carttrend_Details_Commandes: 4_000,
      Carttrend_Entrepots: 10,
      Carttrend_Entrepots_Machines: 16 * 60,
      Carttrend_Posts: 400,
      Carttrend_Produits: 1_000,
      Carttrend_Promotions: 100,
      Carttrend_Satisfaction: 250,
    });
    for (const spec of CARTTREND_WORKBOOKS) expect((await sheet(spec.id)).rows).toHaveLength(first.rows[spec.file]!);
  });

  it('has the real row counts at scale 1', () => {
    const real = demoCounts(1);
    expect(real).toEqual({ ...REAL_COUNTS, machines: 317 });
    expect(machinesPerWarehouse(real.machines).reduce((a, b) => a + b, 0) * 60).toBe(19_020);
    expect(machinesPerWarehouse(3_170)).toHaveLength(10);
  });

  it('writes the same data as CSV, UTF-8 with a header', async () => {
    expect(csv.files.map((f) => path.basename(f))).toEqual(first.files.map((f) => path.basename(f, '.xlsx') + '.csv'));
    expect(csv.rows).toEqual(first.rows);
    for (const spec of CARTTREND_WORKBOOKS) {
      const rows = parseCsv(await readFile(path.join(dir, 'csv', `${spec.file}.csv`), 'utf8'));
      expect(rows[0]).toEqual(headersOf(spec));
      expect(rows.slice(1).map((r) => r.map((v) => v))).toEqual((await sheet(spec.id)).rows.map((r) => r.map(text)));
    }
  });
});

describe('formats and quirks of DATA.md section 1', () => {
  it('ids have their shapes', async () => {
    const shapes: [WorkbookId, string, RegExp][] = [
      ['clients', 'id_client', /^C\d{5}$/], ['products', 'ID', /^P\d{5}$/], ['orders', 'id_commande', /^CMD\d{5}$/],
      ['warehouses', 'id_entrepôt', /^E\d{3}$/], ['machines', 'id_machine', /^ME\d{6}$/],
      ['promotions', 'id_promotion', /^PROM\d{3}$/], ['campaigns', 'id_campagne', /^CAMP\d{3}$/],
      ['posts', 'id_post', /^POST\d{3}$/], ['satisfaction', 'id_satisfaction', /^SAT\d{5}$/],
      ['satisfaction', 'employé_support', /^EMP\d{3}$/],
    ];
    for (const [id, header, shape] of shapes) {
      const values = (await column(id, header)).filter((v) => v !== null);
      expect(values.length).toBeGreaterThan(0);
      for (const v of values) expect(v, `${id}.${header}`).toMatch(shape);
    }
  });

  it('phone numbers come in the six shapes, all of them', async () => {
    const phones = (await column('clients', 'numéro_téléphone')).map(String);
    const seen = new Set<string>();
    for (const phone of phones) {
      const shape = Object.entries(PHONE_SHAPES).find(([, re]) => re.test(phone));
      expect(shape, phone).toBeDefined();
      seen.add(shape![0]);
    }
    expect(seen.size).toBe(6);
    expect(phones.some((p) => /^\(\d{3}\)\d{3}-\d{4}x\d+$/.test(p))).toBe(true);
  });

  it('favourites are short product ids, a few of five characters, a few naming no product', async () => {
    const lists = (await column('clients', 'favoris')).filter((v) => v !== null).map(String);
    const tokens = lists.flatMap((l) => l.split(','));
    for (const t of tokens) expect(t).toMatch(/^P\d{3,4}$/);
    expect(tokens.length / counts.clients).toBeGreaterThan(2.5); // about 30,000 tokens for 10,000 clients
    expect(tokens.length / counts.clients).toBeLessThan(3.5);
    expect(tokens).toContain('P1000');
    expect(tokens.some((t) => Number(t.slice(1)) > 1000)).toBe(true);
    expect(lists.some((l) => /^P\d{3},P\d{3}/.test(l))).toBe(true);
  });

  it('dates are ISO text; machine months span 2019-12 to 2024-11; orders Dec 2023 to Dec 2024', async () => {
    const orderDays = (await column('orders', 'date_commande')).map(String);
    for (const d of orderDays) expect(d >= '2023-12-01' && d <= '2024-12-31', d).toBe(true);
    const months = [...new Set((await column('machines', 'mois')).map(String))].sort();
    expect(months).toHaveLength(60);
    expect([months[0], months.at(-1)]).toEqual(['2019-12', '2024-11']);
    const signUps = (await column('clients', 'date_inscription')).map(String).filter((d) => d < '2030');
    for (const d of signUps) expect(d >= '2020-01-01' && d <= '2024-12-31', d).toBe(true);
  });

  it('orders have a weekly pattern and a year-end peak', async () => {
    const days = (await column('orders', 'date_commande')).map((d) => new Date(`${String(d)}T00:00:00Z`));
    const perWeekday = [0, 0, 0, 0, 0, 0, 0];
    for (const d of days) perWeekday[d.getUTCDay()]!++;
    expect(perWeekday[6]!).toBeGreaterThan(perWeekday[1]!); // Saturday busier than Monday
    const december2024 = days.filter((d) => d.toISOString().startsWith('2024-12')).length;
    const march2024 = days.filter((d) => d.toISOString().startsWith('2024-03')).length;
    expect(december2024).toBeGreaterThan(march2024 * 1.3);
  });

  it('promotions are fractions or euros, and some fixed amounts exceed the price', async () => {
    const types = await column('promotions', 'type_promotion');
    const values = (await column('promotions', 'valeur_promotion')).map(Number);
    const productIds = await column('promotions', 'id_produit');
    const prices = new Map((await sheet('products')).rows.map((r) => [r[0], Number(r[4])]));
    expect(new Set(types)).toEqual(new Set(['Pourcentage', 'Remise fixe']));
    const percentages = values.filter((_, i) => types[i] === 'Pourcentage');
    expect(percentages.filter((v) => v < 1).length).toBe(percentages.length - 1); // one written as 15 for 15%
    expect(percentages.some((v) => v === 0.05 || v === 0.1)).toBe(true);
    const aboveTheirPrice = values.filter((v, i) => types[i] === 'Remise fixe' && v > prices.get(productIds[i])!);
    expect(aboveTheirPrice).toHaveLength(QUIRKS.fixedAboveProductPrice);
    const starts = await column('promotions', 'date_début');
    const ends = await column('promotions', 'date_fin');
    expect(countWhere(starts.map((s, i) => [s, ends[i]]), (p) => (p as string[])[1]! < (p as string[])[0]!)).toBe(1);
  });

  it('some numbers are stored as text: CTR, prices, fill rate', async () => {
    for (const [id, header] of [['campaigns', 'CTR'], ['products', 'Prix'], ['warehouses', 'taux_remplissage']] as const) {
      const values = await column(id, header);
      expect(values.some((v) => typeof v === 'number'), header).toBe(true);
      const asText = values.filter((v) => typeof v === 'string') as string[];
      expect(asText.length, header).toBeGreaterThan(0);
      for (const v of asText) expect(Number.isFinite(Number(v)), v).toBe(true);
    }
    const fill = (await column('warehouses', 'taux_remplissage')).map(Number);
    for (const f of fill) expect(f > 1 && f < 100).toBe(true); // a percentage, 74.41
  });

  it('emails are hyperlinks or rich text', async () => {
    const emails = await column('clients', 'email');
    const links = emails.filter((v) => typeof v === 'object' && v !== null && 'hyperlink' in v) as ExcelJS.CellHyperlinkValue[];
    const rich = emails.filter((v) => typeof v === 'object' && v !== null && 'richText' in v);
    expect(links.length).toBeGreaterThan(emails.length / 2);
    expect(rich.length).toBeGreaterThan(0);
    for (const l of links) expect(l.hyperlink).toBe(`mailto:${l.text}`);
    // Each email belongs to its row's customer (rich text is not shared between cells).
    const firstNames = await column('clients', 'prenom_client');
    const slug = (s: string) => s.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
    emails.forEach((e, i) => {
      if (EMAIL.test(text(e))) expect(text(e).startsWith(`${slug(String(firstNames[i]))}.`), text(e)).toBe(true);
    });
  });

  it('Marque, Sous-catégorie, Variation and type_plainte have empty cells', async () => {
    for (const [id, header] of [['products', 'Marque'], ['products', 'Sous-catégorie'], ['products', 'Variation'],
      ['satisfaction', 'type_plainte']] as const) {
      const values = await column(id, header);
      expect(countWhere(values, (v) => v === null), header).toBeGreaterThan(0);
      expect(countWhere(values, (v) => v !== null), header).toBeGreaterThan(0);
    }
  });

  it('hundreds of formatted empty rows follow the data', async () => {
    for (const id of ['clients', 'products', 'satisfaction'] as const) {
      const n = (await sheet(id)).formattedEmptyRows;
      expect(n, id).toBeGreaterThanOrEqual(QUIRKS.trailingEmptyRows.min);
      expect(n, id).toBeLessThanOrEqual(QUIRKS.trailingEmptyRows.max);
    }
  });

  it('accents survive', async () => {
    expect(new Set(await column('orders', 'statut_commande'))).toContain('Livrée');
    expect((await column('clients', 'prenom_client')).some((v) => /[éèëêïôç]/i.test(String(v)))).toBe(true);
    expect((await column('products', 'Catégorie'))).toContain('Électronique');
  });

  it('satisfaction rows refer to fewer distinct orders; comments use a small vocabulary', async () => {
    const orders = await column('satisfaction', 'id_commande');
    expect(new Set(orders).size).toBe(counts.reviewedOrders);
    const words = new Set((await column('satisfaction', 'commentaire')).flatMap((c) => String(c).toLowerCase().match(/[a-z]+/g) ?? []));
    expect(words.size).toBeLessThan(80);
    const ratings = (await column('satisfaction', 'note_client')).map(Number);
    for (const r of ratings) expect([1, 2, 3, 4, 5]).toContain(r);
  });

  it('machine downtime follows the state', async () => {
    const states = (await column('machines', 'état_machine')).map(String);
    const downtime = (await column('machines', 'temps_d’arrêt')).map(Number);
    for (const h of downtime) expect(h >= 0 && h <= 48).toBe(true);
    const mean = (state: string) => {
      const hs = downtime.filter((_, i) => states[i] === state);
      return hs.reduce((a, b) => a + b, 0) / hs.length;
    };
    expect(mean('En panne')).toBeGreaterThan(24);
    expect(mean('En service')).toBeLessThan(3);
    expect(mean('En maintenance')).toBeGreaterThan(mean('En service'));
  });
});

describe('controlled dirt (DIRT)', () => {
  const enumValues = {
    genre: ['Homme', 'Femme'],
    statut_commande: ['En transit', 'Annulée', 'Validée', 'Livrée'],
    état_machine: ['En service', 'En panne', 'En maintenance'],
  };

  it('negative and absurd ages', async () => {
    const ages = (await column('clients', 'âge')).map(Number);
    expect(countWhere(ages, (a) => (a as number) < 0)).toBe(dirtCount('negativeAge', counts.clients));
    expect(countWhere(ages, (a) => (a as number) > 110)).toBe(dirtCount('absurdAge', counts.clients));
  });

  it('malformed emails and IPv4 addresses', async () => {
    const emails = (await column('clients', 'email')).map(text);
    expect(countWhere(emails, (e) => !EMAIL.test(e as string))).toBe(dirtCount('badEmail', counts.clients));
    const ips = (await column('clients', 'adresse_ip')).map(String);
    expect(countWhere(ips, (ip) => !IPV4.test(ip as string))).toBe(dirtCount('badIp', counts.clients));
  });

  it('lowercase and misspelt enumerations', async () => {
    const checks: [WorkbookId, keyof typeof enumValues, number][] = [
      ['clients', 'genre', counts.clients], ['orders', 'statut_commande', counts.orders],
      ['machines', 'état_machine', counts.machines * 60],
    ];
    for (const [id, header, rows] of checks) {
      const values = (await column(id, header)).map(String);
      const valid = enumValues[header];
      const lower = countWhere(values, (v) => !valid.includes(v as string) && valid.some((e) => e.toLowerCase() === v));
      const other = countWhere(values, (v) => !valid.some((e) => e.toLowerCase() === String(v).toLowerCase()));
      expect(lower, header).toBe(dirtCount('lowercaseEnum', rows));
      expect(other, header).toBe(dirtCount('misspeltEnum', rows));
    }
    expect((await column('orders', 'statut_commande')).map(String)).toContain('annulée');
  });

  it('future dates', async () => {
    const signUps = (await column('clients', 'date_inscription')).map(String);
    expect(countWhere(signUps, (d) => (d as string) > '2030-12-31')).toBe(dirtCount('futureDate', counts.clients));
    const posts = (await column('posts', 'date_post')).map(String);
    expect(countWhere(posts, (d) => (d as string) > '2030-12-31')).toBe(dirtCount('futureDate', 400));
  });

  it('deliveries before orders', async () => {
    const ordered = await column('orders', 'date_commande');
    const delivered = await column('orders', 'date_livraison_estimee');
    expect(countWhere(delivered.map((d, i) => [ordered[i], d]), (p) => (p as string[])[1]! < (p as string[])[0]!))
      .toBe(dirtCount('deliveryBeforeOrder', counts.orders));
  });

  it('bad quantities, negative volumes, budgets and mentions', async () => {
    const quantities = (await column('orderLines', 'quantité')).map(Number);
    expect(countWhere(quantities, (q) => (q as number) <= 0 || (q as number) >= 500)).toBe(dirtCount('badQuantity', counts.orders));
    expect(quantities.some((q) => q < 0)).toBe(true);
    const volumes = (await column('machines', 'volume_traité')).map(Number);
    expect(countWhere(volumes, (v) => (v as number) < 0)).toBe(dirtCount('negativeVolume', counts.machines * 60));
    expect(countWhere((await column('campaigns', 'budget')).map(Number), (v) => (v as number) < 0)).toBe(dirtCount('negativeVolume', 123));
    expect(countWhere((await column('posts', 'volume_mentions')).map(Number), (v) => (v as number) < 0)).toBe(dirtCount('negativeVolume', 400));
  });

  it('CTR outside 0-1', async () => {
    const ctr = (await column('campaigns', 'CTR')).map(Number);
    expect(countWhere(ctr, (v) => (v as number) > 1)).toBe(dirtCount('ctrOutOfRange', 123));
  });

  it('missing ids', async () => {
    expect(countWhere(await column('clients', 'id_client'), (v) => v === null)).toBe(dirtCount('missingId', counts.clients));
    expect(countWhere(await column('orders', 'id_client'), (v) => v === null)).toBe(dirtCount('missingId', counts.orders));
    expect(countWhere(await column('campaigns', 'id_campagne'), (v) => v === null)).toBe(dirtCount('missingId', 123));
  });

  it('duplicated rows', async () => {
    for (const [id, rows] of [['clients', counts.clients], ['orders', counts.orders], ['orderLines', counts.orders],
      ['satisfaction', counts.satisfaction]] as const) {
      const seen = new Set<string>();
      let duplicates = 0;
      for (const row of (await sheet(id)).rows) {
        const key = JSON.stringify(row.map(text));
        if (seen.has(key)) duplicates++;
        seen.add(key);
      }
      // Order lines carry no id: two lines of one order may also coincide by chance.
      if (id === 'orderLines') expect(duplicates, id).toBeGreaterThanOrEqual(dirtCount('duplicateRow', rows));
      else expect(duplicates, id).toBe(dirtCount('duplicateRow', rows));
    }
  });
});
