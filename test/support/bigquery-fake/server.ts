/**
 * A fake BigQuery REST server on 127.0.0.1 for the real @google-cloud/bigquery
 * client: datasets, tables, query/load/copy jobs, paged query results and
 * cancellation, executing the SQL on an in-memory DuckDB. Every request is
 * recorded, so tests can assert what the client sent.
 *
 * @example
 * const fake = await startBigQueryFake();
 * const wh = await openBigQuery({ type: 'bigquery', project: 'p', apiEndpoint: fake.url }, env, { authClient: fakeAuth() });
 * fake.requests.filter((r) => r.path.endsWith('/jobs'));
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { OAuth2Client } from 'google-auth-library';
import { FakeEngine } from './engine.ts';
import { ScriptedError, bigQueryError } from './errors.ts';
import { FakeJobs } from './jobs.ts';
import { parseMultipart } from './loads.ts';
import { routes, type Route } from './routes.ts';

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: any;
}

/** A failure the fake gives every query whose SQL matches (e.g. accessDenied on one model). */
export interface FakeFailure { readonly match: RegExp; readonly reason: string; readonly message: string }

/** A delay before every query whose SQL matches runs: the job stays RUNNING that long (a long query). */
export interface FakeDelay { readonly match: RegExp; readonly ms: number }

export interface BigQueryFake {
  readonly url: string;
  readonly requests: FakeRequest[];
  readonly engine: FakeEngine;
  readonly jobs: FakeJobs;
  readonly failures: FakeFailure[];
  readonly delays: FakeDelay[];
  /** The SQL of every query job, in order. */
  queries(): string[];
  close(): Promise<void>;
}

/** An auth client with a fixed token: no Application Default Credentials, no metadata server. */
export function fakeAuth(): OAuth2Client {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: 'fake-token', expiry_date: Date.now() + 3_600_000 });
  return auth;
}

/**
 * Application Default Credentials for the fake, through GOOGLE_APPLICATION_CREDENTIALS as a user would give
 * them: a workload identity federation file whose token exchange is the fake's `/v1/token`, so a CLI run
 * authenticates without a key, without Google and without the metadata server. Returns the file's path.
 */
export function fakeCredentialsFile(fake: { url: string }, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const subject = path.join(dir, 'subject-token');
  fs.writeFileSync(subject, 'fake-subject-token');
  const file = path.join(dir, 'credentials.json');
  fs.writeFileSync(file, JSON.stringify({
    type: 'external_account', audience: '//iam.googleapis.com/projects/0/locations/global/workloadIdentityPools/fake/providers/fake',
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt', token_url: `${fake.url}/v1/token`, credential_source: { file: subject },
  }));
  return file;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startBigQueryFake(): Promise<BigQueryFake> {
  const engine = await FakeEngine.open();
  const jobs = new FakeJobs(engine);
  const requests: FakeRequest[] = [];
  const failures: FakeFailure[] = [];
  const delays: FakeDelay[] = [];
  const context = { engine, jobs, failures, delays, views: jobs.views };
  const table: Route[] = routes(context);

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = await readBody(req);
      const isJson = (req.headers['content-type'] ?? '').includes('json');
      const body = isJson && raw.length ? JSON.parse(raw.toString('utf8')) : raw;
      const query = Object.fromEntries(url.searchParams);
      const upload = url.pathname.startsWith('/upload/') ? { metadata: parseMultipart(raw, req.headers['content-type']).metadata } : {};
      requests.push({ method: req.method ?? 'GET', path: url.pathname, query, body: isJson ? body : { bytes: raw.length, ...upload } });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      try {
        for (const route of table) {
          const m = route.method === req.method ? route.path.exec(url.pathname) : null;
          if (m) return send(200, await route.handle(m.slice(1).map(decodeURIComponent), body, query, req.headers));
        }
        send(404, { error: { code: 404, message: `fake BigQuery: no route ${req.method} ${url.pathname}`, errors: [{ reason: 'notFound', message: 'no route' }] } });
      } catch (error) {
        const api = bigQueryError(error);
        send(api.code, { error: api });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, requests, engine, jobs, failures, delays,
    queries: () => requests.filter((r) => r.method === 'POST' && r.path.endsWith('/jobs') && r.body?.configuration?.query)
      .map((r) => String(r.body.configuration.query.query)),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      engine.close();
    },
  };
}

export { ScriptedError };
