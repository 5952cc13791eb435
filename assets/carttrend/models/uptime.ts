/**
 * `carttrend_transform.ml_cause_panne_machine`: one XGBoost regressor of
 * machine uptime per machine type (report appendix B.3), fitted in a worker
 * thread. One row per type: gain importances of month, location,
 * temperature and volume, and the held-out MSE and RMSE (uptime units)
 * beside the RMSE of predicting the training mean.
 *
 * Gate (error): every type's model must do at least as well as that mean
 * predictor, or the table is not published. A type too small to split is
 * left out and flagged by a warning check, not by failing the others.
 *
 * @example
 * // npx trellis materialize --select '+carttrend_transform.ml_cause_panne_machine'
 * import { uptimeModels } from './carttrend/models/uptime.ts';
 */
import { customCheck, defineAsset, type ColumnSpec } from '../../../core/index.ts';
import { UPTIME_FIT_DEFAULTS, type UptimeFit, type UptimeFitOptions } from './uptime-fit.ts';
import type { UptimeRow } from './uptime-features.ts';

const MART = 'carttrend_clean.mart_Regression_Fonctionnement_Machines';
const OPTIONS: UptimeFitOptions = UPTIME_FIT_DEFAULTS;

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'type_machine', type: 'VARCHAR' },
  { name: 'importance_month', type: 'DOUBLE' },
  { name: 'importance_localisation', type: 'DOUBLE' },
  { name: 'importance_temperature', type: 'DOUBLE' },
  { name: 'importance_volume_traite', type: 'DOUBLE' },
  { name: 'mse', type: 'DOUBLE' },
  { name: 'rmse', type: 'DOUBLE' },
  { name: 'rmse_mean_baseline', type: 'DOUBLE' },
  { name: 'n_train', type: 'INTEGER' },
  { name: 'n_test', type: 'INTEGER' },
];

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

const beatsMeanPredictor = customCheck('rmse_no_worse_than_mean_predictor', async ({ warehouse, relation }) => {
  const rows = await warehouse.query(`SELECT type_machine, rmse, rmse_mean_baseline FROM ${relation} ORDER BY type_machine`);
  if (rows.length === 0) return { passed: false, message: 'no machine type was modelled (see the skipped types in the metadata)' };
  const figures = (r: Record<string, unknown>) =>
    `${String(r.type_machine)} RMSE ${round(Number(r.rmse))} vs mean predictor ${round(Number(r.rmse_mean_baseline))}`;
  const worse = rows.filter((r) => !(Number(r.rmse) <= Number(r.rmse_mean_baseline)));
  // The figures also travel as check metadata: a blocked run records no materialization metadata.
  const metadata = Object.fromEntries(rows.map((r) => [String(r.type_machine),
    { rmse: Number(r.rmse), rmse_mean_baseline: Number(r.rmse_mean_baseline) }]));
  return worse.length
    ? { passed: false, failingCount: worse.length, sample: worse, metadata,
      message: `${worse.length} of ${rows.length} types do worse than predicting the training mean: ${worse.map(figures).join('; ')}` +
        (worse.length < rows.length ? ` (the others beat it: ${rows.filter((r) => !worse.includes(r)).map(figures).join('; ')})` : '') }
    : { passed: true, metadata, message: `all ${rows.length} types beat the mean predictor: ${rows.map(figures).join('; ')}` };
}, { description: 'Each type\'s held-out RMSE is no worse than that of predicting the training mean.' });

const everyTypeModelled = customCheck('every_machine_type_modelled', async ({ warehouse, relation, metadata }) => {
  const skipped = (metadata.skipped_types ?? {}) as Record<string, string>;
  const [row] = await warehouse.query(`SELECT count(*) AS n FROM ${relation}`);
  const names = Object.keys(skipped);
  return names.length
    ? { passed: false, message: `${names.length} type(s) not modelled: ${names.map((n) => `${n} (${skipped[n]})`).join('; ')}` }
    : { passed: true, message: `${Number(row!.n)} types modelled` };
}, { severity: 'warn', description: 'Types with too few rows to split are left out; this says which.' });

export const uptimeModels = defineAsset({
  key: 'carttrend_transform.ml_cause_panne_machine',
  deps: [MART],
  group: 'models',
  tags: { carttrend: '', ml: '', logistics: '' },
  owners: ['data-science'],
  description: 'One XGBoost regressor of machine uptime per machine type (100 trees, depth 3, eta 0.1, ' +
    'subsample 1, 80/20 split with seed 42): gain importances of month, location, temperature and volume, ' +
    'held-out MSE and RMSE in uptime units, and the RMSE of predicting the training mean. Differs from the ' +
    'original: the split uses our own seeded shuffle (not numpy\'s); boosting starts from the training mean, as ' +
    'xgboost >= 2.0 does (ml-xgboost\'s 0.7x would start from 0.5); a type with too few rows is skipped.',
  columns: [
    { name: 'type_machine', description: 'Machine type the model was fitted on.' },
    { name: 'importance_month', description: 'Share of gain (mean loss reduction per split, normalised to sum 1).' },
    { name: 'importance_localisation', description: 'Share of gain of the label-encoded warehouse location.' },
    { name: 'importance_temperature', description: 'Share of gain of the warehouse temperature.' },
    { name: 'importance_volume_traite', description: 'Share of gain of the standardised volume processed.' },
    { name: 'mse', description: 'Mean squared error on the held-out 20%, uptime units (0-1).' },
    { name: 'rmse', description: 'Root of mse.' },
    { name: 'rmse_mean_baseline', description: 'RMSE on the same rows of predicting the training mean.' },
    { name: 'n_train', description: 'Training rows.' },
    { name: 'n_test', description: 'Held-out rows.' },
  ],
  config: { ...OPTIONS },
  checks: [beatsMeanPredictor, everyTypeModelled],
  async materialize(ctx) {
    const rows = await ctx.read(MART);
    const fit = await ctx.compute<{ rows: UptimeRow[]; options: UptimeFitOptions }, UptimeFit>(
      new URL('./uptime-fit.ts', import.meta.url), 'runUptimeFit', { rows, options: OPTIONS });
    await ctx.writeTable(COLUMNS, fit.models.map((m) => [m.type_machine, m.importances.month, m.importances.localisation,
      m.importances.temperature, m.importances.volume_traite, m.mse, m.rmse, m.rmseMeanBaseline, m.nTrain, m.nTest]));
    for (const s of fit.skipped) ctx.log.warn(`machine type ${s.type_machine} not modelled: ${s.reason}`);
    ctx.addMetadata({
      rows_used: fit.rowsKept,
      rows_dropped_missing_values: fit.rowsDropped,
      types_modelled: fit.models.length,
      skipped_types: Object.fromEntries(fit.skipped.map((s) => [s.type_machine, s.reason])),
      fit_ms: Math.round(fit.fitMs),
      importance_method: 'gain: mean loss reduction per split, read from the trained trees, normalised to sum 1',
      rmse: Object.fromEntries(fit.models.map((m) => [m.type_machine, round(m.rmse)])),
      rmse_mean_baseline: Object.fromEntries(fit.models.map((m) => [m.type_machine, round(m.rmseMeanBaseline)])),
      location_codes: fit.locationCodes,
    });
  },
});
