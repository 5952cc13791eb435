/**
 * The fake's REST routes (the subset of BigQuery v2 the client uses):
 * datasets get/insert, tables get/list/delete, jobs insert/get/cancel,
 * getQueryResults with pages, jobs.query, and the multipart upload of loads.
 *
 * @example
 * const table = routes({ engine, jobs, failures, views: new Map() });
 */
import type http from 'node:http';
import type { FakeEngine } from './engine.ts';
import { ScriptedError } from './errors.ts';
import type { FakeJob, FakeJobs } from './jobs.ts';
import { parseMultipart, runLoad } from './loads.ts';

export interface Route {
  readonly method: string;
  readonly path: RegExp;
  handle(params: string[], body: any, query: Record<string, string>, headers: http.IncomingHttpHeaders): Promise<unknown>;
}

interface Context {
  readonly engine: FakeEngine;
  readonly jobs: FakeJobs;
  readonly failures: readonly { match: RegExp; reason: string; message: string }[];
  readonly delays: readonly { match: RegExp; ms: number }[];
  /** The BigQuery SQL each view was created with (`dataset.view`). */
  readonly views: Map<string, string>;
}

const P = '/bigquery/v2/projects/([^/]+)';
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const DDL = /^\s*(CREATE|DROP|INSERT|DELETE|UPDATE|MERGE|ALTER)\b/i;
const PAGE = 500;

/** A query parameter's JS value from its REST form. */
function paramValue(p: { parameterType: { type: string }; parameterValue: { value?: string } }): unknown {
  const v = p.parameterValue.value;
  if (v === undefined) return null;
  switch (p.parameterType.type) {
    case 'INT64': case 'FLOAT64': case 'NUMERIC': return Number(v);
    case 'BOOL': return v === 'true';
    default: return v;
  }
}

function paramsOf(query: Record<string, any>): Record<string, unknown> | unknown[] {
  const list = (query.queryParameters ?? []) as { name?: string; parameterType: { type: string }; parameterValue: { value?: string } }[];
  if (query.parameterMode === 'named') return Object.fromEntries(list.map((p) => [p.name!, paramValue(p)]));
  return list.map(paramValue);
}

async function wait(job: FakeJob, ms: number): Promise<boolean> {
  let done = false;
  await Promise.race([job.done.then(() => { done = true; }), new Promise((r) => setTimeout(r, ms))]);
  return done;
}

/** jobs.getQueryResults: the job's rows a page at a time, or jobComplete false while it runs. */
async function results(job: FakeJob, query: Record<string, string>) {
  const complete = await wait(job, Math.min(Number(query.timeoutMs ?? 1000), 1000));
  const reference = job.resource.jobReference;
  if (!complete) return { kind: 'bigquery#getQueryResultsResponse', jobReference: reference, jobComplete: false };
  if (job.error) throw Object.assign(new ScriptedError(job.error.errors[0]?.reason ?? 'invalidQuery', job.error.message, job.error.code));
  const result = job.result ?? { fields: [], rows: [] };
  const start = Number(query.pageToken ?? 0);
  const size = Math.min(Number(query.maxResults ?? PAGE), PAGE);
  const rows = result.rows.slice(start, start + size);
  const next = start + size < result.rows.length ? String(start + size) : undefined;
  return {
    kind: 'bigquery#getQueryResultsResponse', jobReference: reference, jobComplete: true,
    schema: { fields: result.fields }, rows, totalRows: String(result.rows.length), ...(next ? { pageToken: next } : {}),
  };
}

