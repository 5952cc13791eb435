/**
 * Validates every SQL model's BigQuery rendering offline, in topological
 * order: each model is analyzed by ZetaSQL against a catalog holding its
 * upstreams' columns (inputs' from their declared columns or the local
 * warehouse, models' from their own analysis), so a misspelt column, a
 * function BigQuery lacks or a type error is found before any job is sent.
 * Without ZetaSQL installed, a lexical check runs instead and the report
 * says so.
 *
 * @example
 * const report = await validateBigQuerySql(project.graph, { dialect: project.dialect, projectDir: project.dir });
 * report.models.filter((m) => m.status === 'invalid'); // each with message, line and column
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AssetDefinition } from '../../../definitions.ts';
import type { AssetGraph } from '../../../graph.ts';
import { parseKey, type AssetKey } from '../../../keys.ts';
import { bindLogicalDate } from '../../../template.ts';
import type { Dialect } from '../../dialect.ts';
import type { ColumnInfo } from '../../warehouse.ts';
import { bigqueryTypeName, simpleCatalog, typeProto, type CatalogColumn, type CatalogTable } from './catalog.ts';
import { lexicalCheck } from './lexical.ts';
import { startZetaSql, type AnalyzerError, type ZetaSql } from './server.ts';

export type ModelStatus = 'ok' | 'invalid' | 'skipped';

/** Where an error is: `line`/`column` in the rendered SQL; `fileLine` in the model file when the rendering keeps its lines. */
export interface SqlProblem extends AnalyzerError {
  readonly fileLine?: number;
  /** The rendered line with a caret under the column. */
  readonly excerpt?: string;
}

export interface ModelValidation {
  readonly key: AssetKey;
  readonly file?: string;
  readonly status: ModelStatus;
  /** Output columns with BigQuery types (ZetaSQL only). */
  readonly columns?: readonly { readonly name: string; readonly type: string }[];
  readonly error?: SqlProblem;
  /** Why a model was skipped (an upstream invalid or of unknown columns). */
  readonly reason?: string;
  readonly durationMs: number;
}

export interface ValidationReport {
  readonly analyzer: 'zetasql' | 'lexical';
  /** Why ZetaSQL did not run, with how to install it. */
  readonly note?: string;
  /** Inputs whose column types were not known and were taken as STRING. */
  readonly assumedString: readonly AssetKey[];
  readonly models: readonly ModelValidation[];
  readonly durationMs: number;
}

export interface ValidateOptions {
  readonly dialect: Dialect;
  readonly projectDir: string;
  /** Models to report (default every SQL model); their upstream models are analyzed too. */
  readonly select?: ReadonlySet<AssetKey>;
  /** Columns of a non-SQL asset (a source, a TypeScript asset) as the local warehouse holds them, when materialized. */
  readonly warehouseColumns?: (key: AssetKey) => Promise<readonly ColumnInfo[]>;
  /** The `{{ logical_date() }}` bound for analysis (default today). */
  readonly logicalDate?: string;
  /** A running analyzer to reuse (tests); otherwise one is started and stopped here. */
  readonly analyzer?: ZetaSql;
  /** The BigQuery project: tables resolve as `` `project.dataset.table` `` too (dbt models name them so). */
  readonly project?: string;
  /** Run the lexical check only (as when ZetaSQL is not installed), for this reason. */
  readonly lexicalOnly?: string;
}

/** The dataset and table of a key as the dialect names it (`dev_carttrend_clean`, `Clients`). */
function catalogName(dialect: Dialect, key: AssetKey): { dataset: string; table: string } {
  const { schema, name } = parseKey(key);
  const full = dialect.relation(schema, name).replace(/^`|`$/g, '');
  const dot = full.indexOf('.');
  return { dataset: full.slice(0, dot), table: full.slice(dot + 1) };
}

function excerpt(sql: string, line: number | undefined, column: number | undefined): string | undefined {
  const text = line === undefined ? undefined : sql.split('\n')[line - 1];
  if (text === undefined) return undefined;
  return column === undefined ? text : `${text}\n${' '.repeat(Math.max(0, column - 1))}^`;
}

/** The model file's line for a rendered line: the same when rendering kept the line count (Trellis's templates do). */
function fileLine(def: AssetDefinition, projectDir: string, sql: string, line: number | undefined): number | undefined {
  if (line === undefined || !def.file) return undefined;
  try {
    const source = fs.readFileSync(path.join(projectDir, def.file), 'utf8');
    return source.trimEnd().split('\n').length === sql.trimEnd().split('\n').length ? line : undefined;
  } catch {
    return undefined;
  }
}

