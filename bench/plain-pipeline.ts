/**
 * The plain pipeline the overhead benchmark compares Trellis with: what one
 * would write by hand with no framework. It reads a job file (written by
 * bench/overhead.ts with Trellis's own project loader, so the SQL is what
 * Trellis runs), loads each source with the same workbook reader and the
 * DuckDB appender, runs each model's SQL once its inputs exist, and after
 * each step its check queries, one count per check. With `--parallel N`, up
 * to N independent steps run at once, each on its own connection.
 * No staging, swaps, fingerprints, run store or retries.
 *
 *   node plain-pipeline.mjs JOB.json WAREHOUSE.duckdb [--parallel N]
 *
 * The benchmark times the whole process, as it times `trellis materialize`.
 * Prints `{"steps": …, "checks": …}` for the benchmark to check the work done.
 */
import fs from 'node:fs';
import { DuckDBInstance, dateValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { readWorkbook } from '../assets/carttrend/workbook.ts';

export interface PlainJob {
  readonly schemas: readonly string[];
  readonly steps: readonly PlainStep[];
}

export interface PlainStep {
  readonly key: string;
  /** Keys of the steps that must finish first. */
  readonly deps: readonly string[];
  /** A source: the file and sheet to read, and where to append it. */
  readonly source?: { readonly file: string; readonly sheet: string; readonly headers: readonly string[]; readonly schema: string; readonly table: string };
  /** A model: its `CREATE OR REPLACE ... AS` statement. */
  readonly sql?: string;
  /** Count queries of its checks, run once every step is done. */
  readonly checks: readonly string[];
}

const [jobFile, warehouseFile, ...flags] = process.argv.slice(2);
const parallel = flags[0] === '--parallel' ? Number(flags[1]) : 1;
const job = JSON.parse(fs.readFileSync(jobFile!, 'utf8')) as PlainJob;

const DAY_MS = 86_400_000;
function append(appender: DuckDBAppender, type: string, value: unknown): void {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return appender.appendNull();
  switch (type) {
    case 'DOUBLE': return appender.appendDouble(Number(value));
    case 'BIGINT': return appender.appendBigInt(BigInt(Math.trunc(Number(value))));
    case 'INTEGER': return appender.appendInteger(Math.trunc(Number(value)));
    case 'BOOLEAN': return appender.appendBoolean(Boolean(value));
    case 'DATE': {
      const ms = value instanceof Date ? value.getTime() : Date.parse(`${String(value).slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(ms) ? appender.appendNull() : appender.appendDate(dateValue(Math.floor(ms / DAY_MS)));
    }
    default: return appender.appendVarchar(value instanceof Date ? value.toISOString() : String(value));
  }
}

async function load(connection: DuckDBConnection, source: NonNullable<PlainStep['source']>): Promise<void> {
  const { columns, rows } = await readWorkbook(source.file, { sheet: source.sheet, expectedHeaders: source.headers });
  const name = `"${source.schema}"."${source.table}"`;
  // Timestamps go through the appender as text, then are cast.
  await connection.run(`CREATE OR REPLACE TABLE ${name} (${columns.map((c) => `"${c.name}" ${c.type === 'TIMESTAMP' ? 'VARCHAR' : c.type}`).join(', ')})`);
  const appender = await connection.createAppender(source.table, source.schema);
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) append(appender, columns[i]!.type, row[i]);
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
  for (const c of columns.filter((c) => c.type === 'TIMESTAMP')) {
    await connection.run(`ALTER TABLE ${name} ALTER "${c.name}" TYPE TIMESTAMP USING CAST("${c.name}" AS TIMESTAMP)`);
  }
}

async function onConnection(instance: DuckDBInstance, work: (connection: DuckDBConnection) => Promise<unknown>): Promise<void> {
  const connection = await instance.connect();
  try {
    await work(connection);
  } finally {
    connection.closeSync();
  }
}

/** Runs each task once its deps are done, up to `limit` at once, in the list's order. */
function pool(tasks: ReadonlyArray<{ readonly key: string; readonly deps: readonly string[]; run(): Promise<void> }>, limit: number): Promise<void> {
  const done = new Set<string>();
  const started = new Set<string>();
  return new Promise<void>((resolve, reject) => {
    let running = 0;
    const pump = () => {
      if (done.size === tasks.length) return resolve();
      for (const task of tasks) {
        if (running >= limit) break;
        if (started.has(task.key) || !task.deps.every((d) => done.has(d))) continue;
        started.add(task.key);
        running++;
        task.run().then(() => { running--; done.add(task.key); pump(); }, reject);
      }
    };
    pump();
  });
}

const instance = await DuckDBInstance.create(warehouseFile!);
const setup = await instance.connect();
for (const schema of job.schemas) await setup.run(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
setup.closeSync();

await pool(job.steps.map((step) => ({ key: step.key, deps: step.deps,
  run: () => onConnection(instance, (c) => (step.source ? load(c, step.source) : c.run(step.sql!))) })), parallel);
const checks = job.steps.flatMap((step) => step.checks.map((sql, i) => ({ key: `${step.key}#${i}`, deps: [],
  run: () => onConnection(instance, (c) => c.runAndReadAll(sql)) })));
await pool(checks, parallel);
instance.closeSync();
process.stdout.write(`${JSON.stringify({ steps: job.steps.length, checks: checks.length })}\n`);