export function routes(context: Context): Route[] {
  const { engine, jobs } = context;

  function insertQuery(projectId: string, jobId: string, configuration: Record<string, any>): FakeJob {
    const sql = String(configuration.query.query);
    const failure = context.failures.find((f) => f.match.test(sql));
    const view = /^\s*CREATE\s+OR\s+REPLACE\s+VIEW\s+`([^`]+)`\s+AS\s+([\s\S]*)$/i.exec(sql);
    return jobs.query(projectId, jobId, configuration, paramsOf(configuration.query), {
      before: async () => {
        if (failure) throw new ScriptedError(failure.reason, failure.message);
        const delay = context.delays.find((d) => d.match.test(sql));
        if (delay) await new Promise((resolve) => setTimeout(resolve, delay.ms));
      },
      after: () => { if (view) context.views.set(view[1]!, view[2]!); },
      ddl: DDL.test(sql),
    });
  }

  return [
    // The STS token exchange of a workload identity federation credential file (fakeCredentialsFile).
    { method: 'POST', path: /^\/v1\/token$/, handle: async () =>
      ({ access_token: 'fake-sts-token', issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'Bearer', expires_in: 3600 }) },
    { method: 'GET', path: new RegExp(`^${P}/datasets/([^/]+)$`), handle: async ([p, d]) => {
      const [found] = await engine.raw(`SELECT count(*)::INTEGER AS n FROM information_schema.schemata WHERE schema_name = ${lit(d!)}`);
      if (!Number(found!.n)) throw new ScriptedError('notFound', `Not found: Dataset ${p}:${d}`);
      return { kind: 'bigquery#dataset', id: `${p}:${d}`, datasetReference: { projectId: p, datasetId: d }, location: 'US' };
    } },
    { method: 'POST', path: new RegExp(`^${P}/datasets$`), handle: async ([p], body) => {
      const d = String(body.datasetReference.datasetId);
      const [found] = await engine.raw(`SELECT count(*)::INTEGER AS n FROM information_schema.schemata WHERE schema_name = ${lit(d)}`);
      if (Number(found!.n)) throw new ScriptedError('duplicate', `Already Exists: Dataset ${p}:${d}`, 409);
      await engine.raw(`CREATE SCHEMA "${d}"`);
      return { kind: 'bigquery#dataset', id: `${p}:${d}`, datasetReference: { projectId: p, datasetId: d }, location: body.location ?? 'US' };
    } },
    { method: 'GET', path: new RegExp(`^${P}/datasets/([^/]+)/tables$`), handle: async ([p, d]) => {
      const [found] = await engine.raw(`SELECT count(*)::INTEGER AS n FROM information_schema.schemata WHERE schema_name = ${lit(d!)}`);
      if (!Number(found!.n)) throw new ScriptedError('notFound', `Not found: Dataset ${p}:${d}`);
      const rows = await engine.raw(`SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = ${lit(d!)} ORDER BY table_name`);
      return {
        kind: 'bigquery#tableList', totalItems: rows.length,
        tables: rows.map((r) => ({ id: `${p}:${d}.${r.table_name}`, tableReference: { projectId: p, datasetId: d, tableId: r.table_name },
          type: r.table_type === 'VIEW' ? 'VIEW' : 'TABLE' })),
      };
    } },
    { method: 'GET', path: new RegExp(`^${P}/datasets/([^/]+)/tables/([^/]+)$`), handle: async ([p, d, t]) => {
      const found = await engine.table(d!, t!);
      if (!found) throw new ScriptedError('notFound', `Not found: Table ${p}:${d}.${t}`);
      const view = context.views.get(`${d}.${t}`);
      return { kind: 'bigquery#table', id: `${p}:${d}.${t}`, tableReference: { projectId: p, datasetId: d, tableId: t }, type: found.type,
        schema: { fields: found.fields }, ...(found.type === 'VIEW' && view ? { view: { query: view, useLegacySql: false } } : {}) };
    } },
    { method: 'DELETE', path: new RegExp(`^${P}/datasets/([^/]+)/tables/([^/]+)$`), handle: async ([p, d, t]) => {
      const found = await engine.table(d!, t!);
      if (!found) throw new ScriptedError('notFound', `Not found: Table ${p}:${d}.${t}`);
      await engine.raw(`DROP ${found.type} "${d}"."${t}"`);
      return {};
    } },
    { method: 'POST', path: new RegExp(`^${P}/jobs$`), handle: async ([p], body) => {
      const jobId = String(body.jobReference?.jobId ?? `job_${Date.now()}`);
      const configuration = body.configuration;
      if (configuration.query) {
        const job = insertQuery(p!, jobId, configuration);
        if (configuration.dryRun) { await job.done; if (job.error) throw new ScriptedError(job.error.errors[0]!.reason, job.error.message, job.error.code); }
        return job.resource;
      }
      if (configuration.copy) {
        const { sourceTable: s, destinationTable: t } = configuration.copy;
        return jobs.start(p!, jobId, configuration, async () => {
          await engine.raw(`CREATE OR REPLACE TABLE "${t.datasetId}"."${t.tableId}" AS SELECT * FROM "${s.datasetId}"."${s.tableId}"`);
          return undefined;
        }).resource;
      }
      throw new ScriptedError('invalid', 'fake BigQuery: unsupported job configuration');
    } },
    { method: 'POST', path: new RegExp(`^/upload${P}/jobs$`), handle: async ([p], body: Buffer, _q, headers) => {
      const { metadata, media } = parseMultipart(body, headers['content-type']);
      const jobId = String(metadata.jobReference?.jobId ?? `load_${Date.now()}`);
      const job = jobs.start(p!, jobId, metadata.configuration, async (j) => {
        const rows = await runLoad(engine, metadata.configuration.load, media);
        j.resource.statistics.load = { outputRows: String(rows), inputFileBytes: String(media.length) };
        return undefined;
      });
      await job.done;
      return job.resource;
    } },
    { method: 'GET', path: new RegExp(`^${P}/jobs/([^/]+)$`), handle: async ([, id]) => {
      const job = jobs.get(id!);
      if (!job) throw new ScriptedError('notFound', `Not found: Job ${id}`);
      return job.resource;
    } },
    { method: 'POST', path: new RegExp(`^${P}/jobs/([^/]+)/cancel$`), handle: async ([, id]) => {
      const job = jobs.cancel(id!);
      if (!job) throw new ScriptedError('notFound', `Not found: Job ${id}`);
      return { kind: 'bigquery#jobCancelResponse', job: job.resource };
    } },
    { method: 'GET', path: new RegExp(`^${P}/queries/([^/]+)$`), handle: async ([, id], _b, query) => {
      const job = jobs.get(id!);
      if (!job) throw new ScriptedError('notFound', `Not found: Job ${id}`);
      return results(job, query);
    } },
    { method: 'POST', path: new RegExp(`^${P}/queries$`), handle: async ([p], body) => {
      const jobId = `query_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
      const job = insertQuery(p!, jobId, { query: body });
      return results(job, { timeoutMs: String(body.timeoutMs ?? 1000), ...(body.maxResults ? { maxResults: String(body.maxResults) } : {}) });
    } },
  ];
}
