/**
 * The whole Carttrend graph materialized by the CLI on the BigQuery fake
 * (issue 10): sources by load jobs, SQL models as query jobs, the TypeScript
 * models reading and writing through the warehouse, checks, data versions.
 * The same data is run on DuckDB too: both engines must agree on every
 * asset's rows and every check's verdict. The SQL each asset sent is kept in
 * test/golden/bigquery/jobs/<asset>.sql (TRELLIS_UPDATE_GOLDEN=1 rewrites).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carttrendOnFake, LOGICAL_DATE, type CarttrendOnFake } from './support/bigquery-carttrend.ts';
import { expectGolden, GOLDEN_DIR, jobsByAsset, sentJobs, UPDATE, type SentJob } from './support/bigquery-golden.ts';
import { cleanupTemp, cli, projectEnv, REPO, tempHome, type CliResult } from './support/project.ts';

interface RunJson {
  status: string;
  assets: Array<{ key: string; decision: string; reason: string; rows: number | null }>;
  checks: Array<{ asset: string; check: string; passed: boolean; failingCount: number | null }>;
}

const JOBS_DIR = path.join(GOLDEN_DIR, 'jobs');
let bq: CarttrendOnFake;
let first: CliResult;
let run: RunJson;
let duck: RunJson;
let jobs: SentJob[];
let second: CliResult;
let firstMs = 0;
let duckMs = 0;

beforeAll(async () => {
  bq = await carttrendOnFake();
  const started = performance.now();
  first = await bq.trellis('materialize', '--json');
  firstMs = performance.now() - started;
  run = first.json<RunJson>();
  jobs = sentJobs(bq.fake.requests);
  second = await bq.trellis('materialize', '--json');
  const duckEnv = projectEnv({ TRELLIS_HOME: tempHome(), CARTTREND_DATA_DIR: bq.data });
  const duckStarted = performance.now();
  duck = (await cli(['materialize', '--json', '--logical-date', LOGICAL_DATE], { projectDir: REPO, env: duckEnv })).json<RunJson>();
  duckMs = performance.now() - duckStarted;
}, 180_000);

afterAll(async () => {
  await bq?.close();
  cleanupTemp();
});

const sorted = (xs: Iterable<string>) => [...xs].sort();
const refusedBy = (r: RunJson) => sorted(r.assets.filter((a) => a.decision === 'failed').map((a) => a.key));

function rendering(key: string): string {
  return fs.readFileSync(path.join(GOLDEN_DIR, `${key.split('.')[1]}.sql`), 'utf8').trim().replaceAll('__trellis_logical_date__', LOGICAL_DATE);
}

function withoutRendering(key: string, text: string): string {
  return key.startsWith('carttrend_clean.') ? text.replaceAll(rendering(key), `{{ test/golden/bigquery/${key.split('.')[1]}.sql }}`) : text;
}

describe('Carttrend on BigQuery (the fake)', () => {
  it('runs all 38 assets; only a model output may be refused, by its validation gate', () => {
    expect(run.assets).toHaveLength(38);
    for (const a of run.assets.filter((x) => x.decision !== 'ran')) {
      expect(a.key, a.reason).toMatch(/^carttrend_transform\./);
      expect(a.reason).toMatch(a.decision === 'failed' ? /^blocked by check / : /^upstream /);
    }
    expect(first.code, first.stderr).toBe(refusedBy(run).length ? 1 : 0);
    console.log(`whole graph on the fake: ${Math.round(firstMs)} ms, ${jobs.length} jobs, ${bq.fake.requests.length} requests; on DuckDB ${Math.round(duckMs)} ms`);
  });

  it('agrees with DuckDB on every asset: same decisions, same rows, same check verdicts', () => {
    const rows = (r: RunJson) => Object.fromEntries(r.assets.map((a) => [a.key, [a.decision, a.rows]]));
    expect(rows(run)).toEqual(rows(duck));
    const verdicts = (r: RunJson) => sorted(r.checks.map((c) => `${c.asset} ${c.check} ${c.passed} ${c.failingCount}`));
    expect(verdicts(run)).toEqual(verdicts(duck));
    expect(run.checks.length).toBeGreaterThan(100);
  });

  it('loads the sources and writes the TypeScript models with load jobs (file uploads), never streaming inserts', () => {
    expect(bq.fake.requests.some((r) => r.path.endsWith('/insertAll'))).toBe(false);
    const loaded = new Set(jobs.filter((j) => j.kind === 'load').map((j) => j.subject));
    for (const a of run.assets.filter((x) => x.decision === 'ran' && !x.key.startsWith('carttrend_clean.'))) expect(loaded).toContain(a.key);
  });

  it('keeps the data versions in BigQuery: a second materialize runs nothing but what a gate refused', () => {
    const again = second.json<RunJson>();
    expect(sorted(again.assets.filter((a) => a.decision !== 'skipped').map((a) => a.key))).toEqual(refusedBy(run));
    expect(refusedBy(again)).toEqual(refusedBy(run));
  });

  it('creates each dataset before any job touches it', () => {
    const created = bq.fake.requests.flatMap((r, i) => (r.method === 'POST' && r.path.endsWith('/datasets') ? [[r.body.datasetReference.datasetId, i]] : []));
    expect(sorted(created.map(([d]) => d as string))).toEqual(['carttrend_clean', 'carttrend_transform', 'google_drive']);
    for (const [dataset, at] of created) {
      const touches = (r: { path: string; body: unknown }) => !r.path.includes('/datasets') && JSON.stringify(r.body ?? '').includes(`${dataset}`);
      expect(bq.fake.requests.findIndex(touches), String(dataset)).toBeGreaterThan(at as number);
    }
  });

  it('builds every asset staged, checks it, then publishes it and drops the staged relation', () => {
    for (const a of run.assets.filter((x) => x.decision === 'ran')) {
      const own = jobs.filter((j) => j.subject === a.key).map((j) => j.text);
      const [schema, name] = a.key.split('.');
      const staged = `${schema}.${name}__trellis_staged`;
      const build = own.findIndex((t) => t.startsWith(`CREATE OR REPLACE VIEW \`${staged}\``) || t.startsWith(`CREATE OR REPLACE TABLE \`${staged}\``) ||
        t.startsWith(`-- load job: `) && t.includes(` into ${staged} `));
      const publish = own.findIndex((t) => t === `-- copy job: ${staged} -> ${a.key} (WRITE_TRUNCATE)` || t.startsWith(`CREATE OR REPLACE VIEW \`${a.key}\` AS`));
      const drop = own.findIndex((t, i) => i > publish && /^DROP (TABLE|VIEW) IF EXISTS/.test(t) && t.includes(`\`${staged}\``));
      expect(build, `${a.key}: ${own.join('\n')}`).toBeGreaterThanOrEqual(0);
      expect(publish, a.key).toBeGreaterThan(build);
      expect(drop, a.key).toBeGreaterThan(publish);
      const checkReads = own.slice(build + 1, publish).filter((t) => t.startsWith('SELECT'));
      expect(own.slice(publish + 1).filter((t) => t.startsWith('SELECT')), `${a.key} reads its staged relation after publishing`).toEqual([]);
      if (run.checks.some((c) => c.asset === a.key)) expect(checkReads.length, a.key).toBeGreaterThan(0);
    }
  });

  it('sends each SQL model exactly its BigQuery rendering (test/golden/bigquery/<model>.sql)', () => {
    const sql = run.assets.filter((a) => a.key.startsWith('carttrend_clean.'));
    expect(sql).toHaveLength(23);
    for (const a of sql) {
      const rendered = rendering(a.key);
      const build = jobs.find((j) => j.subject === a.key && /^CREATE OR REPLACE (VIEW|TABLE) `[^`]+__trellis_staged` AS /.test(j.text));
      expect(build?.text.replace(/^CREATE OR REPLACE (VIEW|TABLE) `[^`]+` AS /, ''), a.key).toBe(rendered);
    }
  });

  it('sends what test/golden/bigquery/jobs/<asset>.sql holds, job by job (TRELLIS_UPDATE_GOLDEN=1 rewrites them)', () => {
    const byAsset = jobsByAsset(jobs);
    expect(sorted(byAsset.keys())).toEqual(sorted(run.assets.map((a) => a.key)));
    // A model's own SQL is the rendering golden's (checked above): named here, not repeated.
    for (const [key, text] of byAsset) expectGolden(path.join(JOBS_DIR, `${key}.sql`), withoutRendering(key, text));
    const files = fs.readdirSync(JOBS_DIR).filter((f) => f.endsWith('.sql'));
    if (!UPDATE) expect(sorted(files), 'a golden file for an asset that no longer sends anything').toEqual(sorted([...byAsset.keys()].map((k) => `${k}.sql`)));
  });
});
