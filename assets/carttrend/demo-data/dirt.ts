/**
 * The controlled share of bad data the sample generator plants, so that the
 * staging models and checks have something real to clean and flag. Every
 * kind appears in exactly `dirtCount(kind, rows)` rows of each table listed
 * in DIRT_PLACES (at least one, whatever the scale); dirty rows are chosen
 * apart, so a row carries at most one kind, and duplicates copy clean rows.
 *
 * @example
 * dirtCount('negativeAge', 10_000)  // 100 clients with a negative âge
 */
import type { Random } from './random.ts';

export const DIRT = {
  /** âge below zero (-1 to -60). */
  negativeAge: 0.01,
  /** âge from 120 to 250. */
  absurdAge: 0.005,
  /** Emails without `@`, without domain, with spaces or a doubled `@`. */
  badEmail: 0.015,
  /** IPv4 addresses with an octet above 255, three octets, or text. */
  badIp: 0.015,
  /** An enumeration value in lower case (`annulée`, `en panne`, `homme`). */
  lowercaseEnum: 0.01,
  /** An enumeration value misspelt (accents lost or a letter dropped: `Livree`, `Fmme`). */
  misspeltEnum: 0.005,
  /** A date after today (years 2031-2034). */
  futureDate: 0.01,
  /** date_livraison_estimee 1 to 30 days before date_commande. */
  deliveryBeforeOrder: 0.015,
  /** quantité of 0 or below, or absurdly large (500 or more). */
  badQuantity: 0.01,
  /** An exact copy of an earlier clean row, placed a little further down. */
  duplicateRow: 0.01,
  /** CTR written as a percentage (3.1 instead of 0.031). */
  ctrOutOfRange: 0.02,
  /** A negative volume, budget or mention count. */
  negativeVolume: 0.01,
  /** An empty id cell. */
  missingId: 0.005,
} as const;

export type DirtKind = keyof typeof DIRT;

/** Where each kind of dirt is planted: `file base name: header`. */
export const DIRT_PLACES: Readonly<Record<DirtKind, readonly string[]>> = {
  negativeAge: ['Carttrend_Clients: âge'],
  absurdAge: ['Carttrend_Clients: âge'],
  badEmail: ['Carttrend_Clients: email'],
  badIp: ['Carttrend_Clients: adresse_ip'],
  lowercaseEnum: ['Carttrend_Clients: genre', 'Carttrend_Commandes: statut_commande',
    'Carttrend_Entrepots_Machines: état_machine', 'Carttrend_Posts: sentiment_global',
    'Carttrend_Campaigns: canal', 'Carttrend_Produits: Catégorie'],
  misspeltEnum: ['Carttrend_Clients: genre', 'Carttrend_Commandes: statut_commande',
    'Carttrend_Entrepots_Machines: état_machine', 'Carttrend_Posts: sentiment_global',
    'Carttrend_Campaigns: canal', 'Carttrend_Produits: Catégorie'],
  futureDate: ['Carttrend_Clients: date_inscription', 'Carttrend_Posts: date_post'],
  deliveryBeforeOrder: ['Carttrend_Commandes: date_livraison_estimee'],
  badQuantity: ['Carttrend_Details_Commandes: quantité'],
  duplicateRow: ['Carttrend_Clients', 'Carttrend_Commandes', 'Carttrend_Details_Commandes', 'Carttrend_Satisfaction'],
  ctrOutOfRange: ['Carttrend_Campaigns: CTR'],
  negativeVolume: ['Carttrend_Entrepots_Machines: volume_traité', 'Carttrend_Campaigns: budget',
    'Carttrend_Posts: volume_mentions'],
  missingId: ['Carttrend_Clients: id_client', 'Carttrend_Commandes: id_client',
    'Carttrend_Campaigns: id_campagne', 'Carttrend_Entrepots_Machines: id_machine'],
};

/**
 * Storage quirks of the real files that are not errors (DATA.md section 1):
 * shares of cells stored as text, left empty, or written as rich text.
 */
