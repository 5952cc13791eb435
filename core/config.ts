/**
 * Project configuration: `trellis.config.ts` (optional) overridden by the
 * environment. Everything has a default, so a project needs no config file.
 *
 * @example
 * // trellis.config.ts
 * export default defineConfig({ concurrency: 4, assets: ['assets/index.ts'] });
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RetryPolicy } from './definitions.ts';
import { UsageError, didYouMean, type Problem } from './errors.ts';
import { Fields, lineOfProperty } from './fields.ts';
import { isValidIdentifier } from './keys.ts';
import { readSchedules, type ScheduleConfig } from './ops/policies.ts';

/** The embedded DuckDB file (relative to the state directory). */
export interface DuckDbConfig {
  readonly type: 'duckdb';
  readonly path?: string;
}

/**
 * A BigQuery project: one dataset per schema (`google_drive`,
 * `carttrend_clean`…), named `<datasetPrefix><schema>` and created when
 * missing. Credentials never appear here: Application Default Credentials or
 * GOOGLE_APPLICATION_CREDENTIALS.
 */
export interface BigQueryConfig {
  readonly type: 'bigquery';
  readonly project?: string;
  /** Where datasets are created and jobs run (default `US`). */
  readonly location?: string;
  readonly datasetPrefix?: string;
  /** Another endpoint than Google's (an emulator, the test suite's fake server). */
  readonly apiEndpoint?: string;
}

export type WarehouseConfig = DuckDbConfig | BigQueryConfig;

const WAREHOUSE_TYPES = ['duckdb', 'bigquery'] as const;

export interface TrellisConfig {
  /** Modules whose exports declare TypeScript assets and sources. */
  readonly assets: readonly string[];
  /** Folder of SQL models. */
  readonly sqlDir: string;
  /** Schema for SQL models whose folder config names none. */
  readonly defaultSchema: string;
  readonly warehouse: WarehouseConfig;
  /** State directory: warehouse file and run store (`TRELLIS_HOME`). */
  readonly home: string;
  /** Assets materialized at once (`TRELLIS_CONCURRENCY`); default: cores. */
  readonly concurrency: number;
  readonly retry: Partial<RetryPolicy>;
  /** Module whose default export is `defineSampleData(...)`, for `trellis demo-data` and `trellis demo`. */
  readonly sampleData?: string;
  /** Named jobs `trellis daemon` runs: `{ daily: { select: '*', cron: '0 2 * * *', timezone: 'Europe/Paris' } }`. */
  readonly schedules?: Readonly<Record<string, ScheduleConfig>>;
  /** A dbt project loaded with this one: `{ project: 'dbt' }` (a `dbt_project.yml` at the root is found alone). */
  readonly dbt?: DbtConfig;
}

export interface DbtConfig {
  /** The folder holding `dbt_project.yml`, relative to this project. */
  readonly project: string;
  /** The target schema of models without `+schema` (default: `defaultSchema`). */
  readonly schema?: string;
  /** The SQL dialect the models are written in (default: the warehouse's); `bigquery` on DuckDB is transpiled. */
  readonly dialect?: 'bigquery' | 'duckdb';
}

export type UserConfig = Partial<TrellisConfig>;

/** Identity function that types a `trellis.config.ts`. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}

const CONFIG_FIELDS = ['assets', 'sqlDir', 'defaultSchema', 'warehouse', 'home', 'concurrency', 'retry', 'sampleData', 'schedules', 'dbt'] as const;

/**
 * Checks the default export of trellis.config.ts field by field (one asset
 * module given as a string is a list of one); problems name the line.
 */
export function validateUserConfig(raw: unknown, where: { readonly file: string; readonly text: string }, problems: Problem[]): UserConfig {
  // A nested field is looked for after the line of its parent (`cron:` of schedule `daily`, not of the first schedule).
  const lineOf = (p: readonly (string | number)[]) => p.reduce<number | undefined>((from, part) =>
    lineOfProperty(where.text, String(part), from ?? 1) ?? from, undefined) ?? lineOfProperty(where.text, 'default');
  const fields = new Fields({ file: where.file, lineOf: (p) => (p.length ? lineOf(p) : lineOfProperty(where.text, 'default')) }, problems);
  const config = fields.record(raw, []);
  if (!config) return {};
  fields.knownKeys(config, [], CONFIG_FIELDS);
  let defaultSchema = fields.string(config.defaultSchema, ['defaultSchema']);
  if (defaultSchema !== undefined && !isValidIdentifier(defaultSchema)) {
    defaultSchema = fields.problem(['defaultSchema'], `'${defaultSchema}' is not a valid schema name`, 'use letters, digits and underscores');
  }
  const warehouse = warehouseConfig(fields, config.warehouse);
  const defined: UserConfig = {
    assets: fields.names(config.assets, ['assets']),
    sqlDir: fields.string(config.sqlDir, ['sqlDir']),
    defaultSchema,
    warehouse,
    home: fields.string(config.home, ['home']),
    concurrency: fields.number(config.concurrency, ['concurrency'], { integer: true, min: 1 }),
    retry: fields.retry(config.retry, ['retry']),
    sampleData: fields.string(config.sampleData, ['sampleData']),
    schedules: readSchedules(fields, config.schedules),
    dbt: dbtConfig(fields, config.dbt),
  };
  return Object.fromEntries(Object.entries(defined).filter(([, v]) => v !== undefined)) as UserConfig;
}

