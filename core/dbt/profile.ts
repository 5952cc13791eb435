/**
 * Which warehouse a dbt project is written for, when trellis.config.ts does
 * not say (`dbt.dialect`): the adapter `type` of its profile's target in
 * `profiles.yml`, looked for where dbt looks (DBT_PROFILES_DIR, the dbt
 * project's folder, ~/.dbt); else the configured warehouse's.
 *
 * @example
 * // dbt/dbt_project.yml: profile: 'shop'; dbt/profiles.yml: shop: { target: dev, outputs: { dev: { type: duckdb } } }
 * dbtWritten(config, '/repo', process.env) // { dialect: 'duckdb', said: 'dbt/profiles.yml: profile shop, target dev, type duckdb' }
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TrellisConfig } from '../config.ts';
import type { DialectName } from '../warehouse/dialects.ts';
import { parseYaml } from './project-file.ts';
import { shownPath } from '../shown-path.ts';

export interface DbtWritten {
  readonly dialect: DialectName;
  /** Where it is said, for messages: `dbt.dialect in trellis.config.ts` or the profile. Absent: taken to be the warehouse's. */
  readonly said?: string;
}

const ADAPTERS: readonly DialectName[] = ['duckdb', 'bigquery'];

const record = (raw: unknown): Record<string, unknown> => (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw as Record<string, unknown> : {});

/** The profile's adapter type, with the file it was read from; undefined when no profile names one we know. */
function profileType(dbtDir: string, projectDir: string, env: NodeJS.ProcessEnv): DbtWritten | undefined {
  const projectFile = path.join(dbtDir, 'dbt_project.yml');
  if (!fs.existsSync(projectFile)) return undefined;
  const profile = record(parseYaml(fs.readFileSync(projectFile, 'utf8'), projectFile, [])).profile;
  if (typeof profile !== 'string') return undefined;
  const dirs = [env.DBT_PROFILES_DIR, dbtDir, env.HOME && path.join(env.HOME, '.dbt')].filter((d): d is string => !!d);
  const file = dirs.map((d) => path.join(d, 'profiles.yml')).find((f) => fs.existsSync(f));
  if (!file) return undefined;
  const entry = record(record(parseYaml(fs.readFileSync(file, 'utf8'), file, []))[profile]);
  const target = typeof entry.target === 'string' && !entry.target.includes('{{') ? entry.target : 'dev';
  const type = record(record(entry.outputs)[target]).type;
  if (!ADAPTERS.includes(type as DialectName)) return undefined;
  return { dialect: type as DialectName, said: `${shownPath(file, projectDir)}: profile ${profile}, target ${target}, type ${String(type)}` };
}

/** The dialect the project's dbt models are written in, and where that is said. */
export function dbtWritten(config: TrellisConfig, projectDir: string, env: NodeJS.ProcessEnv): DbtWritten {
  if (config.dbt?.dialect) return { dialect: config.dbt.dialect, said: `dbt.dialect '${config.dbt.dialect}' in trellis.config.ts` };
  const dbtDir = path.resolve(projectDir, config.dbt?.project ?? '.');
  return profileType(dbtDir, projectDir, env) ?? { dialect: config.warehouse.type };
}
