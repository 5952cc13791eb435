/**
 * `node bin/run-ts.js bench/dbt-bigquery.ts`: the dbt fixture
 * (test/fixtures/dbt-carttrend, written for BigQuery) materialized whole by
 * `trellis` in its own process, on the local BigQuery fake (a new fake each
 * time, SQL sent unchanged) and on DuckDB (SQL translated, the translation
 * cache warm, a new warehouse each time). Median of 3 each.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fakeCredentialsFile, startBigQueryFake } from '../test/support/bigquery-fake/server.ts';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');
const RUNS = 3;

/** `trellis materialize` of `dir` with `env` in a child process (the fake answers from this one): its duration. */
function materialize(dir: string, env: Readonly<Record<string, string>>): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'bin/trellis.js'), 'materialize', '--project', dir],
    { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve(performance.now() - started)
    : reject(new Error(`trellis materialize failed (${code}): ${stderr}`)))));
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const temps: string[] = [];
const temp = (prefix: string) => { const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix)); temps.push(d); return d; };

const dir = temp('trellis-bench-dbt-bq-');
fs.cpSync(path.join(root, 'test/fixtures/dbt-carttrend'), dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module", "private": true }\n');

const onFake: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const fake = await startBigQueryFake();
  try {
    onFake.push(await materialize(dir, { TRELLIS_HOME: temp('trellis-bench-home-'), TRELLIS_WAREHOUSE: 'bigquery', TRELLIS_BIGQUERY_PROJECT: 'bench',
      TRELLIS_BIGQUERY_API_ENDPOINT: fake.url, GOOGLE_APPLICATION_CREDENTIALS: fakeCredentialsFile(fake, temp('trellis-bench-adc-')), METADATA_SERVER_DETECTION: 'none' }));
    if (i === RUNS - 1) console.log(`jobs sent per run: ${fake.queries().length} query jobs, ${fake.requests.filter((r) => r.path.startsWith('/upload/')).length} load jobs`);
  } finally {
    await fake.close();
  }
}

const home = temp('trellis-bench-home-');
await materialize(dir, { TRELLIS_HOME: home }); // fills the translation cache
const onDuckDb: number[] = [];
for (let i = 0; i < RUNS; i++) {
  for (const state of ['warehouse.duckdb', 'warehouse.duckdb.wal', 'runs.sqlite']) fs.rmSync(path.join(home, state), { force: true });
  onDuckDb.push(await materialize(dir, { TRELLIS_HOME: home }));
}
console.log(`dbt fixture materialize on the BigQuery fake: ${median(onFake).toFixed(0)} ms (runs ${onFake.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`dbt fixture materialize on DuckDB (translation cached): ${median(onDuckDb).toFixed(0)} ms (runs ${onDuckDb.map((x) => x.toFixed(0)).join(', ')})`);
for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
