/**
 * The product catalogue (Produits) and its promotions (Promotions). Prices
 * depend on the category; popularity is skewed so a few products sell much
 * more, and promotions go to popular products. Exactly
 * QUIRKS.fixedAboveProductPrice fixed-amount promotions exceed their price.
 */
import { workbook } from '../catalog.ts';
import { DirtPlan, dirtyEnum, QUIRKS } from './dirt.ts';
import { dayOf, formatId, isoOf, round2 } from './formats.ts';
import { Weighted, type Random } from './random.ts';
import type { Cell, SheetData } from './sheet.ts';
import { ADJECTIVES, CATEGORIES, PROMOTION_MANAGERS, UNKNOWN_CATEGORIES, type CategoryCatalogue } from './vocabulary.ts';

export const PRODUCT_COUNT = 1_000;
export const PROMOTION_COUNT = 100;

export interface Product {
  /** 1-based number: `P00001` is product 1. */
  readonly number: number;
  readonly id: string;
  readonly category: CategoryCatalogue;
  readonly price: number;
  readonly popularity: number;
}

export interface Catalogue {
  readonly products: readonly Product[];
  /** Draws a product the way customers buy: category by its share of lines, then by popularity. */
  pickProduct(rng: Random): Product;
}

export function generateProducts(rng: Random, trailingEmptyRows: number): { sheet: SheetData; catalogue: Catalogue } {
  const products: Product[] = [];
  const rows: Cell[][] = [];
  const plan = new DirtPlan(rng, PRODUCT_COUNT).mark('lowercaseEnum').mark('misspeltEnum');
  const unknownCategoryRows = new Set(rng.sample(PRODUCT_COUNT, UNKNOWN_CATEGORIES.length));
  for (let i = 0; i < PRODUCT_COUNT; i++) {
    const category = rng.pick(CATEGORIES);
    const [lo, hi] = category.price;
    let price = Math.exp(rng.float(Math.log(lo), Math.log(hi)));
    price = rng.chance(0.4) ? Math.floor(price) + 0.99 : round2(price);
    const product: Product = {
      number: i + 1, id: formatId('P', 5, i + 1), category, price,
      popularity: Math.exp(rng.normal(0, 1)),
    };
    products.push(product);
    const brand = rng.chance(QUIRKS.emptyBrand) ? null : rng.pick(category.brands);
    const name = `${rng.pick(category.items)} ${rng.chance(0.5) && brand ? brand : rng.pick(ADJECTIVES)}`;
    let categoryCell = dirtyEnum(rng, category.name, plan.kindOf(i));
    if (unknownCategoryRows.has(i) && plan.isClean(i)) categoryCell = rng.pick(UNKNOWN_CATEGORIES);
    rows.push([
      product.id,
      categoryCell,
      brand,
      name,
      rng.chance(QUIRKS.priceAsText) ? String(price) : price,
      rng.chance(QUIRKS.emptySubcategory) ? null : rng.pick(category.subcategories),
      rng.chance(QUIRKS.emptyVariation) ? null : rng.pick(category.variations),
    ]);
  }
  const byCategory = CATEGORIES.map((cat) => products.filter((p) => p.category === cat));
  const inCategory = byCategory.map((list) => new Weighted(list, list.map((p) => p.popularity)));
  const byLineShare = new Weighted(inCategory, CATEGORIES.map((cat) => cat.lineShare));
  return {
    sheet: { spec: workbook('products'), rows, trailingEmptyRows },
    catalogue: { products, pickProduct: (r) => byLineShare.draw(r).draw(r) },
  };
}

export interface Promotion {
  readonly id: string;
  readonly product: Product;
  readonly first: number;
  readonly last: number;
}

/**
 * Promotions: 55% percentages (fractions), 45% fixed amounts in euros. One
 * percentage is written as 15 instead of 0.15 and one promotion ends before
 * it starts, so staging has invalid rows to drop besides the fixed amounts
 * above the price.
 */
export function generatePromotions(rng: Random, catalogue: Catalogue, trailingEmptyRows: number):
  { sheet: SheetData; promotions: Promotion[] } {
  const order = rng.shuffle([...Array(PROMOTION_COUNT).keys()]);
  const fixed = new Set(order.slice(0, Math.round(PROMOTION_COUNT * 0.45)));
  const aboveTheirPrice = new Set(order.slice(0, QUIRKS.fixedAboveProductPrice));
  const percentAsWhole = order[PROMOTION_COUNT - 1]!;
  const endsBeforeStart = order[PROMOTION_COUNT - 2]!;
  const promotions: Promotion[] = [];
  const rows: Cell[][] = [];
  for (let i = 0; i < PROMOTION_COUNT; i++) {
    const product = catalogue.pickProduct(rng);
    const first = rng.int(dayOf('2023-11-20'), dayOf('2024-12-20'));
    const last = first + rng.int(7, 45);
    let value: number;
    if (!fixed.has(i)) value = rng.pick([0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5]);
    else if (aboveTheirPrice.has(i)) value = Math.max(round2(product.price + 1), Math.round(product.price * rng.float(1.1, 3) * 2) / 2);
    else {
      value = Math.max(0.5, Math.round(product.price * rng.float(0.05, 0.5) * 2) / 2);
      if (value >= product.price) value = round2(product.price * 0.3);
    }
    if (i === percentAsWhole) value = Math.round(value * 100);
    const id = formatId('PROM', 3, i + 1);
    promotions.push({ id, product, first, last });
    const [start, end] = i === endsBeforeStart ? [last, first] : [first, last];
    rows.push([id, product.id, fixed.has(i) ? 'Remise fixe' : 'Pourcentage', value, isoOf(start), isoOf(end),
      rng.pick(PROMOTION_MANAGERS)]);
  }
  return { sheet: { spec: workbook('promotions'), rows, trailingEmptyRows }, promotions };
}
