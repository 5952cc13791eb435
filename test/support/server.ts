/**
 * Helpers for tests of the HTTP API: a real server on a free loopback port,
 * JSON requests, a server-sent events reader, and a project whose one asset
 * waits for a gate file (so a run can be caught in progress).
 *
 * @example
 * const api = await apiServer(dir, env);
 * const r = await api.get('/api/assets');
 * r.status // 200
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startServer, type ServerOptions, type TrellisServer } from '../../core/index.ts';
import { copyFixture, projectEnv, tempDir, tempHome, writeFiles } from './project.ts';

export interface Answer<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface ApiServer {
  readonly server: TrellisServer;
  get<T = any>(url: string, headers?: Record<string, string>): Promise<Answer<T>>;
  post<T = any>(url: string, body: unknown, headers?: Record<string, string>): Promise<Answer<T>>;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown = text;
  try { body = JSON.parse(text); } catch { /* not JSON: kept as text */ }
  return { status: response.status, body, headers: response.headers };
}

/** A started server with `get` and `post` relative to its URL. */
export async function apiServer(projectDir: string, env: NodeJS.ProcessEnv, options: Partial<ServerOptions> = {}): Promise<ApiServer> {
  const server = await startServer({ projectDir, env, port: 0, uiDir: path.join(tempDir(), 'no-ui'), pollMs: 50, ...options });
  const base = `http://127.0.0.1:${server.port}`;
  return {
    server,
    get: async (url, headers = {}) => answer(await fetch(base + url, { headers })),
    post: async (url, body, headers = {}) => answer(await fetch(base + url, {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })),
  };
}

/** A raw HTTP request, for headers fetch will not let a test set (Host). */
export function rawRequest(port: number, o: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path, headers: o.headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

export interface SseMessage {
  readonly event: string;
  readonly id?: string;
  readonly data: string;
}

/** A server-sent events stream being read; `comments` counts comment lines (heartbeats). */
export interface SseReader {
  readonly messages: SseMessage[];
  comments: number;
  ended: boolean;
  /** Waits until `test(messages)` holds (or the stream ends, or the time runs out: then throws). */
  until(test: (messages: readonly SseMessage[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function readSse(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  const reader: SseReader = {
    messages: [], comments: 0, ended: false,
    async until(test, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!test(reader.messages)) {
        if (reader.ended) throw new Error(`the stream ended first; got ${reader.messages.map((m) => m.event).join(', ')}`);
        if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms; got ${JSON.stringify(reader.messages.map((m) => m.data.slice(0, 100)))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => controller.abort(),
  };
  void (async () => {
    let buffer = '';
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) reader.comments++;
            else {
              const colon = line.indexOf(':');
              fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
            }
          }
          if (fields.data !== undefined) reader.messages.push({ event: fields.event ?? 'message', id: fields.id, data: fields.data });
        }
      }
    } catch { /* aborted */ }
    reader.ended = true;
  })();
  return reader;
}

/** The events of `type` in `messages`, parsed. */
export function runEvents(messages: readonly SseMessage[]): Array<{ id: number; runId: number; type: string; key: string | null }> {
  return messages.filter((m) => m.event === 'run-event').map((m) => JSON.parse(m.data));
}

/** Polls `probe` until it returns a value other than undefined. */
export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Until the run reaches a status other than `running`; returns that status. */
export function finished(api: ApiServer, runId: number): Promise<string> {
  return waitFor(async () => {
    const r = await api.get(`/api/runs/${runId}`);
    return r.body.run?.status === 'running' ? undefined : r.body.run?.status as string;
  }, `run ${runId} to finish`);
}

/**
 * The basic fixture plus `gate.gated`, a TypeScript asset (on raw.orders)
 * that waits until the file GATE_FILE exists, or fails once its run is canceled.
 */
export function gatedProject(): { dir: string; env: NodeJS.ProcessEnv; gate: string; open(): void; reset(): void } {
  const dir = copyFixture('basic');
  const gate = path.join(tempDir('trellis-gate-'), 'open');
  writeFiles(dir, {
    'assets/gated.ts': `import fs from 'node:fs';
import { defineAsset } from '@trellis';
export const gated = defineAsset({
  key: 'gate.gated', deps: ['raw.orders'], group: 'gate', description: 'Waits for the gate file.',
  async materialize(ctx) {
    while (!fs.existsSync(ctx.env.GATE_FILE ?? '')) {
      if (ctx.signal.aborted) throw new Error('canceled while waiting for the gate');
      await new Promise((r) => setTimeout(r, 20));
    }
    await ctx.writeTable([{ name: 'n', type: 'INTEGER' }], [[1]]);
  },
});
`,
  });
  fs.appendFileSync(path.join(dir, 'assets/index.ts'), "export { gated } from './gated.ts';\n");
  const env = projectEnv({ TRELLIS_HOME: tempHome(), FIXTURE_DATA_DIR: path.join(dir, 'data'), GATE_FILE: gate });
  return { dir, env, gate, open: () => fs.writeFileSync(gate, ''), reset: () => fs.rmSync(gate, { force: true }) };
}
