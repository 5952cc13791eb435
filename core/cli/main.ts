/**
 * `trellis` command-line entry: parses arguments, dispatches to the command
 * table, turns errors into messages and exit codes (0 ok, 1 an asset or a
 * blocking check failed, 2 bad usage or invalid project).
 *
 * @example
 * const code = await main(['list', '--json'], { projectDir: 'test/fixtures/basic' });
 */
import { parseArgs } from 'node:util';
import { TrellisError, UsageError, describeError, didYouMean } from '../errors.ts';
import * as commands from './commands.ts';
import { ui } from './ui-command.ts';
import { store } from './store-command.ts';
import { init } from './init.ts';
import { daemon, schedules } from './ops-commands.ts';
import { dashboards } from './dashboards-command.ts';
import type { CommandContext, Flags } from './commands.ts';
import { paint, type Output } from './console.ts';

type Command = (ctx: CommandContext, flags: Flags, args: readonly string[]) => Promise<number>;

interface CommandSpec {
  readonly run: Command;
  readonly usage: string;
  readonly summary: string;
  readonly options: readonly string[];
}

const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  list: { run: commands.list, usage: 'list [--select S] [--json] [--now ISO]', summary: 'assets with group, kind and status', options: ['select', 'json', 'now'] },
  materialize: { run: commands.materializeCommand, usage: 'materialize [--select S] [--all] [--stale] [--concurrency N] [--wait SECONDS] [--logical-date YYYY-MM-DD] [--json]',
    summary: 'bring stale and missing assets up to date (or the selection, or everything)', options: ['select', 'all', 'stale', 'concurrency', 'json', 'wait', 'logical-date'] },
  plan: { run: commands.plan, usage: 'plan [--select S] [--all] [--stale] [--json] | plan --target bigquery --dry-run [--select S] [--json]',
    summary: 'what materialize would run, why, and how long it took before; or validate BigQuery SQL offline', options: ['select', 'all', 'stale', 'json', 'target', 'dry-run'] },
  dashboards: { run: dashboards, usage: 'dashboards [--select S] [--json]', summary: 'dashboards with the assets they read and their status', options: ['select', 'json'] },
  why: { run: commands.why, usage: 'why KEY [--json] [--now ISO]', summary: 'why an asset is stale, missing, failed or fresh', options: ['json', 'now'] },
  lineage: { run: commands.lineage, usage: 'lineage KEY [--up|--down]', summary: 'upstream and downstream of an asset', options: ['up', 'down'] },
  runs: { run: commands.runs, usage: 'runs [--limit N] [--json]', summary: 'recent runs', options: ['limit', 'json'] },
  run: { run: commands.run, usage: 'run ID [--json]', summary: 'one run: steps, decisions, checks, logs', options: ['json'] },
  check: { run: commands.check, usage: 'check [--select S] [--json]', summary: 'run the checks of materialized assets', options: ['select', 'json'] },
  'demo-data': { run: commands.demoData, usage: 'demo-data [--scale F] [--seed N] [--out DIR] [--format F]', summary: "write the project's sample data (trellis.config.ts `sampleData`)", options: ['scale', 'seed', 'out', 'format'] },
  ui: { run: ui, usage: 'ui [--port 3000] [--host 127.0.0.1] [--token T]', summary: 'serve the web UI and its API until Ctrl+C', options: ['port', 'host', 'token'] },
  demo: { run: commands.demo, usage: 'demo', summary: 'sample data if its folder is empty, then materialize everything', options: ['json', 'concurrency'] },
  store: { run: store, usage: 'store repair', summary: 'recover from a damaged run store (keeps the damaged file, salvages what it can)', options: [] },
  init: { run: init, usage: 'init DIR [--name N] [--from PATH]', summary: 'scaffold a new project in DIR that depends on this Trellis', options: ['name', 'from'] },
  daemon: { run: daemon, usage: 'daemon [--once] [--now ISO] [--json]', summary: 'run the schedules, deferred retries and automation until Ctrl+C', options: ['once', 'now', 'json'] },
  schedules: { run: schedules, usage: 'schedules [--now ISO] [--json]', summary: 'schedules with their next ticks and last outcomes', options: ['now', 'json'] },
};

const OPTIONS = {
  select: { type: 'string', short: 's' }, all: { type: 'boolean' }, stale: { type: 'boolean' }, concurrency: { type: 'string' },
  json: { type: 'boolean' }, wait: { type: 'string' }, 'logical-date': { type: 'string' }, up: { type: 'boolean' }, down: { type: 'boolean' },
  limit: { type: 'string' }, scale: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' },
  port: { type: 'string' }, host: { type: 'string' }, token: { type: 'string' },
  project: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  name: { type: 'string' }, from: { type: 'string' },
  once: { type: 'boolean' }, now: { type: 'string' },
  target: { type: 'string' }, 'dry-run': { type: 'boolean' },
} as const;

function help(): string {
  const width = Math.max(...Object.values(COMMANDS).map((c) => c.usage.split(' ')[0]!.length));
  return ['usage: trellis <command> [options]   (global: --project DIR, default the current directory)', '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`), '',
    'Selections use Dagster\'s syntax: key:marts.orders_*, group:marts, tag:ml, kind:sql, +x, x+, 2+x, and/or/not, roots(), sinks(), stale(), missing(), failed().',
    'Exit codes: 0 success, 1 an asset or blocking check failed, 2 bad usage or invalid project.'].join('\n');
}

export interface MainOptions {
  readonly projectDir?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly output?: Output;
  readonly signal?: AbortSignal;
}

function defaultOutput(): Output {
  const tty = Boolean(process.stderr.isTTY);
  return {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    errRaw: (t) => process.stderr.write(t),
    color: tty && !process.env.NO_COLOR,
    tty,
  };
}

export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const o = options.output ?? defaultOutput();
  const env = options.env ?? process.env;
  let controller: AbortController | undefined;
  let onSigint: (() => void) | undefined;
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    const [name, ...args] = positionals;
    if (!name || values.help) {
      o.out(help());
      return name || values.help ? 0 : 2;
    }
    const spec = COMMANDS[name];
    if (!spec) throw new UsageError(`unknown command '${name}'${(() => { const s = didYouMean(name, Object.keys(COMMANDS)); return s ? `; ${s}` : ''; })()}\n\n${help()}`);
    const unknown = Object.keys(values).filter((k) => k !== 'project' && !spec.options.includes(k));
    if (unknown.length) throw new UsageError(`${name} does not take --${unknown.join(', --')}\n    usage: trellis ${spec.usage}`);
    let signal = options.signal;
    if (!signal) {
      controller = new AbortController();
      signal = controller.signal;
      let presses = 0;
      onSigint = () => {
        presses++;
        if (presses === 1) {
          o.err(paint(o, 'yellow', 'canceling: stopping running assets, keeping the last good tables (Ctrl+C again to force)'));
          controller!.abort();
        } else process.exit(130);
      };
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigint);
    }
    const projectDir = values.project ?? env.TRELLIS_PROJECT ?? options.projectDir ?? process.cwd();
    return await spec.run({ projectDir, env, o, signal }, values as Flags, args);
  } catch (error) {
    if (error instanceof TrellisError) {
      o.err(`${paint(o, 'red', 'error:')} ${describeError(error, { stack: Boolean(env.TRELLIS_DEBUG) })}`);
      return error.exitCode;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      o.err(`${paint(o, 'red', 'error:')} ${error.message}\n\n${help()}`);
      return 2;
    }
    o.err(`${paint(o, 'red', 'error:')} ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return 1;
  } finally {
    if (onSigint) {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    }
  }
}
