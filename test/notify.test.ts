/**
 * Notifications, against a real HTTP receiver and a real SMTP server on
 * 127.0.0.1: a failed run posts a Slack-shaped message naming the run, the
 * failed asset, its error and a link, and sends an e-mail; the outbox row is
 * written with the run's end and marked sent. A receiver that fails, an SMTP
 * server that is gone or settings that are wrong never change the run's
 * outcome: the attempt is logged and retried with backoff, then given up.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { RunStore, deliverOutbox, runStorePath, resolveConfig } from '../core/index.ts';
import { cleanupTemp, cli, makeProject, projectEnv, tempHome } from './support/project.ts';

afterAll(cleanupTemp);

const PROJECT = {
  'trellis.config.ts': "export default { retry: { maxRetries: 0 } };\n",
  'sql/n/good.sql': "{{ config(materialized='table') }}\nselect 1 as id\n",
  'sql/n/bad.sql': "{{ config(materialized='table') }}\nselect * from nowhere_at_all\n",
  'sql/n/schema.yml': 'config:\n  schema: n\n',
};

interface Received { body: any; headers: http.IncomingHttpHeaders }

/** An HTTP receiver answering `status()` to every POST, keeping what it got. */
function receiver(status: () => number) {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (d) => { text += d; });
    req.on('end', () => {
      got.push({ body: JSON.parse(text), headers: req.headers });
      res.writeHead(status(), { 'content-type': 'text/plain' }).end(status() < 300 ? 'ok' : 'receiver is down');
    });
  });
  const ready = new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`)));
  return { got, ready, close: () => new Promise<void>((r) => server.close(() => r())) };
}

interface Mail { from: string; to: string[]; data: string }

function smtp() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (d: Buffer) => { data += d.toString(); });
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  const ready = new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port)));
  return { mails, ready, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function storeOf(dir: string, env: NodeJS.ProcessEnv): RunStore {
  return RunStore.open(runStorePath(resolveConfig(dir, {}, env)));
}

describe('notifications', () => {
  let hook: ReturnType<typeof receiver>;
  let hookStatus = 200;
  let mail: ReturnType<typeof smtp>;
  let hookUrl: string;
  let smtpPort: number;
  beforeAll(async () => {
    hook = receiver(() => hookStatus);
    mail = smtp();
    hookUrl = await hook.ready;
    smtpPort = await mail.ready;
    return async () => { await hook.close(); await mail.close(); };
  });

  it('a failed run posts to the webhook and e-mails, from the outbox written with the run', async () => {
    const dir = makeProject(PROJECT);
    const env = projectEnv({ TRELLIS_HOME: tempHome(), TRELLIS_NOTIFY_WEBHOOK_URL: hookUrl, TRELLIS_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      TRELLIS_NOTIFY_TO: 'ops@example.com, data@example.com', TRELLIS_NOTIFY_FROM: 'trellis@example.com', TRELLIS_UI_URL: 'http://127.0.0.1:4321' });
    hook.got.length = 0;
    mail.mails.length = 0;
    const r = await cli(['materialize', '--json'], { projectDir: dir, env });
    expect(r.code, r.stderr).toBe(1);
    const { runId } = r.json<{ runId: number }>();

    expect(hook.got).toHaveLength(1);
    const { body, headers } = hook.got[0]!;
    expect(headers['content-type']).toBe('application/json');
    expect(body.text).toBe(`Trellis run ${runId} failed: 1 asset failed (http://127.0.0.1:4321/runs/${runId})`);
    expect(body.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'section']);
    expect(body.trellis).toMatchObject({ event: 'run_failed', runId, status: 'failed', url: `http://127.0.0.1:4321/runs/${runId}` });
    expect(body.trellis.failed).toHaveLength(1);
    expect(body.trellis.failed[0].key).toBe('n.bad');
    expect(body.trellis.failed[0].error).toMatch(/nowhere_at_all/);

    expect(mail.mails).toHaveLength(1);
    expect(mail.mails[0]!.from).toBe('trellis@example.com');
    expect(mail.mails[0]!.to).toEqual(['ops@example.com', 'data@example.com']);
    expect(mail.mails[0]!.data).toContain(`Subject: Trellis run ${runId} failed: 1 asset failed`);
    // Quoted-printable: soft line breaks joined again.
    expect(mail.mails[0]!.data.replace(/=\r?\n/g, '')).toMatch(/n\.bad: .*nowhere_at_all/);

    const store = storeOf(dir, env);
    try {
      const rows = store.outbox.list(runId);
      expect(rows.map((n) => [n.channel, n.status, n.attempts])).toEqual([['webhook', 'sent', 1], ['email', 'sent', 1]]);
      // The stored message names no destination: the URL and SMTP settings stay in the environment.
      expect(JSON.stringify(rows.map((n) => n.payload))).not.toContain(String(smtpPort));
      expect(JSON.stringify(rows.map((n) => n.payload))).not.toContain(hookUrl);
    } finally {
      store.close();
    }
  }, 60_000);

  it('a successful run notifies only when TRELLIS_NOTIFY_ON asks for success', async () => {
    const dir = makeProject({ ...PROJECT, 'sql/n/bad.sql': "{{ config(materialized='table') }}\nselect 2 as id\n" });
    const home = tempHome();
    hook.got.length = 0;
    const quiet = await cli(['materialize'], { projectDir: dir, env: projectEnv({ TRELLIS_HOME: home, TRELLIS_NOTIFY_WEBHOOK_URL: hookUrl }) });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(hook.got).toHaveLength(0);
    const told = await cli(['materialize', '--all', '--json'], { projectDir: dir,
      env: projectEnv({ TRELLIS_HOME: home, TRELLIS_NOTIFY_WEBHOOK_URL: hookUrl, TRELLIS_NOTIFY_ON: 'failure,success' }) });
    expect(told.code, told.stderr).toBe(0);
    expect(hook.got.map((g) => g.body.trellis)).toEqual([expect.objectContaining({ event: 'run_succeeded', runId: told.json().runId, failed: [] })]);
  }, 60_000);

  it('a receiver that fails does not fail the run: the notice is retried with backoff, then given up', async () => {
    const dir = makeProject(PROJECT);
    const env = projectEnv({ TRELLIS_HOME: tempHome(), TRELLIS_NOTIFY_WEBHOOK_URL: hookUrl, TRELLIS_NOTIFY_MAX_ATTEMPTS: '3' });
    hookStatus = 503;
    hook.got.length = 0;
    try {
      const r = await cli(['materialize', '--json'], { projectDir: dir, env });
      expect(r.code, r.stderr).toBe(1); // the asset's failure, not the notification's
      const { runId } = r.json<{ runId: number }>();
      expect(hook.got).toHaveLength(1);
      const events = (await cli(['run', String(runId), '--json'], { projectDir: dir, env })).json<{ events: Array<{ level: string; message: string }> }>().events;
      expect(events.find((e) => e.level === 'warn' && e.message.includes('not delivered'))?.message).toMatch(/attempt 1 of 3, next in 30 s: the webhook answered 503: receiver is down/);

      const store = storeOf(dir, env);
      try {
        const [pending] = store.outbox.list(runId);
        expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
        const due = new Date(pending!.nextAttemptAt).getTime() - new Date(pending!.createdAt).getTime();
        expect(due).toBeGreaterThanOrEqual(29_000);
        // Not due yet: nothing is sent.
        expect(await deliverOutbox(store, { env })).toEqual({ sent: 0, retried: 0, failed: 0 });
        const later = (ms: number) => () => new Date(Date.now() + ms);
        const log: string[] = [];
        expect(await deliverOutbox(store, { env, now: later(31_000), log: (m) => log.push(m) })).toEqual({ sent: 0, retried: 1, failed: 0 });
        expect(log[0]).toMatch(/attempt 2 of 3, next in 60 s/);
        expect(await deliverOutbox(store, { env, now: later(200_000), log: (m) => log.push(m) })).toEqual({ sent: 0, retried: 0, failed: 1 });
        expect(log[1]).toMatch(new RegExp(`notification \\d+ \\(webhook, run_failed of run ${runId}\\) given up after 3 attempts`));
        expect(store.outbox.list(runId)[0]).toMatchObject({ status: 'failed', attempts: 3 });
        expect(hook.got).toHaveLength(3);
      } finally {
        store.close();
      }
    } finally {
      hookStatus = 200;
    }
  }, 60_000);

  it('a receiver back up gets the notice from the daemon once its retry is due', async () => {
    const dir = makeProject(PROJECT);
    const env = projectEnv({ TRELLIS_HOME: tempHome(), TRELLIS_SMTP_URL: `smtp://127.0.0.1:${await closedPort()}`, TRELLIS_NOTIFY_TO: 'ops@example.com',
      TRELLIS_NOTIFY_TIMEOUT_MS: '2000' });
    const t0 = Date.now();
    const r = await cli(['materialize', '--json'], { projectDir: dir, env });
    expect(r.code, r.stderr).toBe(1);
    expect(Date.now() - t0).toBeLessThan(20_000);
    const store = storeOf(dir, env);
    try {
      const [pending] = store.outbox.list(r.json().runId);
      expect(pending).toMatchObject({ channel: 'email', status: 'pending', attempts: 1 });
      expect(pending!.lastError).toMatch(/ECONNREFUSED/);
      mail.mails.length = 0;
      const upEnv = { ...env, TRELLIS_SMTP_URL: `smtp://127.0.0.1:${smtpPort}` };
      const early = await cli(['daemon', '--once'], { projectDir: dir, env: upEnv });
      expect(early.code, early.stderr).toBe(0);
      expect(mail.mails, 'the retry is not due yet').toHaveLength(0);
      const later = new Date(Date.now() + 61_000).toISOString();
      const tick = await cli(['daemon', '--once', '--now', later], { projectDir: dir, env: upEnv });
      expect(tick.code, tick.stderr).toBe(0);
      expect(mail.mails).toHaveLength(1);
      expect(store.outbox.list(r.json().runId)[0]).toMatchObject({ status: 'sent', attempts: 2 });
    } finally {
      store.close();
    }
  }, 60_000);

  it('the daemon tells an overdue asset once per lapse when TRELLIS_NOTIFY_ON has freshness', async () => {
    const dir = makeProject({
      'assets/index.ts': "import { defineAsset } from '@trellis';\n" +
        "export const daily = defineAsset({ key: 'fresh.daily', freshness: { maxAgeHours: 26 }, " +
        "async materialize(ctx) { await ctx.writeTable([{ name: 'n', type: 'BIGINT' }], [[1]]); } });\n",
    });
    const env = projectEnv({ TRELLIS_HOME: tempHome(), TRELLIS_NOTIFY_WEBHOOK_URL: hookUrl, TRELLIS_NOTIFY_ON: 'failure,freshness',
      TRELLIS_UI_URL: 'http://127.0.0.1:4321/' });
    expect((await cli(['materialize'], { projectDir: dir, env })).code).toBe(0);
    hook.got.length = 0;
    const tickAt = (hours: number) => cli(['daemon', '--once', '--now', new Date(Date.now() + hours * 3_600_000).toISOString()], { projectDir: dir, env });
    expect((await tickAt(1)).code).toBe(0);
    expect(hook.got, 'fresh: nothing to tell').toHaveLength(0);
    expect((await tickAt(27)).code).toBe(0);
    expect(hook.got.map((g) => g.body.text)).toEqual(['Trellis: fresh.daily is overdue (http://127.0.0.1:4321/assets/fresh.daily)']);
    expect(hook.got[0]!.body.trellis).toMatchObject({ event: expect.stringMatching(/^freshness_overdue fresh\.daily /), runId: null });
    expect(hook.got[0]!.body.blocks[1].text.text).toMatch(/overdue: last materialized 27 h 00 min ago; the policy allows 26 h 00 min/);
    // Still overdue at the next tick: not told again.
    expect((await tickAt(28)).code).toBe(0);
    expect(hook.got).toHaveLength(1);
    // Materialized again, then overdue again: a new lapse is told.
    expect((await cli(['materialize', '--all'], { projectDir: dir, env })).code).toBe(0);
    expect((await tickAt(30)).code).toBe(0);
    expect(hook.got).toHaveLength(2);
  }, 60_000);

  it('settings that are wrong leave the run as it is, with a warning naming the variable', async () => {
    const dir = makeProject({ ...PROJECT, 'sql/n/bad.sql': "{{ config(materialized='table') }}\nselect 2 as id\n" });
    const env = projectEnv({ TRELLIS_HOME: tempHome(), TRELLIS_NOTIFY_WEBHOOK_URL: 'not a url' });
    const r = await cli(['materialize', '--json'], { projectDir: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const events = (await cli(['run', String(r.json().runId), '--json'], { projectDir: dir, env })).json<{ events: Array<{ level: string; message: string }> }>().events;
    expect(events.find((e) => e.level === 'warn')?.message).toBe('notifications are off for this run: TRELLIS_NOTIFY_WEBHOOK_URL is not a URL\n' +
      '    fix: set TRELLIS_NOTIFY_WEBHOOK_URL to e.g. https://host:port/…, or unset it');
  }, 60_000);
});
