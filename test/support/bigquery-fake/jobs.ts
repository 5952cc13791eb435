/**
 * The fake's jobs: query jobs run asynchronously on their own DuckDB
 * connection (so jobs.cancel can interrupt them), load and copy jobs run on
 * the engine; each job keeps BigQuery's job resource for jobs.get.
 *
 * @example
 * const job = jobs.start('p', 'j1', { query: { query: 'SELECT 1' } });
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { FakeEngine, Field, Result } from './engine.ts';
import { bigQueryError, type ApiError } from './errors.ts';
import { withoutProject } from './translate.ts';

export interface FakeJob {
  readonly id: string;
  readonly resource: Record<string, any>;
  result?: Result;
  error?: ApiError;
  done: Promise<void>;
  connection?: DuckDBConnection;
}

/** What the routes add around a query: a scripted failure first, bookkeeping after; DDL returns no rows. */
export interface QueryHooks { before(): void | Promise<void>; after(): void; readonly ddl: boolean }

type Runner = (job: FakeJob) => Promise<Result | undefined>;

const REFERENCE = /`([^`.]+)\.([^`]+)`|"([^"]+)"\."([^"]+)"/g;

/**
 * Bytes a statement scans, as the fake estimates them: 8 per cell of each table it names, and of the tables
 * behind each view it names (BigQuery bills a view's query by the tables it reads).
 */
async function bytesOf(engine: FakeEngine, views: ReadonlyMap<string, string>, sql: string, project: string, seen = new Set<string>()): Promise<number> {
  let bytes = 0;
  for (const m of sql.matchAll(REFERENCE)) {
    const [dataset, table] = [m[1] ?? m[3]!, m[2] ?? m[4]!];
    if (seen.has(`${dataset}.${table}`)) continue;
    seen.add(`${dataset}.${table}`);
    const described = await engine.table(dataset, table);
    if (!described) continue;
    if (described.type === 'VIEW') {
      const view = views.get(`${dataset}.${table}`);
      bytes += view ? await bytesOf(engine, views, withoutProject(view, project), project, seen) : 0;
      continue;
    }
    const [count] = await engine.raw(`SELECT count(*)::INTEGER AS n FROM "${dataset}"."${table}"`);
    bytes += Number(count!.n) * described.fields.length * 8;
  }
  return bytes;
}

export class FakeJobs {
  readonly #jobs = new Map<string, FakeJob>();
  /** The BigQuery SQL of each view (`dataset.view`), as created. */
  readonly views = new Map<string, string>();
  constructor(private readonly engine: FakeEngine) {}

  get(id: string): FakeJob | undefined { return this.#jobs.get(id); }

  /** Starts a job; `run` does its work and returns its rows, if any. */
  start(projectId: string, jobId: string, configuration: Record<string, any>, run: Runner): FakeJob {
    const location = 'US';
    const resource: Record<string, any> = {
      kind: 'bigquery#job', id: `${projectId}:${location}.${jobId}`, jobReference: { projectId, jobId, location },
      configuration, status: { state: 'RUNNING' }, statistics: { creationTime: String(Date.now()), startTime: String(Date.now()) },
    };
    const job: FakeJob = { id: jobId, resource, done: Promise.resolve() };
    this.#jobs.set(jobId, job);
    job.done = run(job).then((result) => {
      if (result) job.result = result;
    }, (error: unknown) => {
      job.error = bigQueryError(error);
      resource.status.errorResult = job.error.errors[0];
      resource.status.errors = job.error.errors;
    }).finally(() => {
      resource.status.state = 'DONE';
      resource.statistics.endTime = String(Date.now());
      job.connection?.closeSync();
      job.connection = undefined;
    });
    return job;
  }

  /** A query job: its SQL run on its own connection, with bytes processed and billed in its statistics. */
  query(projectId: string, jobId: string, configuration: Record<string, any>, params: Record<string, unknown> | unknown[],
    hooks: QueryHooks): FakeJob {
    const sql = withoutProject(String(configuration.query.query), projectId);
    return this.start(projectId, jobId, configuration, async (job) => {
      // DDL of a view or a drop scans nothing; a CREATE TABLE ... AS scans what its query reads, not its target.
      const scanned = /^\s*(CREATE\s+OR\s+REPLACE\s+VIEW|DROP)\b/i.test(sql) ? '' : sql.replace(/^\s*CREATE\s+OR\s+REPLACE\s+TABLE\s+`[^`]+`/i, '');
      const bytes = await bytesOf(this.engine, this.views, scanned, projectId);
      job.resource.statistics.totalBytesProcessed = String(bytes);
      job.resource.statistics.query = { totalBytesProcessed: String(bytes), totalBytesBilled: String(bytes ? Math.max(bytes, 10 * 2 ** 20) : 0) };
      await hooks.before(); // a scripted failure or delay, with the job's bytes already reported (as BigQuery does while it runs)
      if (configuration.dryRun) {
        const result = await this.engine.execute(`SELECT * FROM (${sql}) LIMIT 0`, params);
        job.resource.statistics.query.schema = { fields: result.fields };
        return undefined;
      }
      job.connection = await this.engine.connect();
      const result = await this.engine.execute(sql, params, job.connection);
      hooks.after();
      if (hooks.ddl) return { fields: [], rows: [] };
      job.resource.statistics.query.schema = { fields: result.fields };
      return result;
    });
  }

  /** Interrupts a running job; it ends with reason `stopped`. */
  cancel(id: string): FakeJob | undefined {
    const job = this.#jobs.get(id);
    if (job?.connection) {
      job.connection.interrupt();
      job.error = { code: 400, message: 'Job execution was cancelled: User requested cancellation', errors: [] };
    }
    return job;
  }
}

export type { Field };
