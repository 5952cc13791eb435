/** The warehouse contract on BigQuery: the real client against the loopback fake (test/support/bigquery-fake). */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openBigQuery } from '../../core/warehouse/bigquery/warehouse.ts';
import { fakeAuth, startBigQueryFake, type BigQueryFake } from '../support/bigquery-fake/server.ts';
import { cleanupTemp, tempDir } from '../support/project.ts';
import { warehouseContract } from './contract.case.ts';

process.env.METADATA_SERVER_DETECTION = 'none';
const dir = tempDir();
let fake: BigQueryFake;
beforeAll(async () => { fake = await startBigQueryFake(); });
afterAll(async () => {
  await fake?.close();
  cleanupTemp();
});

warehouseContract('bigquery', {
  open: () => openBigQuery({ type: 'bigquery', project: 'test-proj', apiEndpoint: fake.url, datasetPrefix: 'dev_' }, {}, { authClient: fakeAuth() }),
  slowQuery: 'SELECT COUNT(*) AS n FROM UNNEST(GENERATE_ARRAY(1, 200000)) AS a, UNNEST(GENERATE_ARRAY(1, 200000)) AS b',
  workDir: path.join(dir, 'files'),
});

it('sends every request to the fake over loopback, authenticated with the given client', () => {
  expect(fake.requests.length).toBeGreaterThan(0);
  expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
});
