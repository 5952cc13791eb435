/**
 * Golden files of what each asset sent to BigQuery, read from the fake's
 * request log: its query jobs (build, checks, fingerprint, drops) and its
 * load and copy jobs, in the order sent. A statement belongs to the asset it
 * creates or drops, or whose staged relation it reads first; reads of
 * published upstreams (a TypeScript model's input) belong to nobody.
 * TRELLIS_UPDATE_GOLDEN=1 rewrites the files.
 *
 * @example
 * const sent = jobsByAsset(fake.requests);
 * expectGolden(path.join(GOLDEN, 'jobs', 'carttrend_clean.Clients.sql'), sent.get('carttrend_clean.Clients')!);
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { FakeRequest } from './bigquery-fake/server.ts';

export const GOLDEN_DIR = path.resolve(import.meta.dirname, '../golden/bigquery');
export const UPDATE = process.env.TRELLIS_UPDATE_GOLDEN === '1';
const STAGED = '__trellis_staged';

/** One job as the golden files show it. */
export interface SentJob { readonly kind: 'query' | 'load' | 'copy'; readonly subject: string | undefined; readonly text: string }

const unstaged = (name: string) => (name.endsWith(STAGED) ? name.slice(0, -STAGED.length) : name);

function subjectOf(sql: string): string | undefined {
  const ddl = /^\s*(?:CREATE\s+OR\s+REPLACE\s+(?:TABLE|VIEW)|DROP\s+(?:TABLE|VIEW)\s+IF\s+EXISTS)\s+`([^`]+)`/i.exec(sql);
  if (ddl) return unstaged(ddl[1]!);
  const staged = new RegExp(`\`([^\`]+${STAGED})\``).exec(sql);
  return staged ? unstaged(staged[1]!) : undefined;
}

/** Every job in `requests`, in order, with the asset it belongs to (load jobs' metadata travels in the upload). */
export function sentJobs(requests: readonly FakeRequest[]): SentJob[] {
  const jobs: SentJob[] = [];
  for (const r of requests) {
    if (r.method !== 'POST') continue;
    const configuration = r.path.endsWith('/jobs') ? r.body?.configuration : undefined;
    if (configuration?.query && !configuration.dryRun) {
      const sql = String(configuration.query.query);
      jobs.push({ kind: 'query', subject: subjectOf(sql), text: sql.trim() });
    } else if (r.path.startsWith('/upload/') && r.body?.metadata) {
      const load = r.body.metadata.configuration.load;
      const d = load.destinationTable;
      jobs.push({ kind: 'load', subject: `${d.datasetId}.${unstaged(d.tableId)}`,
        text: `-- load job: ${load.sourceFormat} upload into ${d.datasetId}.${d.tableId} (${load.writeDisposition ?? 'WRITE_EMPTY'}` +
          `${load.schema ? `, schema ${load.schema.fields.map((f: { name: string; type: string }) => `${f.name} ${f.type}`).join(', ')}` : ', autodetect'})` });
    } else if (configuration?.copy) {
      const { sourceTable: s, destinationTable: d, writeDisposition } = configuration.copy;
      jobs.push({ kind: 'copy', subject: `${d.datasetId}.${unstaged(d.tableId)}`,
        text: `-- copy job: ${s.datasetId}.${s.tableId} -> ${d.datasetId}.${d.tableId} (${writeDisposition})` });
    }
  }
  return jobs;
}

/** The jobs of each asset, as the text of its golden file. */
export function jobsByAsset(jobs: readonly SentJob[]): Map<string, string> {
  const byAsset = new Map<string, string[]>();
  for (const job of jobs) {
    if (!job.subject) continue;
    const list = byAsset.get(job.subject) ?? [];
    list.push(job.kind === 'query' ? `${job.text}\n;` : job.text);
    byAsset.set(job.subject, list);
  }
  return new Map([...byAsset].map(([key, list]) => [key, `${list.join('\n\n')}\n`]));
}

/** `actual` equals the golden file `file` (or rewrites it with TRELLIS_UPDATE_GOLDEN=1); the diff names the file. */
export function expectGolden(file: string, actual: string): void {
  if (UPDATE) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  const fix = `run TRELLIS_UPDATE_GOLDEN=1 npx vitest run test/bigquery-graph.test.ts and review the diff`;
  expect(fs.existsSync(file), `${path.relative(process.cwd(), file)} is missing: ${fix}`).toBe(true);
  expect(actual, `${path.relative(process.cwd(), file)} differs from what was sent (${fix})`).toBe(fs.readFileSync(file, 'utf8'));
}
