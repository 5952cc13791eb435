/** Satisfaction Client: rating distribution, complaints by type, support response times, a word cloud from mart_Commentaires. */
import { defineDashboard } from '../core/index.ts';

export default defineDashboard({
  id: 'satisfaction',
  title: 'Satisfaction Client',
  filters: [
    { id: 'plainte', label: 'Type de plainte', type: 'select' },
    { id: 'periode', label: 'Période (mois)', type: 'range' },
  ],
  charts: [
    { id: 'notes', title: 'Distribution des notes (produits)', type: 'bar',
      query: { from: 'carttrend_clean.mart_Notes_Clients', dimensions: ['avg_note_client'], measures: [{ as: 'produits', fn: 'count' }],
        filters: { plainte: 'type_plainte' } },
      encode: { x: 'avg_note_client', y: ['produits'] } },
    { id: 'plaintes', title: 'Plaintes par type', type: 'pie', crossFilter: 'plainte',
      query: { from: 'carttrend_clean.mart_Support', dimensions: ['type_plainte'], measures: [{ as: 'plaintes', fn: 'sum', column: 'nb_plaintes' }],
        filters: { plainte: 'type_plainte', periode: 'mois' } },
      encode: { x: 'type_plainte', y: ['plaintes'] } },
    { id: 'delais', title: 'Délai de traitement moyen par employé (top 15)', type: 'bar',
      query: { from: 'carttrend_clean.mart_Support', dimensions: ['employe_support'], measures: [{ as: 'delai', fn: 'avg', column: 'delai_traitement_moyen' }],
        filters: { plainte: 'type_plainte', periode: 'mois' }, orderBy: ['-delai', 'employe_support'], limit: 15 },
      encode: { x: 'employe_support', y: ['delai'] } },
    { id: 'mots', title: 'Nuage de mots des commentaires', type: 'wordcloud',
      query: { from: 'carttrend_clean.mart_Commentaires', columns: ['mot', 'frequence', 'note_moyenne'], orderBy: ['-frequence', 'mot'], limit: 80 },
      encode: { x: 'mot', y: ['frequence'] } },
  ],
});
