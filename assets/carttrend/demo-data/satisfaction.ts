/**
 * Satisfaction: reviews of delivered orders (5,000 rows over about 3,900
 * distinct orders at scale 1). Comments are English sentences built from a
 * small vocabulary whose tone follows the rating, so word frequencies and
 * mean ratings per word mean something; complaints are likelier on low ratings.
 */
import { workbook } from '../catalog.ts';
import { dirtCount, QUIRKS, withDuplicates } from './dirt.ts';
import { formatId } from './formats.ts';
import type { Order } from './orders.ts';
import type { Random } from './random.ts';
import type { Cell, SheetData } from './sheet.ts';
import { COMMENT_WORDS, COMPLAINT_TYPES } from './vocabulary.ts';

const RATINGS = [1, 2, 3, 4, 5];
const RATING_WEIGHTS = [0.1, 0.1, 0.15, 0.3, 0.35];
/** Chance of a complaint by rating (1 to 5). */
const COMPLAINT_CHANCE = [0.8, 0.6, 0.25, 0.05, 0.02];
const COMPLAINT_WEIGHTS = [0.3, 0.2, 0.15, 0.35];
export const SUPPORT_STAFF = 50;

export function generateSatisfaction(rng: Random, rows: number, distinctOrders: number, placed: readonly Order[],
  trailingEmptyRows: number): SheetData {
  const duplicates = dirtCount('duplicateRow', rows);
  const base = rows - duplicates;
  const delivered = placed.filter((o) => o.status === 'Livrée' && o.lines > 0);
  const pool = delivered.length >= distinctOrders ? delivered : placed;
  const reviewed = rng.sample(pool.length, Math.min(distinctOrders, base, pool.length)).map((i) => pool[i]!);
  // Every reviewed order gets one review; the rest are second reviews of some of them.
  const orders = [...reviewed];
  while (orders.length < base) orders.push(rng.pick(reviewed));
  rng.shuffle(orders);

  const pickRating = rng.weighted(RATINGS, RATING_WEIGHTS);
  const pickComplaint = rng.weighted(COMPLAINT_TYPES, COMPLAINT_WEIGHTS);
  const out: Cell[][] = orders.map((order, i) => {
    const rating = pickRating();
    const complaint = rng.chance(COMPLAINT_CHANCE[rating - 1]!);
    return [
      formatId('SAT', 5, i + 1),
      order.id,
      rating,
      comment(rng, rating),
      complaint ? 'Yes' : 'No',
      complaint ? rng.int(2, 72) : rng.int(1, 48),
      complaint && !rng.chance(QUIRKS.emptyComplaintType) ? pickComplaint() : null,
      formatId('EMP', 3, rng.int(1, SUPPORT_STAFF)),
    ];
  });
  return { spec: workbook('satisfaction'), rows: withDuplicates(rng, out, duplicates, () => true), trailingEmptyRows };
}

function comment(rng: Random, rating: number): string {
  const tone = rating >= 4 ? COMMENT_WORDS.positive : rating === 3 ? COMMENT_WORDS.neutral : COMMENT_WORDS.negative;
  const subject = rng.pick(COMMENT_WORDS.subjects);
  const adjective = rng.pick(tone.adjectives);
  const first = rng.chance(0.5)
    ? `${capitalize(adjective)} ${subject}.`
    : `The ${subject} was ${adjective}.`;
  if (rng.chance(0.4)) return first;
  const other = rng.pick(COMMENT_WORDS.subjects.filter((s) => s !== subject));
  return rng.chance(0.5) ? `${first} ${rng.pick(tone.phrases)}` : `${first} The ${other} was ${rng.pick(tone.adjectives)}.`;
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
