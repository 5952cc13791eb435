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
import { UsageError } from './errors.ts';

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
}

export type UserConfig = Partial<TrellisConfig>;

/** Identity function that types a `trellis.config.ts`. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
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
  };
}

/** Where the warehouse file lives. */
export function warehousePath(config: TrellisConfig): string {
  return config.warehouse.path ? path.resolve(config.home, config.warehouse.path) : path.join(config.home, 'warehouse.duckdb');
}

export function runStorePath(config: TrellisConfig): string {
  return path.join(config.home, 'runs.sqlite');
}