function dbtConfig(fields: Fields, raw: unknown): DbtConfig | undefined {
  const dbt = fields.record(raw, ['dbt']);
  if (!dbt) return undefined;
  fields.knownKeys(dbt, ['dbt'], ['project', 'schema', 'dialect']);
  const project = fields.string(dbt.project, ['dbt', 'project']);
  if (project === undefined) return fields.problem(['dbt'], 'names no `project`', "write dbt: { project: 'path/to/dbt' }");
  return withoutUndefined({ project, schema: fields.string(dbt.schema, ['dbt', 'schema']),
    dialect: fields.oneOf(dbt.dialect, ['dbt', 'dialect'], WAREHOUSE_TYPES) });
}

function warehouseConfig(fields: Fields, raw: unknown): WarehouseConfig | undefined {
  const w = fields.record(raw, ['warehouse']);
  if (!w) return undefined;
  const type = fields.oneOf(w.type ?? 'duckdb', ['warehouse', 'type'], WAREHOUSE_TYPES);
  if (type === 'bigquery') {
    fields.knownKeys(w, ['warehouse'], ['type', 'project', 'location', 'datasetPrefix', 'apiEndpoint']);
    const datasetPrefix = fields.string(w.datasetPrefix, ['warehouse', 'datasetPrefix']);
    if (datasetPrefix !== undefined && !/^[A-Za-z0-9_]*$/.test(datasetPrefix)) {
      fields.problem(['warehouse', 'datasetPrefix'], `'${datasetPrefix}' cannot begin a dataset name`, 'use letters, digits and underscores');
    }
    return withoutUndefined({ type, project: fields.string(w.project, ['warehouse', 'project']),
      location: fields.string(w.location, ['warehouse', 'location']), datasetPrefix,
      apiEndpoint: fields.string(w.apiEndpoint, ['warehouse', 'apiEndpoint']) });
  }
  fields.knownKeys(w, ['warehouse'], ['type', 'path']);
  return type === 'duckdb' ? withoutUndefined({ type, path: fields.string(w.path, ['warehouse', 'path']) }) : undefined;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The warehouse: trellis.config.ts, overridden by TRELLIS_WAREHOUSE
 * (`duckdb` or `bigquery`) and, for BigQuery, TRELLIS_BIGQUERY_PROJECT (else
 * GOOGLE_CLOUD_PROJECT), TRELLIS_BIGQUERY_LOCATION,
 * TRELLIS_BIGQUERY_DATASET_PREFIX and TRELLIS_BIGQUERY_API_ENDPOINT.
 */
function resolveWarehouse(user: WarehouseConfig | undefined, env: NodeJS.ProcessEnv): WarehouseConfig {
  const type = env.TRELLIS_WAREHOUSE ?? user?.type ?? 'duckdb';
  if (type === 'duckdb') return user?.type === 'duckdb' ? user : { type };
  if (type !== 'bigquery') {
    throw new UsageError(`TRELLIS_WAREHOUSE must be one of ${WAREHOUSE_TYPES.join(', ')}, got '${type}'`,
      { fix: didYouMean(type, WAREHOUSE_TYPES) || 'unset it to use the embedded DuckDB' });
  }
  const own: BigQueryConfig = user?.type === 'bigquery' ? user : { type };
  return withoutUndefined({
    type,
    project: env.TRELLIS_BIGQUERY_PROJECT ?? own.project ?? env.GOOGLE_CLOUD_PROJECT,
    location: env.TRELLIS_BIGQUERY_LOCATION ?? own.location,
    datasetPrefix: env.TRELLIS_BIGQUERY_DATASET_PREFIX ?? own.datasetPrefix,
    apiEndpoint: env.TRELLIS_BIGQUERY_API_ENDPOINT ?? own.apiEndpoint,
  });
}

export function resolveConfig(projectDir: string, user: UserConfig, env: NodeJS.ProcessEnv = process.env): TrellisConfig {
  const concurrency = env.TRELLIS_CONCURRENCY ? Number(env.TRELLIS_CONCURRENCY) : user.concurrency ?? os.availableParallelism();
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new UsageError(`concurrency must be a positive integer, got ${env.TRELLIS_CONCURRENCY ?? user.concurrency}`,
      { fix: 'set TRELLIS_CONCURRENCY or `concurrency` in trellis.config.ts to 1 or more' });
  }
  const home = path.resolve(projectDir, env.TRELLIS_HOME ?? user.home ?? '.trellis');
  const defaultAssets = fs.existsSync(path.join(projectDir, 'assets/index.ts')) ? ['assets/index.ts'] : [];
  return {
    assets: user.assets ?? defaultAssets,
    sqlDir: user.sqlDir ?? 'sql',
    defaultSchema: user.defaultSchema ?? 'main',
    warehouse: resolveWarehouse(user.warehouse, env),
    home,
    concurrency,
    retry: user.retry ?? {},
    sampleData: user.sampleData,
    schedules: user.schedules ?? {},
    dbt: user.dbt ?? (fs.existsSync(path.join(projectDir, 'dbt_project.yml')) ? { project: '.' } : undefined),
  };
}

/** Where the warehouse file lives. */
export function warehousePath(config: TrellisConfig): string {
  const own = config.warehouse.type === 'duckdb' ? config.warehouse.path : undefined;
  return own ? path.resolve(config.home, own) : path.join(config.home, 'warehouse.duckdb');
}

export function runStorePath(config: TrellisConfig): string {
  return path.join(config.home, 'runs.sqlite');
}
