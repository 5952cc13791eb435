/**
 * The Carttrend project (the repository) run by the CLI on the BigQuery fake:
 * TRELLIS_WAREHOUSE=bigquery, the fake's endpoint, credentials through
 * GOOGLE_APPLICATION_CREDENTIALS (a federation file the fake answers), no
 * metadata server. Sample data generated small, the logical date fixed so
 * the SQL sent is the same every run.
 *
 * @example
 * const bq = await carttrendOnFake();
 * const r = await bq.trellis('materialize', '--json');
 * bq.fake.queries(); await bq.close();
 */
import path from 'node:path';
import { generateDemoData, type DemoData } from '../../assets/carttrend/demo-data/index.ts';
import { fakeCredentialsFile, startBigQueryFake, type BigQueryFake } from './bigquery-fake/server.ts';
import { cli, projectEnv, REPO, tempDir, tempHome, type CliResult } from './project.ts';

export const SCALE = 0.05;
export const LOGICAL_DATE = '2026-01-15';
export const PROJECT = 'carttrend-test';

export interface CarttrendOnFake {
  readonly fake: BigQueryFake;
  readonly demo: DemoData;
  /** CARTTREND_DATA_DIR: the generated workbooks. */
  readonly data: string;
  readonly env: NodeJS.ProcessEnv;
  /** `trellis argv` on the fake (the run's logical date added to materialize). */
  trellis(...argv: string[]): Promise<CliResult>;
  close(): Promise<void>;
}

/** The environment that points the repository's project at `fake`, with its own TRELLIS_HOME. */
export function fakeEnv(fake: BigQueryFake, data: string, extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return projectEnv({
    TRELLIS_HOME: tempHome(), CARTTREND_DATA_DIR: data, TRELLIS_WAREHOUSE: 'bigquery', TRELLIS_BIGQUERY_PROJECT: PROJECT,
    TRELLIS_BIGQUERY_API_ENDPOINT: fake.url, GOOGLE_APPLICATION_CREDENTIALS: fakeCredentialsFile(fake, tempDir('trellis-adc-')),
    METADATA_SERVER_DETECTION: 'none', ...extra,
  });
}

/** `trellis argv` on the repository's project with `env`; materialize gets the fixed logical date. */
export function trellisIn(env: NodeJS.ProcessEnv, argv: readonly string[]): Promise<CliResult> {
  const args = argv[0] === 'materialize' ? [...argv, '--logical-date', LOGICAL_DATE] : [...argv];
  return cli(args, { projectDir: REPO, env });
}

/** Starts a fake, generates the sample data and returns the project wired to it. */
export async function carttrendOnFake(options: { data?: { dir: string; demo: DemoData } } = {}): Promise<CarttrendOnFake> {
  const fake = await startBigQueryFake();
  const data = options.data?.dir ?? path.join(tempDir('trellis-carttrend-data-'), 'raw');
  const demo = options.data?.demo ?? await generateDemoData({ outDir: data, scale: SCALE, seed: 42 });
  const env = fakeEnv(fake, data);
  return { fake, demo, data, env, trellis: (...argv) => trellisIn(env, argv), close: () => fake.close() };
}
