/**
 * Google's SQL analyzer, ZetaSQL, as a local service: the optional package
 * `@fivetrandevelopers/zetasql` ships its gRPC server (a Linux x86-64 or
 * macOS executable) and a client. We start the server ourselves on a free
 * port of 127.0.0.1, wait until it answers and kill it when done, so nothing
 * leaves the machine.
 *
 * @example
 * const analyzer = await startZetaSql();
 * if ('missing' in analyzer) console.log(analyzer.missing);
 * else try { await analyzer.analyze('SELECT 1', catalog); } finally { analyzer.close(); }
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { SimpleCatalog, TypeProto } from './catalog.ts';

export const ZETASQL_PACKAGE = '@fivetrandevelopers/zetasql';
export const ZETASQL_VERSION = '1.13.0';
export const INSTALL_HINT = `npm install --save-optional --save-exact ${ZETASQL_PACKAGE}@${ZETASQL_VERSION}`;

/** An output column of an analyzed query, with its ZetaSQL type. */
export interface AnalyzedColumn {
  readonly name: string;
  readonly type: TypeProto;
}

/** What the analyzer rejected: its message and the 1-based position in the statement. */
export interface AnalyzerError {
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export type Analysis = { readonly columns: readonly AnalyzedColumn[] } | { readonly error: AnalyzerError };

export interface ZetaSql {
  /** Analyzes one query against `catalog` with every BigQuery language feature on. */
  analyze(sql: string, catalog: SimpleCatalog): Promise<Analysis>;
  close(): void;
}

/** The parts of the package's client we use (typed here: the package is optional). */
interface ZetaSqlModule {
  ZetaSQLClient: { init(port: number): void; getInstance(): ZetaSqlClient };
  LanguageOptions: new () => { enableMaximumLanguageFeatures(): Promise<{ serialize(): unknown }> };
}
interface ZetaSqlClient {
  testConnection(): Promise<boolean>;
  analyze(request: unknown): Promise<{ resolvedStatement?: { resolvedQueryStmtNode?: { outputColumnList?: OutputColumn[] } } } | undefined>;
}
interface OutputColumn { name: string; column?: { type?: TypeProto } }

const POSITION = /\s*\[at (\d+):(\d+)\]/;

/** A gRPC INVALID_ARGUMENT from the analyzer: first line without its `[at L:C]`, and the position. */
export function parseAnalyzerError(details: string): AnalyzerError {
  const first = details.split('\n')[0] ?? details;
  const at = POSITION.exec(first);
  if (!at) return { message: first };
  return { message: first.replace(POSITION, '').trim(), line: Number(at[1]), column: Number(at[2]) };
}

function loadPackage(): { module: ZetaSqlModule; binary: string } | { missing: string } {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(ZETASQL_PACKAGE);
  } catch {
    return { missing: `ZetaSQL is not installed (${ZETASQL_PACKAGE}, an optional dependency of about 340 MB): ${INSTALL_HINT}` };
  }
  const arch = process.arch === 'arm64' ? '_arm' : '';
  const binary = path.join(path.dirname(entry), 'zetasql', `remote_server${arch}${process.platform === 'darwin' ? '' : '.so'}`);
  if (!fs.existsSync(binary)) return { missing: `ZetaSQL's server is missing for ${process.platform}-${process.arch} (${binary}); reinstall: ${INSTALL_HINT}` };
  return { module: require(ZETASQL_PACKAGE) as ZetaSqlModule, binary };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the analyzer, or says why it cannot (not installed, no binary for this platform, did not start). */
export async function startZetaSql(): Promise<ZetaSql | { missing: string }> {
  const loaded = loadPackage();
  if ('missing' in loaded) return loaded;
  const port = await freePort();
  const child: ChildProcess = spawn(loaded.binary, ['localhost', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000); });
  const exited = new Promise<string>((resolve) => {
    child.once('error', (e) => resolve(e.message));
    child.once('exit', (code, signal) => resolve(`exited with ${signal ?? code}`));
  });
  const kill = () => { if (child.exitCode === null) child.kill('SIGKILL'); };
  process.once('exit', kill);
  const close = () => { kill(); process.off('exit', kill); };
  loaded.module.ZetaSQLClient.init(port);
  const client = loaded.module.ZetaSQLClient.getInstance();
  const ready = await Promise.race([client.testConnection(), exited]);
  if (ready !== true) {
    close();
    return { missing: `ZetaSQL's server did not start (${loaded.binary}: ${ready === false ? 'no answer' : ready})${stderr ? `: ${stderr.trim()}` : ''}` };
  }
  const languageOptions = (await new loaded.module.LanguageOptions().enableMaximumLanguageFeatures()).serialize();
  return {
    close,
    async analyze(sql, catalog) {
      try {
        const response = await client.analyze({ sqlStatement: sql, simpleCatalog: { ...catalog, builtinFunctionOptions: { languageOptions } },
          options: { languageOptions, errorMessageMode: 'ERROR_MESSAGE_MULTI_LINE_WITH_CARET' } });
        const output = response?.resolvedStatement?.resolvedQueryStmtNode?.outputColumnList;
        if (!output) return { error: { message: 'not a query: a model must be one SELECT statement' } };
        return { columns: output.map((c) => ({ name: c.name, type: c.column?.type ?? {} })) };
      } catch (error) {
        const e = error as { code?: number; details?: string; message?: string };
        if (e.code === 3 && e.details) return { error: parseAnalyzerError(e.details) };
        throw error;
      }
    },
  };
}