export const QUIRKS = {
  /** Share of CTR, Prix and taux_remplissage cells stored as text. */
  ctrAsText: 0.15,
  priceAsText: 0.05,
  fillRateAsText: 0.3,
  /** Share of empty Marque, Sous-catégorie and Variation cells. */
  emptyBrand: 0.08,
  emptySubcategory: 0.06,
  emptyVariation: 0.25,
  /** Share of complaints whose type_plainte is empty anyway. */
  emptyComplaintType: 0.03,
  /** Share of emails written as rich text (formatted runs) instead of a hyperlink. */
  richTextEmail: 0.1,
  /** Promotions of type Remise fixe whose amount exceeds the product's price (16 in the real delivery). */
  fixedAboveProductPrice: 16,
  /** Favourite ids that name no product (P1001 to P1099), dropped by staging. */
  unknownFavourite: 0.005,
  /** Formatted empty rows after the data of the small and medium sheets. */
  trailingEmptyRows: { min: 200, max: 900 },
} as const;

/** How many rows of a `rows`-row table carry this kind of dirt: at least one. */
export function dirtCount(kind: DirtKind, rows: number): number {
  return rows <= 0 ? 0 : Math.max(1, Math.round(DIRT[kind] * rows));
}

/** Which rows of one table get which dirt; rows are chosen disjoint. */
export class DirtPlan {
  private readonly byRow = new Map<number, DirtKind>();

  constructor(private readonly rng: Random, readonly rows: number) {}

  /** Marks `count` clean rows (by default `dirtCount(kind, rows)`) with `kind`. */
  mark(kind: DirtKind, count = dirtCount(kind, this.rows)): this {
    const target = Math.min(count, this.rows - this.byRow.size);
    let marked = 0;
    while (marked < target) {
      const row = this.rng.int(0, this.rows - 1);
      if (this.byRow.has(row)) continue;
      this.byRow.set(row, kind);
      marked++;
    }
    return this;
  }

  kindOf(row: number): DirtKind | undefined {
    return this.byRow.get(row);
  }

  isClean(row: number): boolean {
    return !this.byRow.has(row);
  }
}

/**
 * Adds `count` exact copies of clean rows, each a little below its original,
 * so the table grows to `rows.length + count`.
 */
export function withDuplicates<T>(rng: Random, rows: readonly T[], count: number,
  isClean: (index: number) => boolean): T[] {
  const after = new Map<number, T[]>();
  let added = 0;
  for (let tries = 0; added < count && tries < count * 100; tries++) {
    const source = rng.int(0, rows.length - 1);
    if (!isClean(source)) continue;
    const at = Math.min(rows.length - 1, source + rng.int(0, 40));
    const list = after.get(at) ?? [];
    list.push(rows[source]!);
    after.set(at, list);
    added++;
  }
  const out: T[] = [];
  rows.forEach((row, i) => {
    out.push(row);
    for (const copy of after.get(i) ?? []) out.push(copy);
  });
  return out;
}

const LETTER = /\p{L}/u;

/** A misspelling: accents dropped if any, else one inner letter removed. */
export function misspell(rng: Random, value: string): string {
  const plain = value.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
  if (plain !== value) return plain;
  const inner = [...value].map((ch, i) => (i > 0 && i < value.length - 1 && LETTER.test(ch) ? i : -1))
    .filter((i) => i >= 0);
  const drop = inner.length ? rng.pick(inner) : value.length - 1;
  return value.slice(0, drop) + value.slice(drop + 1);
}

/** Applies `lowercaseEnum` or `misspeltEnum` dirt to an enumeration value. */
export function dirtyEnum(rng: Random, value: string, kind: DirtKind | undefined): string {
  if (kind === 'lowercaseEnum') return value.toLowerCase() === value ? value.toUpperCase() : value.toLowerCase();
  if (kind === 'misspeltEnum') return misspell(rng, value);
  return value;
}
