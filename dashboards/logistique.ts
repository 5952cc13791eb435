/** Optimisation Logistique: warehouse load, delivery delays, machine uptime and downtime by type and month, the uptime model's feature importances. */
import { defineDashboard } from '../core/index.ts';

const regression = 'carttrend_clean.mart_Regression_Fonctionnement_Machines';

export default defineDashboard({
  id: 'logistique',
  title: 'Optimisation Logistique',
  filters: [
    { id: 'type', label: 'Type de machine', type: 'select' },
    { id: 'periode', label: 'Période', type: 'range' },
  ],
  charts: [
    { id: 'remplissage', title: "Taux de remplissage des entrepôts (%)", type: 'bar',
      query: { from: 'carttrend_clean.mart_Metriques_Entrepots', dimensions: ['localisation'], measures: [{ as: 'remplissage', fn: 'avg', column: 'taux_remplissage' }], orderBy: ['-remplissage'] },
      encode: { x: 'localisation', y: ['remplissage'] } },
    { id: 'delais', title: 'Délai de livraison moyen (jours)', type: 'bar',
      query: { from: 'carttrend_clean.mart_Metriques_Entrepots', dimensions: ['localisation'], measures: [{ as: 'delai', fn: 'avg', column: 'delai_livraison_moyen_jours' }], orderBy: ['-delai'] },
      encode: { x: 'localisation', y: ['delai'] } },
    { id: 'uptime-type', title: 'Disponibilité moyenne par type de machine', type: 'bar', format: 'percent', crossFilter: 'type',
      query: { from: regression, dimensions: ['type_machine'], measures: [{ as: 'uptime', fn: 'avg', column: 'pourcentage_uptime' }],
        filters: { type: 'type_machine', periode: 'month' } },
      encode: { x: 'type_machine', y: ['uptime'] } },
    { id: 'uptime-mois', title: 'Disponibilité moyenne par mois', type: 'line', format: 'percent',
      query: { from: regression, dimensions: ['month'], measures: [{ as: 'uptime', fn: 'avg', column: 'pourcentage_uptime' }],
        filters: { type: 'type_machine', periode: 'month' } },
      encode: { x: 'month', y: ['uptime'] } },
    { id: 'arret-type', title: "Temps d'arrêt total par type (heures)", type: 'bar', crossFilter: 'type',
      query: { from: 'carttrend_clean.mart_Metriques_Machines', dimensions: ['type_machine'], measures: [{ as: 'arret', fn: 'sum', column: 'temps_arret_total' }],
        filters: { type: 'type_machine' } },
      encode: { x: 'type_machine', y: ['arret'] } },
    { id: 'importances', title: 'Importance des variables (XGBoost, par type)', type: 'bar',
      query: { from: 'carttrend_transform.ml_cause_panne_machine', filters: { type: 'type_machine' },
        columns: ['type_machine', 'importance_month', 'importance_localisation', 'importance_temperature', 'importance_volume_traite'], orderBy: ['type_machine'] },
      encode: { x: 'type_machine', y: ['importance_month', 'importance_localisation', 'importance_temperature', 'importance_volume_traite'] } },
  ],
});
