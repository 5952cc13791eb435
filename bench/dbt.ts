/**
 * `node bin/run-ts.js bench/dbt.ts`: the dbt loader's figures, each the
 * median of 3 runs of `trellis` in its own process (as a user runs it):
 * `trellis list` of the fixture without and with the translation cache,
 * and a full `trellis materialize` of it on DuckDB (the sample workbooks
 * at scale 1 for Carttrend-dbt). With
 * TRELLIS_DBT_CARTTREND set, the same for the seed authors' project.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateDemoData } from '../assets/carttrend/demo-data/index.ts';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');

function trellis(args: readonly string[], dir: string, home: string): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, [path.join(root, 'bin/trellis.js'), ...args, '--project', dir],
    { env: { ...process.env, TRELLIS_HOME: home, NO_COLOR: '1' }, encoding: 'utf8' });
  if (r.status !== 0 && args[0] !== 'materialize') throw new Error(`trellis ${args.join(' ')} failed: ${r.stderr}`);
  return performance.now() - started;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/** In one state directory (the CLI's compile cache warm): `list` without, then with, the translation cache; `materialize` on a new warehouse. */
function measure(name: string, dir: string): void {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-dbt-'));
  trellis(['list'], dir, home);
  const cold: number[] = [];
  const warm: number[] = [];
  const run: number[] = [];
  for (let i = 0; i < 3; i++) {
    fs.rmSync(path.join(home, 'cache', 'dbt-transpile.json'), { force: true });
    cold.push(trellis(['list'], dir, home));
    warm.push(trellis(['list'], dir, home));
    for (const state of ['warehouse.duckdb', 'warehouse.duckdb.wal', 'runs.sqlite']) fs.rmSync(path.join(home, state), { force: true });
    run.push(trellis(['materialize'], dir, home));
  }
  fs.rmSync(home, { recursive: true, force: true });
  console.log(`${name} list, no translation cache: ${median(cold).toFixed(0)} ms`);
  console.log(`${name} list, translation cache: ${median(warm).toFixed(0)} ms`);
  console.log(`${name} materialize (all, on DuckDB): ${median(run).toFixed(0)} ms`);
}

const fixture = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-fixture-'));
fs.cpSync(path.join(root, 'test/fixtures/dbt-carttrend'), fixture, { recursive: true });
fs.writeFileSync(path.join(fixture, 'package.json'), '{ "type": "module", "private": true }\n');
measure('fixture', fixture);

const checkout = process.env.TRELLIS_DBT_CARTTREND;
if (checkout) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-carttrend-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  fs.writeFileSync(path.join(dir, 'sources.ts'), `export { carttrendSources } from '${root}/assets/carttrend/sources.ts';\n`);
  fs.writeFileSync(path.join(dir, 'trellis.config.ts'), `export default { assets: ['sources.ts'], dbt: { project: ${JSON.stringify(checkout)}, dialect: 'bigquery' } };\n`);
  await generateDemoData({ outDir: path.join(dir, 'data/raw'), seed: 42 });
  measure('Carttrend-dbt', dir);
  fs.rmSync(dir, { recursive: true, force: true });
} else {
  console.log('Carttrend-dbt: skipped (set TRELLIS_DBT_CARTTREND to a checkout of carttrenddata/Carttrend-dbt)');
}
fs.rmSync(fixture, { recursive: true, force: true });
