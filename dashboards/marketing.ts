/** Marketing: spend, impressions, clicks, conversions and CTR by channel and over time; post mentions and sentiment. */
import { defineDashboard } from '../core/index.ts';

const engagement = 'carttrend_clean.mart_Engagement_Campagnes';
const filters = { periode: 'date', canal: 'canal' } as const;

export default defineDashboard({
  id: 'marketing',
  title: 'Marketing',
  filters: [
    { id: 'periode', label: 'Période', type: 'range' },
    { id: 'canal', label: 'Canal', type: 'select' },
  ],
  charts: [
    { id: 'budget', title: 'Budget', type: 'kpi', format: 'eur',
      query: { from: engagement, measures: [{ as: 'budget', fn: 'sum', column: 'budget' }], filters }, encode: { y: ['budget'] } },
    { id: 'conversions', title: 'Conversions', type: 'kpi',
      query: { from: engagement, measures: [{ as: 'conversions', fn: 'sum', column: 'conversions' }], filters }, encode: { y: ['conversions'] } },
    { id: 'canaux', title: 'Impressions, clics et conversions par canal', type: 'bar', crossFilter: 'canal',
      query: { from: engagement, dimensions: ['canal'], filters,
        measures: [{ as: 'impressions', fn: 'sum', column: 'impressions' }, { as: 'clics', fn: 'sum', column: 'clics' }, { as: 'conversions', fn: 'sum', column: 'conversions' }] },
      encode: { x: 'canal', y: ['impressions', 'clics', 'conversions'] } },
    { id: 'budget-canal', title: 'Budget par canal', type: 'pie', format: 'eur', crossFilter: 'canal',
      query: { from: engagement, dimensions: ['canal'], measures: [{ as: 'budget', fn: 'sum', column: 'budget' }], filters },
      encode: { x: 'canal', y: ['budget'] } },
    { id: 'ctr', title: 'CTR moyen par mois', type: 'line', format: 'percent',
      query: { from: engagement, dimensions: [{ column: 'date', part: 'month', as: 'mois' }], measures: [{ as: 'ctr', fn: 'avg', column: 'ctr' }], filters },
      encode: { x: 'mois', y: ['ctr'] } },
    { id: 'mentions', title: 'Mentions et sentiment des posts par mois', type: 'line',
      query: { from: engagement, dimensions: [{ column: 'date', part: 'month', as: 'mois' }], filters,
        measures: [{ as: 'mentions', fn: 'sum', column: 'volume_mentions' }, { as: 'positifs', fn: 'sum', column: 'nb_posts_positifs' }, { as: 'negatifs', fn: 'sum', column: 'nb_posts_negatifs' }] },
      encode: { x: 'mois', y: ['mentions', 'positifs', 'negatifs'] } },
  ],
});
