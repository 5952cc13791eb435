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
import { UsageError, type Problem } from './errors.ts';
import { Fields, lineOfProperty } from './fields.ts';
import { isValidIdentifier } from './keys.ts';
import { readSchedules, type ScheduleConfig } from './ops/policies.ts';

export interface TrellisConfig {
  /** Modules whose exports declare TypeScript assets and sources. */
  readonly assets: readonly string[];
  /** Folder of SQL models. */
  readonly sqlDir: string;
  /** Schema for SQL models whose folder config names none. */
  readonly defaultSchema: string;
  readonly warehouse: { readonly type: 'duckdb'; readonly path?: string };
  /** State directory: warehouse file and run store (`TRELLIS_HOME`). */
  readonly home: string;
  /** Assets materialized at once (`TRELLIS_CONCURRENCY`); default: cores. */
  readonly concurrency: number;
  readonly retry: Partial<RetryPolicy>;
  /** Module whose default export is `defineSampleData(...)`, for `trellis demo-data` and `trellis demo`. */
  readonly sampleData?: string;
  /** Named jobs `trellis daemon` runs: `{ daily: { select: '*', cron: '0 2 * * *', timezone: 'Europe/Paris' } }`. */
  readonly schedules?: Readonly<Record<string, ScheduleConfig>>;
}

export type UserConfig = Partial<TrellisConfig>;

/** Identity function that types a `trellis.config.ts`. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}

const CONFIG_FIELDS = ['assets', 'sqlDir', 'defaultSchema', 'warehouse', 'home', 'concurrency', 'retry', 'sampleData', 'schedules'] as const;

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
  const warehouse = fields.record(config.warehouse, ['warehouse']);
  if (warehouse) {
    fields.knownKeys(warehouse, ['warehouse'], ['type', 'path']);
    fields.oneOf(warehouse.type, ['warehouse', 'type'], ['duckdb'] as const);
    fields.string(warehouse.path, ['warehouse', 'path']);
  }
  const defined: UserConfig = {
    assets: fields.names(config.assets, ['assets']),
    sqlDir: fields.string(config.sqlDir, ['sqlDir']),
    defaultSchema,
    warehouse: warehouse ? { type: 'duckdb', path: warehouse.path as string | undefined } : undefined,
    home: fields.string(config.home, ['home']),
    concurrency: fields.number(config.concurrency, ['concurrency'], { integer: true, min: 1 }),
    retry: fields.retry(config.retry, ['retry']),
    sampleData: fields.string(config.sampleData, ['sampleData']),
    schedules: readSchedules(fields, config.schedules),
  };
  return Object.fromEntries(Object.entries(defined).filter(([, v]) => v !== undefined)) as UserConfig;
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
    warehouse: user.warehouse ?? { type: 'duckdb' },
    home,
    concurrency,
    retry: user.retry ?? {},
    sampleData: user.sampleData,
    schedules: user.schedules ?? {},
  };
}

/** Where the warehouse file lives. */
export function warehousePath(config: TrellisConfig): string {
  return config.warehouse.path ? path.resolve(config.home, config.warehouse.path) : path.join(config.home, 'warehouse.duckdb');
}

export function runStorePath(config: TrellisConfig): string {
  return path.join(config.home, 'runs.sqlite');
}
