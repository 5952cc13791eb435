/** What the BigQuery warehouse sends and reports: datasets, staged builds, errors with job ids, cancel, bytes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WarehouseError, type Warehouse } from '../../core/index.ts';
import { openBigQuery } from '../../core/warehouse/bigquery/warehouse.ts';
import { fakeAuth, startBigQueryFake, type BigQueryFake } from '../support/bigquery-fake/server.ts';

process.env.METADATA_SERVER_DETECTION = 'none';
let fake: BigQueryFake;
let warehouse: Warehouse;
const source = { schema: 'shop', name: 'orders' };

beforeAll(async () => {
  fake = await startBigQueryFake();
  warehouse = await openBigQuery({ type: 'bigquery', project: 'test-proj', location: 'EU', apiEndpoint: fake.url, datasetPrefix: 'dev_' },
    {}, { authClient: fakeAuth() });
  await warehouse.ensureSchema('shop');
  const s = await warehouse.session();
  await s.writeTable(source, [{ name: 'id', type: 'BIGINT' }, { name: 'amount', type: 'DOUBLE' }], [[1, 2.5], [2, 4]]);
  await s.close();
});
afterAll(async () => {
  await warehouse?.close();
  await fake?.close();
});

describe('BigQuery on the fake', () => {
  it('creates the dataset with the prefix in the configured location, before any table', () => {
    const created = fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/datasets'));
    expect(created?.body).toMatchObject({ datasetReference: { datasetId: 'dev_shop' }, location: 'EU' });
    const firstUpload = fake.requests.findIndex((r) => r.path.startsWith('/upload/'));
    expect(fake.requests.indexOf(created!)).toBeLessThan(firstUpload);
  });

  it('writes a table with a load job (a file upload), not streaming inserts', () => {
    expect(fake.requests.some((r) => r.path.endsWith('/insertAll'))).toBe(false);
    expect(fake.requests.filter((r) => r.path === '/upload/bigquery/v2/projects/test-proj/jobs')).toHaveLength(1);
  });

  it('creates a table in one CREATE OR REPLACE job, with its id and bytes', async () => {
    const before = fake.queries().length;
    const s = await warehouse.session();
    const stats = await s.createAs({ schema: 'shop', name: 'totals' }, 'table', 'SELECT SUM(amount) AS total FROM `dev_shop.orders`');
    await s.close();
    expect(fake.queries().slice(before)).toEqual(['CREATE OR REPLACE TABLE `dev_shop.totals` AS SELECT SUM(amount) AS total FROM `dev_shop.orders`']);
    expect(stats.jobId).toMatch(/\w/);
    expect(stats.bytesProcessed).toBe(2 * 2 * 8);
    expect(stats.bytesBilled).toBe(10 * 2 ** 20);
  });

  it('publishes a staged table with a copy job (WRITE_TRUNCATE, not billed), then drops the staged table', async () => {
    const s = await warehouse.session();
    await s.createAs({ schema: 'shop', name: 'totals__trellis_staged' }, 'table', 'SELECT 7 AS total');
    await s.close();
    const before = fake.requests.length;
    await warehouse.publish({ schema: 'shop', name: 'totals__trellis_staged' }, { schema: 'shop', name: 'totals' }, 'table');
    const jobs = fake.requests.slice(before).filter((r) => r.method === 'POST' && r.path.endsWith('/jobs'));
    expect(jobs.map((r) => Object.keys(r.body.configuration)[0])).toEqual(['copy', 'query']);
    expect(jobs[0]!.body.configuration.copy).toMatchObject({
      sourceTable: { datasetId: 'dev_shop', tableId: 'totals__trellis_staged' },
      destinationTable: { datasetId: 'dev_shop', tableId: 'totals' }, writeDisposition: 'WRITE_TRUNCATE',
    });
    expect(jobs[1]!.body.configuration.query.query).toBe('DROP TABLE IF EXISTS `dev_shop.totals__trellis_staged`');
    expect(await warehouse.readQuery('SELECT total FROM `dev_shop.totals`')).toEqual([{ total: 7 }]);
  });

  it('fails a statement BigQuery refuses with the job id, its message and a fix', async () => {
    fake.failures.push({ match: /secret_table/, reason: 'accessDenied', message: 'Access Denied: Table test-proj:dev_shop.secret_table' });
    const s = await warehouse.session();
    const error = await s.query('SELECT * FROM `dev_shop.secret_table`').catch((e: unknown) => e);
    await s.close();
    expect(error).toBeInstanceOf(WarehouseError);
    expect(error).toMatchObject({
      reason: 'accessDenied', jobId: expect.stringMatching(/\w/),
      message: expect.stringMatching(/^BigQuery accessDenied \(job [\w-]+\): Access Denied: Table test-proj:dev_shop.secret_table/),
      fix: expect.stringMatching(/BigQuery Data Editor and BigQuery Job User/),
    });
  });

  it('maps a syntax error to invalidQuery with the job id', async () => {
    const s = await warehouse.session();
    await expect(s.query('SELEC 1')).rejects.toMatchObject({ reason: 'invalidQuery', message: expect.stringMatching(/job [\w-]+\).*SELEC/s) });
    await s.close();
  });

  it('cancels the job with jobs.cancel when the signal aborts', async () => {
    const controller = new AbortController();
    const s = await warehouse.session();
    const running = s.query('SELECT COUNT(*) AS n FROM UNNEST(GENERATE_ARRAY(1, 200000)) AS a, UNNEST(GENERATE_ARRAY(1, 200000)) AS b',
      undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped by the user')), 200);
    await expect(running).rejects.toThrow(/stopped by the user \(BigQuery job [\w-]+ cancelled\)/);
    await s.close();
    expect(fake.requests.some((r) => r.method === 'POST' && /\/jobs\/[^/]+\/cancel$/.test(r.path))).toBe(true);
  });

  it('dry-runs with dryRun: true, returning the schema and the bytes it would scan', async () => {
    const dry = await warehouse.dryRun('SELECT id FROM `dev_shop.orders`');
    expect(dry).toEqual({ columns: [{ name: 'id', type: 'INT64' }], bytesProcessed: 32 });
    const sent = fake.requests.filter((r) => r.body?.configuration?.dryRun === true);
    expect(sent).toHaveLength(1);
  });

  it('reads pages of results (pageToken) past the first', async () => {
    const s = await warehouse.session();
    const rows = await s.query('SELECT x FROM UNNEST(GENERATE_ARRAY(1, 1200)) AS x');
    await s.close();
    expect(rows).toHaveLength(1200);
    expect(fake.requests.some((r) => r.path.includes('/queries/') && r.query.pageToken)).toBe(true);
  });

  it('asks for a project when none is configured', async () => {
    await expect(openBigQuery({ type: 'bigquery' }, {})).rejects.toMatchObject({
      message: 'the BigQuery warehouse needs a project', fix: expect.stringMatching(/TRELLIS_BIGQUERY_PROJECT/),
    });
  });

  it('only ever talked to the loopback fake, with the fixed token', () => {
    expect(fake.requests.length).toBeGreaterThan(10);
  });
});
