/**
 * Orders (Commandes) and their lines (Détails Commandes), generated together
 * so that an order carries the promotion running on its product that day.
 * Order days follow the calendar (weekly pattern, year-end lift, shocks);
 * statuses depend on the order's age at the end of the period; about one
 * order in ten has two lines and as many have none.
 */
import { workbook } from '../catalog.ts';
import { orderDaySampler, PERIOD, SHOCKS } from './calendar.ts';
import type { Customers } from './clients.ts';
import { dirtCount, DirtPlan, dirtyEnum, withDuplicates } from './dirt.ts';
import { formatId, isoOf } from './formats.ts';
import type { Catalogue, Product, Promotion } from './products.ts';
import type { Random } from './random.ts';
import type { Cell, SheetData } from './sheet.ts';
import { PAYMENT_MODES } from './vocabulary.ts';
import type { Warehouse } from './warehouses.ts';

export interface Order {
  readonly id: string;
  readonly day: number;
  readonly status: string;
  readonly lines: number;
}

export interface OrdersInput {
  readonly orders: number;
  readonly customers: Customers;
  readonly catalogue: Catalogue;
  readonly promotions: readonly Promotion[];
  readonly warehouses: readonly Warehouse[];
}

const QUANTITIES = [1, 2, 3, 4, 5];
const QUANTITY_WEIGHTS = [0.6, 0.25, 0.1, 0.03, 0.02];
const PAYMENT_WEIGHTS = [0.3, 0.15, 0.55];

export function generateOrders(rng: Random, input: OrdersInput):
  { orders: SheetData; lines: SheetData; placed: Order[] } {
  const total = input.orders;
  const duplicates = dirtCount('duplicateRow', total);
  const base = total - duplicates;
  const plan = new DirtPlan(rng, base);
  for (const kind of ['lowercaseEnum', 'misspeltEnum', 'deliveryBeforeOrder', 'missingId'] as const) plan.mark(kind, dirtCount(kind, total));

  // Ids follow the order of days, as a shop's numbering does.
  const nextDay = orderDaySampler(rng);
  const days = Array.from({ length: base }, () => nextDay()).sort((a, b) => a - b);
  const pickWarehouse = rng.weighted(input.warehouses, input.warehouses.map((w) => w.capacity));
  const pickPayment = rng.weighted(PAYMENT_MODES, PAYMENT_WEIGHTS);
  const pickQuantity = rng.weighted(QUANTITIES, QUANTITY_WEIGHTS);
  const promotionsOf = new Map<Product, Promotion[]>();
  for (const p of input.promotions) promotionsOf.set(p.product, [...(promotionsOf.get(p.product) ?? []), p]);

  // Lines: line i belongs to order i, except that one in ten joins the previous order.
  const lineTotal = total;
  const lineDuplicates = dirtCount('duplicateRow', lineTotal);
  const lineBase = lineTotal - lineDuplicates;
  const linePlan = new DirtPlan(rng, lineBase).mark('badQuantity', dirtCount('badQuantity', lineTotal));
  const lineRows: Cell[][] = [];
  const firstProduct: (Product | undefined)[] = new Array(base);
  const lineCount = new Array<number>(base).fill(0);
  let order = 0;
  for (let i = 0; i < lineBase; i++) {
    order = i > 0 && rng.chance(0.1) ? order : Math.min(i, base - 1);
    const product = input.catalogue.pickProduct(rng);
    firstProduct[order] ??= product;
    lineCount[order]! += 1;
    let quantity = pickQuantity();
    if (linePlan.kindOf(i) === 'badQuantity') quantity = rng.chance(0.8) ? -rng.int(0, 3) : rng.int(500, 999);
    lineRows.push([formatId('CMD', 5, order + 1), product.id, quantity, rng.chance(0.12) ? 'Oui' : 'Non']);
  }

  const placed: Order[] = [];
  const orderRows: Cell[][] = [];
  for (let i = 0; i < base; i++) {
    const dirt = plan.kindOf(i);
    const id = formatId('CMD', 5, i + 1);
    const day = days[i]!;
    const status = statusFor(rng, PERIOD.last - day);
    const product = firstProduct[i];
    const running = product && promotionsOf.get(product)?.find((p) => day >= p.first && day <= p.last);
    const promotion = running && rng.chance(0.8) ? running.id
      : rng.chance(0.003) ? rng.pick(input.promotions).id : null;
    const inShock = SHOCKS.some((s) => day >= s.first && day < s.first + s.days);
    const delivery = dirt === 'deliveryBeforeOrder' ? day - rng.int(1, 30) : day + rng.int(2, inShock ? 9 : 6);
    placed.push({ id, day, status, lines: lineCount[i]! });
    orderRows.push([
      id,
      dirt === 'missingId' ? null : input.customers.pickClient(rng),
      pickWarehouse().id,
      isoOf(day),
      dirtyEnum(rng, status, dirt),
      promotion,
      pickPayment(),
      `TRK${formatId('', 10, rng.int(0, 2 ** 31 - 1) * 4 + rng.int(0, 3))}`,
      isoOf(delivery),
    ]);
  }
  return {
    orders: { spec: workbook('orders'), rows: withDuplicates(rng, orderRows, duplicates, (i) => plan.isClean(i)), trailingEmptyRows: 0 },
    lines: { spec: workbook('orderLines'), rows: withDuplicates(rng, lineRows, lineDuplicates, (i) => linePlan.isClean(i)), trailingEmptyRows: 0 },
    placed,
  };
}

/** Recent orders are still validated or in transit; older ones are delivered; some are cancelled. */
function statusFor(rng: Random, daysBeforeEnd: number): string {
  if (rng.chance(0.07)) return 'Annulée';
  const x = rng.next();
  if (daysBeforeEnd <= 3) return x < 0.6 ? 'Validée' : 'En transit';
  if (daysBeforeEnd <= 10) return x < 0.05 ? 'Validée' : x < 0.55 ? 'En transit' : 'Livrée';
  return x < 0.01 ? 'En transit' : 'Livrée';
}
