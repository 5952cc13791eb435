/**
 * Sample Carttrend data: the ten workbooks of DATA.md section 1, with the
 * real names, shapes, storage quirks and a controlled share of dirt (DIRT).
 * Deterministic: the same seed and scale give byte-identical files.
 *
 * `scale` multiplies the big tables (clients, orders, order lines, machines,
 * satisfaction); the catalogue (1,000 products, 100 promotions), the 10
 * warehouses, 123 campaigns and 400 posts keep their real size.
 *
 * @example
 * const { files, rows } = await generateDemoData({ outDir: 'data/raw', scale: 0.1 });
 * rows.Carttrend_Commandes; // 8000
 */
import { mkdir } from 'node:fs/promises';
import { generateClients } from './clients.ts';
import { QUIRKS } from './dirt.ts';
import { generateCampaigns, generatePosts } from './marketing.ts';
import { generateOrders } from './orders.ts';
import { generateProducts, generatePromotions } from './products.ts';
import { Random } from './random.ts';
import { generateSatisfaction } from './satisfaction.ts';
import type { SheetData } from './sheet.ts';
import { generateMachines, generateWarehouses, REAL_MACHINES_PER_WAREHOUSE } from './warehouses.ts';
import { writeSheet, type DemoFormat } from './writer.ts';

export { DIRT, DIRT_PLACES, QUIRKS, dirtCount, type DirtKind } from './dirt.ts';
export { PHONE_SHAPES, EMAIL, IPV4, type PhoneShape } from './formats.ts';
export { GENERATED_AT, type DemoFormat } from './writer.ts';

export interface DemoDataOptions {
  readonly outDir: string;
  /** Multiplies the big tables; 1 gives the real row counts. */
  readonly scale?: number;
  readonly seed?: number;
  readonly format?: DemoFormat;
}

export interface DemoData {
  /** Absolute or outDir-relative paths of the ten files written. */
  readonly files: string[];
  /** Rows written per file base name (`Carttrend_Commandes`), header and empty rows excluded. */
  readonly rows: Record<string, number>;
}

/** Row counts of the big tables at scale 1 (DATA.md section 1). */
export const REAL_COUNTS = {
  clients: 10_000,
  orders: 80_000,
  machines: REAL_MACHINES_PER_WAREHOUSE.reduce((a, b) => a + b, 0),
  satisfaction: 5_000,
  reviewedOrders: 3_900,
} as const;

/** Row counts of the sheets at a scale (the sizes generateDemoData writes). */
export function demoCounts(scale: number) {
  const n = (real: number): number => Math.max(1, Math.round(real * scale));
  return {
    clients: Math.max(20, n(REAL_COUNTS.clients)),
    orders: Math.max(100, n(REAL_COUNTS.orders)),
    machines: Math.max(10, n(REAL_COUNTS.machines)),
    satisfaction: Math.max(10, n(REAL_COUNTS.satisfaction)),
    reviewedOrders: Math.max(8, n(REAL_COUNTS.reviewedOrders)),
  };
}

export async function generateDemoData(options: DemoDataOptions): Promise<DemoData> {
  const { outDir, scale = 1, seed = 42, format = 'xlsx' } = options;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`scale must be a positive number, got ${scale}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const counts = demoCounts(scale);
  const rng = (part: string): Random => Random.derive(seed, part);
  const layout = rng('layout');
  const trailing = (): number => layout.int(QUIRKS.trailingEmptyRows.min, QUIRKS.trailingEmptyRows.max);

  const products = generateProducts(rng('products'), trailing());
  const promotions = generatePromotions(rng('promotions'), products.catalogue, trailing());
  const clients = generateClients(rng('clients'), counts.clients, products.catalogue, trailing());
  const warehouses = generateWarehouses(rng('warehouses'), trailing());
  const orders = generateOrders(rng('orders'), {
    orders: counts.orders, customers: clients.customers, catalogue: products.catalogue,
    promotions: promotions.promotions, warehouses: warehouses.warehouses,
  });
  const sheets: SheetData[] = [
    generateCampaigns(rng('campaigns'), trailing()),
    clients.sheet,
    orders.orders,
    orders.lines,
    warehouses.sheet,
    generateMachines(rng('machines'), warehouses.warehouses, counts.machines),
    generatePosts(rng('posts'), trailing()),
    products.sheet,
    promotions.sheet,
    generateSatisfaction(rng('satisfaction'), counts.satisfaction, counts.reviewedOrders, orders.placed, trailing()),
  ];

  await mkdir(outDir, { recursive: true });
  const files: string[] = [];
  const rows: Record<string, number> = {};
  for (const sheet of sheets) {
    files.push(await writeSheet(sheet, outDir, format));
    rows[sheet.spec.file] = sheet.rows.length;
  }
  return { files, rows };
}
