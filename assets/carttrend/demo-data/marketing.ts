/**
 * Marketing campaigns (Campaigns) and social posts (Posts) over the order
 * period. Campaigns tied to a retail event spend more; clicks follow each
 * channel's typical CTR; posts have mentions and a sentiment matching their text.
 */
import { workbook } from '../catalog.ts';
import { eventOn, PERIOD } from './calendar.ts';
import { dirtCount, DirtPlan, dirtyEnum, QUIRKS } from './dirt.ts';
import { formatId, futureDay, isoOf, round2 } from './formats.ts';
import type { Random } from './random.ts';
import type { Cell, SheetData } from './sheet.ts';
import { CAMPAIGN_CHANNELS, SENTIMENTS, SOCIAL_CHANNELS, POST_WORDS, CATEGORIES } from './vocabulary.ts';

export const CAMPAIGN_COUNT = 123;
export const POST_COUNT = 400;

/** Impressions per euro and typical click-through rate, by channel. */
const CHANNEL: Record<string, { impressionsPerEuro: number; ctr: number }> = {
  'E-mailing': { impressionsPerEuro: 40, ctr: 0.035 },
  Facebook: { impressionsPerEuro: 120, ctr: 0.012 },
  'Google Ads': { impressionsPerEuro: 80, ctr: 0.045 },
  Instagram: { impressionsPerEuro: 150, ctr: 0.018 },
};

export function generateCampaigns(rng: Random, trailingEmptyRows: number): SheetData {
  const plan = new DirtPlan(rng, CAMPAIGN_COUNT);
  for (const kind of ['ctrOutOfRange', 'negativeVolume', 'missingId', 'lowercaseEnum', 'misspeltEnum'] as const) plan.mark(kind);
  const asText = new Set(rng.sample(CAMPAIGN_COUNT, Math.round(CAMPAIGN_COUNT * QUIRKS.ctrAsText)));
  const days = Array.from({ length: CAMPAIGN_COUNT }, () => rng.int(PERIOD.first, PERIOD.last)).sort((a, b) => a - b);
  const rows: Cell[][] = days.map((day, i) => {
    const dirt = plan.kindOf(i);
    const event = eventOn(day);
    const tied = event !== undefined && rng.chance(0.8);
    const channel = rng.pick(CAMPAIGN_CHANNELS);
    const budget = round2(Math.exp(rng.normal(Math.log(3000), 0.6)) * (tied ? 1.8 : 1));
    const impressions = Math.round(budget * CHANNEL[channel]!.impressionsPerEuro * rng.float(0.7, 1.3));
    const clicks = Math.round(impressions * CHANNEL[channel]!.ctr * rng.float(0.6, 1.5) * (tied ? 1.2 : 1));
    const conversions = Math.round(clicks * rng.float(0.02, 0.08));
    let ctr = Math.round((clicks / impressions) * 10_000) / 10_000;
    if (dirt === 'ctrOutOfRange') ctr = round2(ctr * 100);
    return [
      dirt === 'missingId' ? null : formatId('CAMP', 3, i + 1),
      isoOf(day),
      tied ? 'Oui' : 'Non',
      tied ? event : 'Aucun',
      dirtyEnum(rng, channel, dirt),
      dirt === 'negativeVolume' ? -budget : budget,
      impressions,
      clicks,
      conversions,
      asText.has(i) ? String(ctr) : ctr,
    ];
  });
  return { spec: workbook('campaigns'), rows, trailingEmptyRows };
}

const SOCIAL_WEIGHTS = [0.25, 0.15, 0.1, 0.25, 0.25];
const SENTIMENT_WEIGHTS = [0.5, 0.3, 0.2];

export function generatePosts(rng: Random, trailingEmptyRows: number): SheetData {
  const plan = new DirtPlan(rng, POST_COUNT);
  for (const kind of ['futureDate', 'negativeVolume', 'lowercaseEnum', 'misspeltEnum'] as const) plan.mark(kind);
  const pickChannel = rng.weighted(SOCIAL_CHANNELS, SOCIAL_WEIGHTS);
  const pickSentiment = rng.weighted(SENTIMENTS, SENTIMENT_WEIGHTS);
  const days = Array.from({ length: POST_COUNT }, () => rng.int(PERIOD.first, PERIOD.last)).sort((a, b) => a - b);
  const rows: Cell[][] = days.map((day, i) => {
    const dirt = plan.kindOf(i);
    const sentiment = pickSentiment();
    const event = eventOn(day);
    const mentions = Math.round(Math.exp(rng.normal(Math.log(200), 0.8)) * (event ? 2 : 1));
    return [
      formatId('POST', 3, i + 1),
      isoOf(dirt === 'futureDate' ? futureDay(rng) : day),
      pickChannel(),
      dirt === 'negativeVolume' ? -mentions : mentions,
      dirtyEnum(rng, sentiment, dirt),
      postText(rng, sentiment, event),
    ];
  });
  return { spec: workbook('posts'), rows, trailingEmptyRows };
}

function postText(rng: Random, sentiment: string, event: string | undefined): string {
  const reactions = POST_WORDS.reactions;
  // The last two reactions are the unhappy ones.
  const reaction = sentiment === 'Négatif' ? rng.pick(reactions.slice(-2)) : rng.pick(reactions.slice(0, -2));
  const tag = event ? `#${event.replaceAll(' ', '')}` : rng.pick(POST_WORDS.hashtags.slice(1));
  return `${rng.pick(POST_WORDS.openers)} ${rng.pick(POST_WORDS.offers)} ${rng.pick(CATEGORIES).name} ! ${reaction} #Carttrend ${tag}`;
}
