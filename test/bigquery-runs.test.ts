/**
 * Runs of the Carttrend project on the BigQuery fake, through the CLI: the
 * bytes each SQL model's job processed are recorded and `trellis plan`
 * shows them with their cost; a model BigQuery refuses (accessDenied,
 * scripted in the fake) fails alone with the job id, message and fix, its
 * downstream is skipped, its previous table kept, the other branches
 * complete, and the run store records it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carttrendOnFake, type CarttrendOnFake } from './support/bigquery-carttrend.ts';
import { cleanupTemp, type CliResult } from './support/project.ts';

interface RunJson {
  runId: number;
  status: string;
  assets: Array<{ key: string; decision: string; reason: string; rows: number | null }>;
}
interface PlanJson { steps: Array<{ key: string; expectedBytes: number | null; expectedBytesBilled: number | null; expectedMs: number | null }> }
interface WhyJson { lastMaterialization: { metadata: Record<string, number> } }

const FAILING = 'carttrend_clean.mart_Commandes';
const DOWNSTREAM = ['carttrend_clean.mart_Apriori_Combinaisons_Produits', 'carttrend_clean.mart_Prevision_Series_Temporelles_CA',
  'carttrend_clean.mart_Produits_Favoris', 'carttrend_transform.ml_categories_achetees_ensemble',
  'carttrend_transform.ml_predictions_ca', 'carttrend_transform.ml_regles_association'];
let bq: CarttrendOnFake;
let first: RunJson;
let planJson: PlanJson;
let planText: CliResult;
let built: Record<string, number>;
let failed: CliResult;
let rowsBefore = 0;
let rowsAfter = 0;
let slow: CliResult;

const count = async (table: string) => Number((await bq.fake.engine.raw(`SELECT count(*)::INTEGER AS n FROM ${table}`))[0]!.n);

beforeAll(async () => {
  bq = await carttrendOnFake();
  first = (await bq.trellis('materialize', '--json')).json<RunJson>();
  planJson = (await bq.trellis('plan', '--all', '--json')).json<PlanJson>();
  planText = await bq.trellis('plan', '--all');
  built = (await bq.trellis('why', FAILING, '--json')).json<WhyJson>().lastMaterialization.metadata;
  rowsBefore = await count('"carttrend_clean"."mart_Commandes"');
  bq.fake.failures.push({ match: /^CREATE OR REPLACE TABLE `carttrend_clean\.mart_Commandes__trellis_staged`/,
    reason: 'accessDenied', message: 'Access Denied: Table carttrend-test:carttrend_clean.mart_Commandes: User does not have permission' });
  failed = await bq.trellis('materialize', '--all', '--json');
  rowsAfter = await count('"carttrend_clean"."mart_Commandes"');
  bq.fake.delays.push({ match: /^CREATE OR REPLACE TABLE `carttrend_clean\.mart_Support__trellis_staged`/, ms: 2600 });
  slow = await bq.trellis('materialize', '--select', 'carttrend_clean.mart_Support');
}, 180_000);

afterAll(async () => {
  await bq?.close();
  cleanupTemp();
});

describe('bytes processed and the plan', () => {
  it('records the bytes of every SQL model from its job statistics, and plan shows them', () => {
    const sql = planJson.steps.filter((s) => s.key.startsWith('carttrend_clean.'));
    expect(sql).toHaveLength(23);
    // Views scan nothing when created; a table model scans its inputs (the fake: 8 bytes per cell).
    expect(planJson.steps.find((s) => s.key === FAILING)!.expectedBytes).toBeGreaterThan(0);
    for (const s of sql) expect(s.expectedBytes, s.key).toEqual(expect.any(Number));
    expect(planJson.steps.find((s) => s.key.startsWith('google_drive.'))!.expectedBytes).toBeNull();
  });

  it('records what the checks and the data version\'s fingerprint cost, apart from the model\'s own job', () => {
    // mart_Commandes is a table with column checks: one scan of aggregates at least, then its fingerprint.
    expect(built.check_jobs).toBeGreaterThanOrEqual(1);
    expect(built.check_bytes_processed).toBeGreaterThan(0);
    expect(built.version_jobs).toBe(1);
    expect(built.version_bytes_processed).toBeGreaterThan(0);
    // The fake bills as BigQuery does: at least 10 MB a query that scans anything.
    expect(built.check_bytes_billed).toBeGreaterThanOrEqual(built.check_jobs! * 10 * 2 ** 20);
    expect(built.version_bytes_billed).toBe(Math.max(built.version_bytes_processed!, 10 * 2 ** 20));
  });

  it('expects a step to cost all of its jobs: the model\'s, its checks\' and its fingerprint\'s', () => {
    const step = planJson.steps.find((s) => s.key === FAILING)!;
    expect(step.expectedBytes).toBe(built.bytes_processed! + built.check_bytes_processed! + built.version_bytes_processed!);
    expect(step.expectedBytesBilled).toBe(built.bytes_billed! + built.check_bytes_billed! + built.version_bytes_billed!);
  });

  it('plan prints each step with its bytes and the total with its on-demand cost, priced on the bytes billed', () => {
    expect(planText.code, planText.stderr).toBe(0);
    expect(planText.stdout).toMatch(/carttrend_clean\.mart_Commandes .*\d+(\.\d+)? (B|KB|MB|KiB|MiB)/);
    expect(planText.stdout).toMatch(/processed, \S+ \w*B billed \(about \$\d+\.\d\d at on-demand prices\)/);
  });
});

describe('a model BigQuery refuses', () => {
  const run = () => failed.json<RunJson>();
  const step = (key: string) => run().assets.find((a) => a.key === key)!;

  it('fails that asset with the job id, BigQuery\'s message and the fix', () => {
    expect(failed.code).toBe(1);
    expect(run().status).toBe('failed');
    expect(step(FAILING).decision).toBe('failed');
    expect(step(FAILING).reason).toMatch(/BigQuery accessDenied \(job trellis_[0-9a-f-]{36}\): Access Denied: Table carttrend-test:carttrend_clean\.mart_Commandes/);
  });

  it('skips its downstream and completes the other branches', () => {
    for (const key of DOWNSTREAM) expect(step(key), key).toMatchObject({ decision: 'skipped', reason: `upstream ${FAILING} failed` });
    expect(step('carttrend_clean.mart_Support').decision).toBe('ran');
    expect(step('carttrend_transform.Clients_Geo').decision).toBe('ran');
  });

  it('keeps the previous table, and drops the staged one', async () => {
    expect(rowsAfter).toBe(rowsBefore);
    expect(rowsBefore).toBe(first.assets.find((a) => a.key === FAILING)!.rows);
    expect(await bq.fake.engine.table('carttrend_clean', 'mart_Commandes__trellis_staged')).toBeUndefined();
  });

  it('is recorded in the run store: trellis run shows the failure, why names it', async () => {
    const shown = await bq.trellis('run', String(run().runId), '--json');
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('BigQuery accessDenied (job trellis_');
    const text = await bq.trellis('run', String(run().runId));
    expect(text.stdout).toMatch(/grant the credentials BigQuery Data Editor and BigQuery Job User/);
    const why = await bq.trellis('why', FAILING);
    expect(why.stdout + why.stderr).toMatch(/Access Denied/);
  });
});

describe('a long query job', () => {
  it('shows its job id, elapsed time and bytes while the CLI waits for it', () => {
    expect(slow.code, slow.stderr).toBe(0);
    const lines = slow.stderr.split('\n').filter((l) => l.includes('carttrend_clean.mart_Support: job trellis_'));
    expect(lines.length, slow.stderr).toBeGreaterThanOrEqual(2);
    expect(lines[0]).toMatch(/⟳ carttrend_clean\.mart_Support: job trellis_[0-9a-f-]{36} running, \d+(\.\d+)? ?m?s elapsed, \S+ ?\w*B processed/);
  });
});
