/** Ventes - Chiffres: revenue history with its forecast band, KPI tiles, filters by period, category, month and weekday. */
import { defineDashboard } from '../core/index.ts';

const commandes = 'carttrend_clean.mart_Commandes';
const filters = { periode: 'date_commande', categorie: 'categorie', mois: 'date_commande', jour: 'jour_semaine' } as const;

export default defineDashboard({
  id: 'ventes-chiffres',
  title: 'Ventes - Chiffres',
  description: "Chiffre d'affaires et son évolution. La prévision n'est montrée que par son intervalle et ne suit pas les filtres.",
  filters: [
    { id: 'periode', label: 'Période', type: 'range' },
    { id: 'categorie', label: 'Catégorie', type: 'select' },
    { id: 'mois', label: 'Mois', type: 'month' },
    { id: 'jour', label: 'Jour de la semaine (1 = lundi)', type: 'select' },
  ],
  charts: [
    { id: 'ca', title: "Chiffre d'affaires", type: 'kpi', format: 'eur',
      query: { from: commandes, measures: [{ as: 'ca', fn: 'sum', column: 'prix_apres_remise' }], filters }, encode: { y: ['ca'] } },
    { id: 'commandes', title: 'Commandes', type: 'kpi',
      query: { from: commandes, measures: [{ as: 'commandes', fn: 'count_distinct', column: 'id_commande' }], filters }, encode: { y: ['commandes'] } },
    { id: 'panier', title: 'Panier moyen (par ligne)', type: 'kpi', format: 'eur',
      query: { from: commandes, measures: [{ as: 'panier', fn: 'avg', column: 'prix_apres_remise' }], filters }, encode: { y: ['panier'] } },
    { id: 'prevision', title: 'CA historique et prévision (intervalle)', type: 'line', format: 'eur',
      query: { from: 'carttrend_transform.ml_predictions_ca', columns: ['date', 'y', 'yhat_lower', 'yhat_upper'], orderBy: ['date'] },
      encode: { x: 'date', y: ['y'], band: ['yhat_lower', 'yhat_upper'] } },
    { id: 'ca-mois', title: 'CA par mois', type: 'bar', format: 'eur',
      query: { from: commandes, dimensions: [{ column: 'date_commande', part: 'month', as: 'mois' }],
        measures: [{ as: 'ca', fn: 'sum', column: 'prix_apres_remise' }], filters },
      encode: { x: 'mois', y: ['ca'] } },
    { id: 'ca-categorie', title: 'CA par catégorie', type: 'bar', format: 'eur', crossFilter: 'categorie',
      query: { from: commandes, dimensions: ['categorie'], measures: [{ as: 'ca', fn: 'sum', column: 'prix_apres_remise' }],
        filters, orderBy: ['-ca'] },
      encode: { x: 'categorie', y: ['ca'] } },
    { id: 'ca-jour', title: 'CA par jour de la semaine', type: 'bar', format: 'eur', crossFilter: 'jour',
      query: { from: commandes, dimensions: ['jour_semaine'], measures: [{ as: 'ca', fn: 'sum', column: 'prix_apres_remise' }], filters },
      encode: { x: 'jour_semaine', y: ['ca'] } },
  ],
});
