/**
 * The machine uptime models (ml_cause_panne_machine) with the real
 * ml-xgboost: known answers on small synthetic data, the tree reader checked
 * against the library's own predictions, the seeded split, the worker path,
 * and one run on the real project at scale 0.1 whose gate verdict must agree
 * with the figures recomputed here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../assets/carttrend/demo-data/random.ts';
import { trainTestSplit } from '../assets/carttrend/models/split.ts';
import { prepareUptimeData, type UptimeRow } from '../assets/carttrend/models/uptime-features.ts';
import { fitUptimeModels, type UptimeFit } from '../assets/carttrend/models/uptime-fit.ts';
import { loadXGBoost } from '../assets/carttrend/models/xgboost-runtime.ts';
import { gainImportances, parseXGBoostModel, predictWithTrees } from '../assets/carttrend/models/xgboost-trees.ts';
import { runInWorker } from '../core/index.ts';
import { cleanupTemp, cli, materializeCarttrend, projectEnv, queryWarehouse, REPO } from './support/project.ts';

const LOCATIONS = ['Lyon', 'Marseille', 'Paris', 'Lille'];

/** Mart-shaped rows: uptime of 'Tri' depends on temperature only, of 'Transport' on month only. */
function syntheticRows(count: number, seed = 7): UptimeRow[] {
  const rng = new Random(seed);
  const rows: UptimeRow[] = [];
  for (let i = 0; i < count; i++) {
    const type = i % 2 === 0 ? 'Tri' : 'Transport';
    const month = rng.int(1, 12);
    const temperature = rng.float(10, 30);
    const uptime = type === 'Tri' ? 1 - 0.004 * temperature : (month >= 6 && month <= 8 ? 0.9 : 0.98);
    rows.push({ month, localisation: rng.pick(LOCATIONS), temperature, volume_traite: rng.int(1000, 20000),
      type_machine: type, pourcentage_uptime: uptime + rng.float(-0.0005, 0.0005) });
  }
  return rows;
}

const withoutTimes = (fit: UptimeFit) => ({ ...fit, fitMs: 0, models: fit.models.map((m) => ({ ...m, fitMs: 0 })) });

