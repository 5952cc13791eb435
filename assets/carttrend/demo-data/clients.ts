/**
 * Customers (Clients): French names with accents, emails as hyperlinks or rich
 * text, the six phone shapes, favourites in the short `P020,P903` form (a few
 * five-character ids, a few naming no product), and the dirt of DIRT_PLACES.
 */
import { workbook } from '../catalog.ts';
import { dirtCount, DirtPlan, dirtyEnum, QUIRKS, withDuplicates } from './dirt.ts';
import { asciiSlug, badEmail, badIpAddress, dayOf, formatId, futureDay, ipAddress, isoOf, PHONE_SHAPES,
  phoneNumber, shortProductId, type PhoneShape } from './formats.ts';
import type { Catalogue } from './products.ts';
import { Weighted, type Random } from './random.ts';
import type { Cell, SheetData } from './sheet.ts';
import { EMAIL_DOMAINS, FIRST_NAMES_F, FIRST_NAMES_M, GENDERS, LAST_NAMES } from './vocabulary.ts';

export interface Customers {
  /** Draws the customer of an order: a few customers order much more than others. */
  pickClient(rng: Random): string;
}

const SHAPES = Object.keys(PHONE_SHAPES) as PhoneShape[];
const FAVOURITE_COUNTS = [0, 1, 2, 3, 4, 5, 6];
const FAVOURITE_WEIGHTS = [0.05, 0.12, 0.2, 0.26, 0.2, 0.12, 0.05];

export function generateClients(rng: Random, count: number, catalogue: Catalogue, trailingEmptyRows: number):
  { sheet: SheetData; customers: Customers } {
  const duplicates = dirtCount('duplicateRow', count);
  const base = count - duplicates;
  const plan = new DirtPlan(rng, base);
  for (const kind of ['negativeAge', 'absurdAge', 'badEmail', 'badIp', 'lowercaseEnum', 'misspeltEnum',
    'futureDate', 'missingId'] as const) plan.mark(kind, dirtCount(kind, count));
  const favouriteCount = rng.weighted(FAVOURITE_COUNTS, FAVOURITE_WEIGHTS);
  // One customer always holds the five-character P1000, so the quirk shows at any scale.
  const holdsP1000 = rng.int(0, base - 1);
  const firstSignUp = dayOf('2020-01-01');
  const lastSignUp = dayOf('2024-12-31');

  const rows: Cell[][] = [];
  const ids: string[] = [];
  const activity: number[] = [];
  for (let i = 0; i < base; i++) {
    const dirt = plan.kindOf(i);
    const id = formatId('C', 5, i + 1);
    const gender = rng.pick(GENDERS);
    const first = gender === 'Homme' ? rng.pick(FIRST_NAMES_M) : rng.pick(FIRST_NAMES_F);
    const last = rng.pick(LAST_NAMES);
    const local = `${asciiSlug(first)}.${asciiSlug(last)}${rng.chance(0.5) ? rng.int(1, 99) : ''}`;
    const domain = rng.pick(EMAIL_DOMAINS);
    const address = `${local}@${domain}`;
    let email: Cell;
    if (dirt === 'badEmail') email = badEmail(rng, local, domain);
    else if (rng.chance(QUIRKS.richTextEmail)) email = { richText: [{ text: local, font: { bold: true } }, { text: `@${domain}` }] };
    else email = { text: address, hyperlink: `mailto:${address}` };

    let age = Math.round(Math.min(85, Math.max(18, rng.normal(38, 13))));
    if (dirt === 'negativeAge') age = -rng.int(1, 60);
    if (dirt === 'absurdAge') age = rng.int(120, 250);

    const visits = Math.min(200, Math.round(Math.exp(rng.normal(2.5, 0.9))));
    const signUp = dirt === 'futureDate' ? futureDay(rng) : rng.int(firstSignUp, lastSignUp);

    const favourites = new Set<string>();
    const wanted = favouriteCount();
    while (favourites.size < wanted) {
      favourites.add(rng.chance(QUIRKS.unknownFavourite)
        ? shortProductId(rng.int(1001, 1099))
        : shortProductId(catalogue.pickProduct(rng).number));
    }
    if (i === holdsP1000) favourites.add(shortProductId(1000));

    rows.push([
      dirt === 'missingId' ? null : id,
      first,
      last,
      email,
      age,
      dirtyEnum(rng, gender, dirt),
      visits,
      phoneNumber(rng, rng.pick(SHAPES)),
      isoOf(signUp),
      favourites.size ? [...favourites].join(',') : null,
      dirt === 'badIp' ? badIpAddress(rng) : ipAddress(rng),
    ]);
    if (dirt !== 'missingId') {
      ids.push(id);
      activity.push(Math.exp(rng.normal(0, 0.6)));
    }
  }
  const clientTable = new Weighted(ids, activity);
  return {
    sheet: { spec: workbook('clients'), rows: withDuplicates(rng, rows, duplicates, (i) => plan.isClean(i)), trailingEmptyRows },
    customers: { pickClient: (r) => clientTable.draw(r) },
  };
}
