/** Ventes - Produits: clients by country (the map filters the page), top and flop products and categories, favourites by sub-category, category associations. */
import { defineDashboard } from '../core/index.ts';

const commandes = 'carttrend_clean.mart_Commandes';
const pays = { column: 'id_client', via: { from: 'carttrend_transform.Clients_Geo', key: 'id_client', column: 'pays' } };
const filters = { periode: 'date_commande', categorie: 'categorie', pays } as const;
const ca = [{ as: 'ca', fn: 'sum', column: 'prix_apres_remise' }] as const;

export default defineDashboard({
  id: 'ventes-produits',
  title: 'Ventes - Produits',
  description: 'Produits et catégories, du meilleur au moins bon; un clic sur un pays ou une catégorie filtre la page.',
  filters: [
    { id: 'periode', label: 'Période', type: 'range' },
    { id: 'categorie', label: 'Catégorie', type: 'select' },
    { id: 'pays', label: 'Pays', type: 'select', options: { from: 'carttrend_transform.Clients_Geo', column: 'pays' } },
  ],
  charts: [
    { id: 'carte', title: 'Clients par pays', type: 'map', crossFilter: 'pays',
      query: { from: 'carttrend_transform.Clients_Geo', dimensions: ['pays'], measures: [{ as: 'clients', fn: 'count_distinct', column: 'id_client' }],
        filters: { pays: 'pays' } },
      encode: { x: 'pays', y: ['clients'] } },
    { id: 'top-produits', title: 'Top 10 produits (CA)', type: 'bar', format: 'eur',
      query: { from: commandes, dimensions: ['nom'], measures: ca, filters, orderBy: ['-ca', 'nom'], limit: 10 }, encode: { x: 'nom', y: ['ca'] } },
    { id: 'flop-produits', title: 'Flop 10 produits (CA)', type: 'bar', format: 'eur',
      query: { from: commandes, dimensions: ['nom'], measures: ca, filters, orderBy: ['ca', 'nom'], limit: 10 }, encode: { x: 'nom', y: ['ca'] } },
    { id: 'categories', title: 'Catégories (CA)', type: 'bar', format: 'eur', crossFilter: 'categorie',
      query: { from: commandes, dimensions: ['categorie'], measures: ca, filters, orderBy: ['-ca'] }, encode: { x: 'categorie', y: ['ca'] } },
    { id: 'volumes', title: 'Catégories (quantités vendues)', type: 'bar', crossFilter: 'categorie',
      query: { from: commandes, dimensions: ['categorie'], measures: [{ as: 'quantite', fn: 'sum', column: 'quantite' }], filters, orderBy: ['-quantite'] },
      encode: { x: 'categorie', y: ['quantite'] } },
    { id: 'favoris', title: 'Favoris par sous-catégorie', type: 'bar',
      query: { from: 'carttrend_clean.mart_Produits_Favoris', dimensions: ['categorie', 'sous_categorie'],
        measures: [{ as: 'favoris', fn: 'sum', column: 'nb_favoris' }], filters: { categorie: 'categorie' } },
      encode: { x: 'categorie', y: ['favoris'], series: 'sous_categorie' } },
    { id: 'associations', title: 'Catégories achetées ensemble (Apriori)', type: 'table',
      query: { from: 'carttrend_transform.ml_categories_achetees_ensemble', columns: ['itemsets', 'support'], orderBy: ['-support'] },
      encode: { x: 'itemsets', y: ['support'] } },
  ],
});