/** Catalog columns of a non-SQL input: declared with types, else the warehouse's, else declared names as STRING. */
async function inputColumns(def: AssetDefinition, options: ValidateOptions, assumed: AssetKey[]): Promise<CatalogColumn[] | undefined> {
  const declared = def.columns.map((c) => ({ name: c.name, type: c.type ? typeProto(c.type) : undefined }));
  if (declared.length && declared.every((c) => c.type)) return declared as CatalogColumn[];
  const stored = options.warehouseColumns ? await options.warehouseColumns(def.key).catch(() => []) : [];
  if (stored.length) return stored.map((c) => ({ name: c.name, type: typeProto(c.type) ?? { typeKind: 'TYPE_STRING' } }));
  if (!declared.length) return undefined;
  assumed.push(def.key);
  return declared.map((c) => ({ name: c.name, type: c.type ?? { typeKind: 'TYPE_STRING' } }));
}

/** The SQL models to analyze: the selected ones and the models upstream of them, in topological order. */
function modelsToAnalyze(graph: AssetGraph, select: ReadonlySet<AssetKey> | undefined): AssetDefinition[] {
  const wanted = select ? graph.closure(select, 'up') : undefined;
  return graph.keys.map((k) => graph.get(k)).filter((d) => d.kind === 'sql' && (!wanted || wanted.has(d.key)));
}

/** Validates the BigQuery SQL of the graph's models (see the module comment). */
export async function validateBigQuerySql(graph: AssetGraph, options: ValidateOptions): Promise<ValidationReport> {
  const started = performance.now();
  const started_ = options.analyzer ?? (options.lexicalOnly ? { missing: options.lexicalOnly } : await startZetaSql());
  const analyzer = 'missing' in started_ ? undefined : started_;
  const tables = new Map<AssetKey, CatalogTable>();
  const unknown = new Map<AssetKey, string>();
  const assumed: AssetKey[] = [];
  const results: ModelValidation[] = [];
  try {
    for (const def of modelsToAnalyze(graph, options.select)) {
      const t0 = performance.now();
      const sql = bindLogicalDate(def.sql ?? '', options.logicalDate ?? new Date().toISOString().slice(0, 10));
      const result = (fields: Omit<ModelValidation, 'key' | 'file' | 'durationMs'>): ModelValidation =>
        ({ key: def.key, file: def.file, ...fields, durationMs: Math.round((performance.now() - t0) * 10) / 10 });
      const blocked = await upstreamProblem(graph, def, options, tables, unknown, assumed, analyzer !== undefined);
      if (blocked) {
        unknown.set(def.key, blocked);
        results.push(result({ status: 'skipped', reason: blocked }));
        continue;
      }
      const problem = (e: AnalyzerError): SqlProblem =>
        ({ ...e, fileLine: fileLine(def, options.projectDir, sql, e.line), excerpt: excerpt(sql, e.line, e.column) });
      if (!analyzer) {
        const lexical = lexicalCheck(sql);
        results.push(result(lexical ? { status: 'invalid', error: problem(lexical) } : { status: 'ok' }));
        continue;
      }
      const upstream = graph.upstream(def.key).flatMap((k) => tables.get(k) ?? []);
      const analysis = await analyzer.analyze(sql, simpleCatalog(upstream, options.project));
      if ('error' in analysis) {
        unknown.set(def.key, `upstream ${def.key} is invalid`);
        results.push(result({ status: 'invalid', error: problem(analysis.error) }));
        continue;
      }
      tables.set(def.key, { ...catalogName(options.dialect, def.key), columns: analysis.columns });
      results.push(result({ status: 'ok', columns: analysis.columns.map((c) => ({ name: c.name, type: bigqueryTypeName(c.type) })) }));
    }
  } finally {
    if (analyzer && !options.analyzer) analyzer.close();
  }
  const reported = options.select ? results.filter((r) => options.select!.has(r.key)) : results;
  return {
    analyzer: analyzer ? 'zetasql' : 'lexical', ...(analyzer ? {} : { note: (started_ as { missing: string }).missing }),
    assumedString: assumed, models: reported, durationMs: Math.round(performance.now() - started),
  };
}

/** Fills the catalog with the model's non-SQL inputs; says which upstream keeps it from being analyzed. */
async function upstreamProblem(graph: AssetGraph, def: AssetDefinition, options: ValidateOptions, tables: Map<AssetKey, CatalogTable>,
  unknown: Map<AssetKey, string>, assumed: AssetKey[], needColumns: boolean): Promise<string | undefined> {
  for (const key of graph.upstream(def.key)) {
    const blocked = unknown.get(key);
    if (blocked) return blocked;
    if (!needColumns || tables.has(key)) continue;
    const input = graph.get(key);
    const columns = input.kind === 'sql' ? undefined : await inputColumns(input, options, assumed);
    if (!columns) {
      const reason = `the columns of ${key} are unknown: declare them (columns: [{ name, type }]) or materialize it locally first`;
      unknown.set(key, reason);
      return reason;
    }
    tables.set(key, { ...catalogName(options.dialect, key), columns });
  }
  return undefined;
}
