/**
 * Sources the warehouse reads itself: a `defineSource` with `format` and no
 * `materialize` loads its files with the engine's own reader (DuckDB's
 * `read_csv`, `read_parquet`, `read_json`; BigQuery load jobs), which infers
 * the column types and is much faster than parsing in JavaScript.
 *
 * @example
 * export const rates = defineSource({ key: 'raw.rates', format: 'csv', csv: { delimiter: ';' },
 *   files: ({ projectDir }) => [path.join(projectDir, 'data/rates.csv')] });
 */
import path from 'node:path';
import type { AssetContext, SourceOptions } from './definitions.ts';
import type { Fields } from './fields.ts';
import type { FileFormat } from './warehouse/warehouse.ts';

export const FILE_FORMATS: readonly FileFormat[] = ['csv', 'parquet', 'json'];

export interface FileSourceLayout {
  readonly format: FileFormat;
  readonly header?: boolean;
  readonly delimiter?: string;
}

/**
 * Validates `format` and `csv` of a source declaration; a source needs either
 * them or a materialize function, not both.
 */
export function fileSourceLayout(o: Record<string, unknown>, fields: Fields): FileSourceLayout | undefined {
  const format = fields.oneOf(o.format, ['format'], FILE_FORMATS);
  const hasMaterialize = typeof o.materialize === 'function';
  if (o.format === undefined && !hasMaterialize) {
    return fields.problem([], 'a source has neither `format` nor a materialize function',
      "add `format: 'csv'` (or 'parquet', 'json') to let the warehouse read its files, or `async materialize(ctx) { ... }`");
  }
  if (o.format !== undefined && hasMaterialize) {
    return fields.problem(['format'], 'a source has both `format` and a materialize function',
      'keep `format` to let the warehouse read the files, or `materialize` to load them yourself');
  }
  const csv = fields.record(o.csv, ['csv']);
  if (csv) {
    fields.knownKeys(csv, ['csv'], ['header', 'delimiter']);
    if (format !== undefined && format !== 'csv') fields.problem(['csv'], `only applies to format 'csv', not '${format}'`, 'remove `csv`');
    if (csv.header !== undefined && typeof csv.header !== 'boolean') fields.problem(['csv', 'header'], `expected true or false, got ${JSON.stringify(csv.header)}`);
    const delimiter = fields.string(csv.delimiter, ['csv', 'delimiter']);
    if (delimiter !== undefined && delimiter.length !== 1) fields.problem(['csv', 'delimiter'], `must be one character, got ${JSON.stringify(delimiter)}`, "e.g. ';' or '\\t'");
  }
  if (!format) return undefined;
  return { format, header: csv?.header as boolean | undefined, delimiter: csv?.delimiter as string | undefined };
}

/** The materialize function of a file source: the warehouse reads every file into the staged table. */
export function fileSourceLoader(files: SourceOptions['files'], layout: FileSourceLayout): (ctx: AssetContext) => Promise<void> {
  return async (ctx) => {
    const paths = files({ projectDir: ctx.projectDir, env: ctx.env }).map((f) => path.resolve(ctx.projectDir, f));
    const started = performance.now();
    const rows = await ctx.loadFile(paths, layout);
    ctx.log.info(`loaded ${rows} rows from ${paths.map((p) => path.basename(p)).join(', ')} ` +
      `with the warehouse's ${layout.format} reader in ${Math.round(performance.now() - started)} ms`);
    ctx.addMetadata({ files: paths, format: layout.format, rows });
  };
}
