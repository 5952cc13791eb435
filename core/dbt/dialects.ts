/**
 * Which dialect a dbt project's SQL is rendered in, and whether it is
 * translated: a BigQuery project on BigQuery runs unchanged; on DuckDB it is
 * rendered with BigQuery's quoting, then transpiled (cache in the state dir).
 * A DuckDB project on BigQuery is not translated (polyglot's DuckDB-to-BigQuery
 * output is not BigQuery SQL for lambdas, `FILTER (WHERE ...)`, `//`): the
 * loader refuses it with a project error.
 *
 * @example
 * dbtDialects(config, dbtWritten(config, dir, env)) // { source: bigquerySource } for BigQuery models on DuckDB
 */
import path from 'node:path';
import type { BigQueryConfig, TrellisConfig } from '../config.ts';
import { dialects, type Dialect } from '../warehouse/dialects.ts';
import { bigqueryQualified } from '../warehouse/bigquery/dialect.ts';
import { Transpiler } from './transpile.ts';
import type { DbtWritten } from './profile.ts';

/** BigQuery quoting with schema and table quoted apart, as the transpiler reads relations. */
const bigquerySource: Dialect = { ...dialects.bigquery, relation: (schema, name) => `${dialects.bigquery.quoteIdent(schema)}.${dialects.bigquery.quoteIdent(name)}` };

function translates(config: TrellisConfig, written: DbtWritten): boolean {
  return written.dialect === 'bigquery' && config.warehouse.type === 'duckdb';
}

/** On BigQuery, relations qualified by the project as dbt-bigquery's are; the project is `target.database`. */
function bigqueryRelations(config: BigQueryConfig): { dialect?: Dialect; database?: string } {
  return config.project ? { database: config.project, dialect: bigqueryQualified(config.project, config.datasetPrefix) } : {};
}

/**
 * The dialect models are rendered in when it is not the warehouse's (without
 * a translation, the loader refuses the project), and on BigQuery the
 * project-qualified relations dbt renders.
 */
export function dbtDialects(config: TrellisConfig, written: DbtWritten): { source?: Dialect; said?: string; dialect?: Dialect; database?: string } {
  if (translates(config, written)) return { source: bigquerySource };
  if (written.dialect !== config.warehouse.type) return { source: dialects[written.dialect], said: written.said };
  return config.warehouse.type === 'bigquery' ? bigqueryRelations(config.warehouse) : {};
}

/** The transpiler for a project that needs one, with its cache under the state directory. */
export function dbtTranspiler(config: TrellisConfig, written: DbtWritten): Transpiler | undefined {
  return translates(config, written) ? Transpiler.open(path.join(config.home, 'cache', 'dbt-transpile.json')) : undefined;
}
