/**
 * Load jobs on the fake: the multipart upload (job metadata, then the file)
 * is parsed, the file saved to a temp folder and read by DuckDB into the
 * destination table, the way BigQuery's schema autodetection would type it.
 *
 * @example
 * const { metadata, media } = parseMultipart(body, req.headers['content-type']);
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FakeEngine } from './engine.ts';

/** The two parts of a `multipart/related` upload: the job resource and the file's bytes. */
export function parseMultipart(body: Buffer, contentType: string | undefined): { metadata: Record<string, any>; media: Buffer } {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType ?? '')?.[1];
  if (!boundary) throw new Error(`not a multipart upload: ${contentType}`);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const next = body.indexOf(delimiter, at + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(at + delimiter.length, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    parts.push(part.subarray(headerEnd + 4, part.length - 2));
    at = next;
  }
  return { metadata: JSON.parse(parts[0]!.toString('utf8')), media: parts[1] ?? Buffer.alloc(0) };
}

const DUCK_TYPES: Readonly<Record<string, string>> = {
  STRING: 'VARCHAR', INTEGER: 'BIGINT', INT64: 'BIGINT', FLOAT: 'DOUBLE', FLOAT64: 'DOUBLE', BOOLEAN: 'BOOLEAN', BOOL: 'BOOLEAN',
  DATE: 'DATE', TIMESTAMP: 'TIMESTAMPTZ',
};
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

function reader(file: string, load: Record<string, any>): string {
  const fields = load.schema?.fields as { name: string; type: string }[] | undefined;
  const columns = fields ? `, columns = {${fields.map((f) => `${lit(f.name)}: ${lit(DUCK_TYPES[f.type] ?? 'VARCHAR')}`).join(', ')}}` : '';
  switch (load.sourceFormat) {
    case 'PARQUET': return `read_parquet(${lit(file)})`;
    case 'NEWLINE_DELIMITED_JSON': return `read_json(${lit(file)}, format = 'newline_delimited'${columns})`;
    default:
      // Autodetect reads true/false as BOOL but keeps yes/no text; here BOOLEAN is left out of the candidates.
      return `read_csv(${lit(file)}, header = ${Number(load.skipLeadingRows ?? 0) > 0}, delim = ${lit(load.fieldDelimiter ?? ',')}, ` +
        `quote = '"', escape = '"', sample_size = -1, auto_type_candidates = ['BIGINT', 'DOUBLE', 'DATE', 'TIMESTAMP', 'VARCHAR']${columns})`;
  }
}

/** Runs the load `load` of `media` into its destination table; returns the rows written. */
export async function runLoad(engine: FakeEngine, load: Record<string, any>, media: Buffer): Promise<number> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'bq-fake-load-'));
  const file = path.join(dir, 'upload');
  try {
    await fs.promises.writeFile(file, media);
    const { datasetId, tableId } = load.destinationTable;
    const target = `"${datasetId}"."${tableId}"`;
    const [before] = await engine.raw(`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_schema = ${lit(datasetId)} AND table_name = ${lit(tableId)}`);
    const exists = Number(before!.n) > 0;
    if (exists && load.writeDisposition === 'WRITE_APPEND') {
      const [count] = await engine.raw(`INSERT INTO ${target} BY NAME SELECT * FROM ${reader(file, load)}`);
      return Number(count!.Count ?? 0);
    }
    await engine.raw(`CREATE OR REPLACE TABLE ${target} AS SELECT * FROM ${reader(file, load)}`);
    const [count] = await engine.raw(`SELECT count(*)::INTEGER AS n FROM ${target}`);
    return Number(count!.n);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
