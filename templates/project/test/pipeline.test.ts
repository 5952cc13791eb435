// The project's tests (node:test, TypeScript through tsx): `npm test`.
// One tests the asset's logic alone; the other builds the whole pipeline with
// the trellis CLI into a throwaway state folder and checks what it reports.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { movingAverage } from '../assets/revenue-trend.ts';

const project = path.resolve(fileURLToPath(import.meta.url), '../..');
const trellisBin = path.join(path.dirname(createRequire(import.meta.url).resolve('trellis/package.json')), 'bin/trellis.js');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-test-'));
after(() => fs.rmSync(home, { recursive: true, force: true }));

/** Runs `trellis args --json` on this project with its state in `home`, and parses what it prints. */
function trellis(args: string[]): any {
  const stdout = execFileSync(process.execPath, [trellisBin, ...args, '--json'], {
    cwd: project, env: { ...process.env, TRELLIS_HOME: home }, encoding: 'utf8',
  });
  return JSON.parse(stdout);
}

test('movingAverage averages each value with the ones before it', () => {
  assert.deepEqual(movingAverage([2, 4, 6, 8], 2), [2, 3, 5, 7]);
  assert.deepEqual(movingAverage([5], 7), [5]);
});

test('the pipeline materializes and every check passes', () => {
  const run = trellis(['materialize']);
  assert.equal(run.status, 'success');
  assert.deepEqual(run.assets.map((a: any) => [a.key, a.decision]).sort(), [
    ['analytics.revenue_trend', 'ran'], ['marts.daily_revenue', 'ran'], ['raw.orders', 'ran'],
  ]);
  const failed = run.checks.filter((c: any) => !c.passed);
  assert.deepEqual(failed, []);
  const listed = trellis(['list']);
  assert.ok(listed.every((a: any) => a.status === 'fresh'), JSON.stringify(listed));
});