describe('fitUptimeModels on a known answer', () => {
  let fit: UptimeFit;
  beforeAll(async () => { fit = await fitUptimeModels(syntheticRows(800)); });

  it('ranks the feature the uptime depends on first, per machine type', () => {
    const byType = new Map(fit.models.map((m) => [m.type_machine, m]));
    const top = (type: string) => Object.entries(byType.get(type)!.importances).sort((a, b) => b[1] - a[1])[0]![0];
    expect(top('Tri')).toBe('temperature');
    expect(top('Transport')).toBe('month');
    expect(byType.get('Tri')!.importances.temperature).toBeGreaterThan(0.5);
  });

  it('gives importances that sum to 1', () => {
    for (const m of fit.models) {
      expect(Object.values(m.importances).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      for (const v of Object.values(m.importances)) expect(v).toBeGreaterThanOrEqual(0);
    }
  });

  it('has a low held-out RMSE, far below predicting the training mean', () => {
    for (const m of fit.models) {
      expect(m.rmse, m.type_machine).toBeLessThan(0.005);
      expect(m.rmse, m.type_machine).toBeLessThan(m.rmseMeanBaseline / 4);
      expect(m.mse).toBeCloseTo(m.rmse ** 2, 12);
      expect([m.nTrain, m.nTest]).toEqual([320, 80]);
    }
  });

  it('is deterministic', async () => {
    expect(withoutTimes(await fitUptimeModels(syntheticRows(800)))).toEqual(withoutTimes(fit));
  });

  it('drops rows with missing or non-finite values instead of aborting, with the same models', async () => {
    const dirty: UptimeRow[] = [
      { ...syntheticRows(1)[0], temperature: null }, { ...syntheticRows(1)[0], volume_traite: Number.NaN },
      { ...syntheticRows(1)[0], localisation: '' }, { ...syntheticRows(1)[0], pourcentage_uptime: undefined },
      { ...syntheticRows(1)[0], month: Number.POSITIVE_INFINITY }, { ...syntheticRows(1)[0], type_machine: null },
    ];
    const rows = syntheticRows(800);
    const mixed = await fitUptimeModels([...rows.slice(0, 300), ...dirty, ...rows.slice(300)]);
    expect(mixed.rowsDropped).toBe(dirty.length);
    expect(mixed.rowsKept).toBe(800);
    expect(withoutTimes({ ...mixed, rowsDropped: 0 })).toEqual(withoutTimes(fit));
  });

  it('skips a type with too few rows to split, saying why, and fits the others', async () => {
    const rare = syntheticRows(6, 3).map((r) => ({ ...r, type_machine: 'Maintenance' }));
    const result = await fitUptimeModels([...syntheticRows(200), ...rare]);
    expect(result.models.map((m) => m.type_machine)).toEqual(['Transport', 'Tri']);
    expect(result.skipped).toEqual([{ type_machine: 'Maintenance', rows: 6, reason: expect.stringContaining('6 usable rows') }]);
  });

  it('encodes locations in sorted order and maps errors back to uptime units', () => {
    const data = prepareUptimeData(syntheticRows(50));
    expect(data.locationCodes).toEqual({ Lille: 0, Lyon: 1, Marseille: 2, Paris: 3 });
    const scaled = [...data.byType.values()].flatMap((d) => d.target);
    expect(Math.min(...scaled)).toBe(0);
    expect(Math.max(...scaled)).toBe(1);
  });

  it('gives the same result in a worker thread as in process', async () => {
    const rows = syntheticRows(200);
    const inWorker = await runInWorker<unknown, UptimeFit>(new URL('../assets/carttrend/models/uptime-fit.ts', import.meta.url),
      'runUptimeFit', { rows, options: {} });
    expect(withoutTimes(inWorker)).toEqual(withoutTimes(await fitUptimeModels(rows)));
  });
});

describe('reading ml-xgboost trees', () => {
  it('reproduces the library predictions by walking the parsed trees', async () => {
    const XGBoost = await loadXGBoost();
    const rng = new Random(11);
    const X = Array.from({ length: 300 }, () => [rng.float(0, 1), rng.float(-5, 5), rng.float(0, 100)]);
    const y = X.map(([a, b]) => 3 * a! + Math.sin(b!));
    const model = new XGBoost({ max_depth: 3, eta: 0.1, iterations: 50, subsample: 1 });
    try {
      model.train(X, y);
      const parsed = parseXGBoostModel(model.toJSON().model);
      expect(parsed.trees).toHaveLength(50);
      expect([parsed.featureCount, parsed.objective, parsed.baseScore]).toEqual([3, 'reg:linear', 0.5]);
      const predicted = model.predict(X);
      const walked = X.map((row) => predictWithTrees(parsed, row));
      expect(Math.max(...walked.map((w, i) => Math.abs(w - predicted[i]!)))).toBeLessThan(1e-5);
      const gains = gainImportances(parsed);
      expect(gains[2]).toBeLessThan(Math.min(gains[0]!, gains[1]!));
    } finally {
      model.free();
    }
  });

  it('refuses bytes that are not a legacy gbtree model, naming the expected layout', () => {
    expect(() => parseXGBoostModel([1, 2, 3])).toThrow(/LearnerModelParam runs past the end.*0\.7x legacy binary layout/);
  });
});

describe('trainTestSplit', () => {
  it('holds out ceil(20%) of the rows, disjoint from training, the same for the same seed', () => {
    const a = trainTestSplit(101, 0.2, 42);
    expect([a.train.length, a.test.length]).toEqual([80, 21]);
    expect([...a.train, ...a.test].sort((x, y) => x - y)).toEqual(Array.from({ length: 101 }, (_, i) => i));
    expect(trainTestSplit(101, 0.2, 42)).toEqual(a);
    expect(trainTestSplit(101, 0.2, 43).test).not.toEqual(a.test);
  });

  it('rejects what cannot be split', () => {
    expect(() => trainTestSplit(1, 0.2, 42)).toThrow(/cannot split 1 rows/);
    expect(() => trainTestSplit(10, 1, 42)).toThrow(/testShare must lie strictly between 0 and 1/);
  });
});

describe('ml_cause_panne_machine on the real project at scale 0.1', () => {
  const KEY = 'carttrend_transform.ml_cause_panne_machine';
  const env = () => projectEnv({ TRELLIS_HOME: home, CARTTREND_DATA_DIR: data });
  let home: string;
  let data: string;
  let run: Awaited<ReturnType<typeof cli>>;
  let expected: UptimeFit;

  beforeAll(async () => {
    const setup = await materializeCarttrend(`+${KEY}`);
    ({ home, data } = setup);
    run = setup.result;
    expected = await fitUptimeModels(await queryWarehouse(home, 'SELECT * FROM carttrend_clean.mart_Regression_Fonctionnement_Machines'));
  });
  afterAll(cleanupTemp);

  it('fits every machine type and gates on the mean predictor with the figures, publishing only if all beat it', async () => {
    expect(expected.models.map((m) => m.type_machine)).toEqual(['Conditionnement', 'Maintenance', 'Stockage', 'Transport', 'Tri']);
    const result = run.json<{ assets: Array<{ key: string; decision: string; reason: string }>;
      checks: Array<{ asset: string; check: string; passed: boolean; message: string }> }>();
    const gate = result.checks.find((c) => c.asset === KEY && c.check === 'rmse_no_worse_than_mean_predictor')!;
    const allBeat = expected.models.every((m) => m.rmse <= m.rmseMeanBaseline);
    expect(gate.passed).toBe(allBeat);
    for (const m of expected.models) {
      expect(gate.message).toContain(`RMSE ${Number(m.rmse.toFixed(4))} vs mean predictor ${Number(m.rmseMeanBaseline.toFixed(4))}`);
    }
    const step = result.assets.find((a) => a.key === KEY)!;
    {
      const [published] = await queryWarehouse(home,
        "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'carttrend_transform' AND table_name = 'ml_cause_panne_machine'");
      if (allBeat) {
        expect(run.code, run.stderr).toBe(0);
        const rows = await queryWarehouse(home, `SELECT * FROM carttrend_transform.ml_cause_panne_machine ORDER BY type_machine`);
        expect(rows.map((r) => [r.type_machine, r.rmse])).toEqual(expected.models.map((m) => [m.type_machine, m.rmse]));
      } else {
        // Synthetic uptime carries little signal in these features: the gate must say so, not hide it.
        expect(run.code).toBe(1);
        expect(step.decision).toBe('failed');
        expect(step.reason).toContain('blocked by check rmse_no_worse_than_mean_predictor');
        expect(Number(published!.n)).toBe(0);
        const listed = await cli(['list', '--json', '--select', KEY], { projectDir: REPO, env: env() });
        const [asset] = listed.json<Array<{ status: string; causes: string[] }>>();
        expect(asset!.status).toBe('failed');
        expect(asset!.causes.join('\n')).toContain('vs mean predictor');
      }
    }
  });

  it('models every type at this scale, as the warning check reports', () => {
    expect(expected.skipped).toEqual([]);
    const result = run.json<{ checks: Array<{ asset: string; check: string; passed: boolean; message: string }> }>();
    const modelled = result.checks.find((c) => c.asset === KEY && c.check === 'every_machine_type_modelled')!;
    expect(modelled).toMatchObject({ passed: true, message: '5 types modelled' });
  });
});
