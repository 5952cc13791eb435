/**
 * Load jobs: local files uploaded to BigQuery (a load job with the file as
 * its media upload, not streaming inserts). `writeTable` writes the rows to a
 * newline-delimited JSON temp file and loads that.
 *
 * @example
 * await loadJob(bq.dataset('raw').table('orders'), 'orders.csv', { sourceFormat: 'CSV', autodetect: true });
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobLoadMetadata, Table } from '@google-cloud/bigquery';
import type { ColumnSpec, ColumnType, FileFormat, LoadOptions, StatementStats } from '../warehouse.ts';
import { warehouseError } from './errors.ts';

const FORMATS: Readonly<Record<FileFormat, string>> = { csv: 'CSV', parquet: 'PARQUET', json: 'NEWLINE_DELIMITED_JSON' };

/** BigQuery's name for each portable column type. */
export const BIGQUERY_TYPES: Readonly<Record<ColumnType, string>> = {
  VARCHAR: 'STRING', DOUBLE: 'FLOAT64', BIGINT: 'INT64', INTEGER: 'INT64', BOOLEAN: 'BOOL', DATE: 'DATE', TIMESTAMP: 'TIMESTAMP',
};

/** The load job configuration for files read with `options`. */
export function loadMetadata(options: LoadOptions): JobLoadMetadata {
  const metadata: JobLoadMetadata = { sourceFormat: FORMATS[options.format], autodetect: true };
  if (options.format === 'csv') {
    metadata.skipLeadingRows = options.header === false ? 0 : 1;
    metadata.fieldDelimiter = options.delimiter ?? ',';
    metadata.quote = '"';
    metadata.allowQuotedNewlines = true;
  }
  return metadata;
}

/** Runs one load job of `file` into `table`; returns its statistics and rows written. */
export async function loadJob(table: Table, file: string, metadata: JobLoadMetadata): Promise<StatementStats> {
  const started = Date.now();
  try {
    const [job] = await table.load(file, metadata);
    const failure = job.status?.errorResult;
    if (failure) throw warehouseError({ message: failure.message, errors: [failure] }, job.jobReference?.jobId ?? undefined, `loading ${file}`);
    const rows = Number(job.statistics?.load?.outputRows ?? 0);
    return { durationMs: Date.now() - started, rows, ...(job.jobReference?.jobId ? { jobId: job.jobReference.jobId } : {}) };
  } catch (error) {
    const response = (error as { response?: { jobReference?: { jobId?: string } } }).response;
    throw warehouseError(error, response?.jobReference?.jobId, `loading ${file}`);
  }
}

function jsonValue(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return type === 'DATE' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** Writes `rows` as newline-delimited JSON to a temp file; returns its path and the row count. */
export async function writeJsonLines(columns: readonly ColumnSpec[],
  rows: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>): Promise<{ file: string; count: number }> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'trellis-bq-'));
  const file = path.join(dir, 'rows.json');
  const out = fs.createWriteStream(file);
  let count = 0;
  for await (const row of rows) {
    const record: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) record[columns[i]!.name] = jsonValue(row[i], columns[i]!.type);
    if (!out.write(`${JSON.stringify(record)}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    count++;
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return { file, count };
}

/** Loads `rows` into `table` (replacing it) with exactly `columns`; returns the row count. */
export async function loadRows(table: Table, columns: readonly ColumnSpec[],
  rows: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>): Promise<number> {
  const { file, count } = await writeJsonLines(columns, rows);
  try {
    await loadJob(table, file, {
      sourceFormat: 'NEWLINE_DELIMITED_JSON',
      writeDisposition: 'WRITE_TRUNCATE',
      schema: { fields: columns.map((c) => ({ name: c.name, type: BIGQUERY_TYPES[c.type] })) },
    });
    return count;
  } finally {
    await fs.promises.rm(path.dirname(file), { recursive: true, force: true });
  }
}
