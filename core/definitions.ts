/**
 * What a user declares: assets (SQL, TypeScript or external sources), their
 * checks and retry policies. Definitions are plain readonly data plus the
 * functions that materialize them; the graph and the materializer read them.
 *
 * @example
 * export const geo = defineAsset({
 *   key: 'carttrend_transform.Clients_Geo',
 *   deps: ['carttrend_clean.Clients'],
 *   group: 'models',
 *   async materialize(ctx) { await ctx.writeTable(columns, rows); },
 * });
 */
import type { AssetKey, Relation } from './keys.ts';
import type { CheckDefinition } from './checks.ts';
import type { WarehouseSession, ColumnSpec, FileFormat, LoadOptions, Row } from './warehouse/warehouse.ts';
import type { Logger } from './log.ts';
import type { AutomationCondition, FreshnessPolicy } from './ops/policies.ts';

export type AssetKind = 'source' | 'sql' | 'ts';
export type Materialization = 'table' | 'view';

export interface RetryPolicy {
  /** Attempts after the first one. */
  readonly maxRetries: number;
  /** Delay before the first retry, in milliseconds. */
  readonly delayMs: number;
  /** Multiplier applied to the delay after each retry (exponential backoff). */
  readonly backoff: number;
  /** `exponential` (delay × backoff^n, the default) or `linear` (delay × n). */
  readonly strategy?: 'exponential' | 'linear';
  /** Spread each delay by up to this fraction either way (0.1: ±10%), so retries of many assets do not land at once. */
  readonly jitter?: number;
  /**
   * A delay longer than this is not slept inside the run (holding the warehouse):
   * the step fails and the daemon launches the retry later as a new run linked
   * to this one. Default 60,000 ms.
   */
  readonly deferAboveMs?: number;
}

export const NO_RETRY: RetryPolicy = { maxRetries: 0, delayMs: 0, backoff: 1 };

export interface ColumnDoc {
  readonly name: string;
  readonly description?: string;
  readonly type?: string;
}

/** What an asset's materialize function receives. */
export interface AssetContext {
  readonly key: AssetKey;
  readonly runId: number;
  /** The run's "as of" date, `YYYY-MM-DD` (defaults to today). */
  readonly logicalDate: string;
  readonly attempt: number;
  readonly warehouse: WarehouseSession;
  /** Where to write: a staged relation swapped in once the asset and its checks succeed. */
  readonly target: Relation;
  readonly log: Logger;
  readonly signal: AbortSignal;
  /** The project root directory. */
  readonly projectDir: string;
  /** The environment the command runs with (configuration such as data folders). */
  readonly env: NodeJS.ProcessEnv;
  /** The published relation of an upstream asset, for use in SQL. */
  relation(key: AssetKey): string;
  /** Reads every row of an upstream asset. */
  read(key: AssetKey): Promise<Row[]>;
  /** Whether the published relation of this asset, or of an upstream, exists yet (an incremental asset's first run). */
  exists(key: AssetKey): Promise<boolean>;
  /** Creates the target table from rows (typed, bulk appended). Returns the row count. */
  writeTable(columns: readonly ColumnSpec[], rows: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>): Promise<number>;
  /** Creates the target table from files the warehouse reads itself (CSV, Parquet, JSON). Returns the row count. */
  loadFile(files: string | readonly string[], options: LoadOptions): Promise<number>;
  /**
   * Runs `exportName` of `module` in a worker thread with `input`, so CPU-heavy
   * work never blocks the event loop. Input and output must be structured-cloneable.
   */
  compute<I, O>(module: URL | string, exportName: string, input: I): Promise<O>;
  /** Attaches metadata (metrics, counts) to this materialization. */
  addMetadata(entries: Record<string, unknown>): void;
}

interface CommonDefinition {
  readonly key: AssetKey;
  readonly group?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly owners?: readonly string[];
  readonly description?: string;
  readonly columns?: readonly ColumnDoc[];
  readonly checks?: readonly CheckDefinition[];
  readonly retry?: Partial<RetryPolicy>;
  /** When the daemon launches this asset on its own: `on_missing`, `any_upstream_updated`, `when_stale`, `{ on_cron }`. */
  readonly automation?: string | readonly (string | { readonly on_cron: string; readonly timezone?: string })[] | { readonly on_cron: string; readonly timezone?: string };
  /** How old it may get: `{ maxAgeHours: 26 }` or `{ deadline: '0 9 * * *', timezone }`. */
  readonly freshness?: { readonly maxAgeHours?: number; readonly maxAgeMinutes?: number; readonly deadline?: string; readonly timezone?: string };
}

/** A TypeScript asset. */
export interface TsAssetOptions extends CommonDefinition {
  readonly deps?: readonly AssetKey[];
  /** Extra configuration; part of the code version. */
  readonly config?: Readonly<Record<string, unknown>>;
  materialize(ctx: AssetContext): Promise<void>;
}

/** An external source: observed by hashing its files, loaded by `materialize`. */
export interface SourceOptions extends CommonDefinition {
  /** The files whose content is this source's data version (absolute, or relative to the project). */
  files(env: SourceEnv): readonly string[];
  /** Shown when a file is missing, e.g. "run `trellis demo-data`". */
  readonly missingFileHint?: string;
  readonly config?: Readonly<Record<string, unknown>>;
  /** The warehouse reads the files itself (DuckDB `read_csv`, BigQuery load jobs): give this or `materialize`. */
  readonly format?: FileFormat;
  /** CSV layout, when `format` is `csv`: a header line (default true) and the delimiter (default `,`). */
  readonly csv?: { readonly header?: boolean; readonly delimiter?: string };
  /** Loads the source in TypeScript (a workbook, an API); not needed with `format`. */
  materialize?(ctx: AssetContext): Promise<void>;
}

export interface SourceEnv {
  readonly projectDir: string;
  readonly env: NodeJS.ProcessEnv;
}

/** The resolved, validated form every asset takes inside the graph. */
export interface AssetDefinition {
  readonly key: AssetKey;
  readonly kind: AssetKind;
  readonly deps: readonly AssetKey[];
  readonly group: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly owners: readonly string[];
  readonly description: string;
  readonly columns: readonly ColumnDoc[];
  readonly checks: readonly CheckDefinition[];
  readonly retry: RetryPolicy;
  /** Conditions the daemon evaluates each tick; none: only schedules and people launch it. */
  readonly automation?: readonly AutomationCondition[];
  readonly freshness?: FreshnessPolicy;
  readonly materialization: Materialization;
  /** The file that defines the asset, relative to the project. */
  readonly file?: string;
  /** Rendered SQL (sql kind), for display and execution. */
  readonly sql?: string;
  /** Hash of the rendered SQL, or of the declaring module and its local imports, plus config. */
  readonly codeVersion: string;
  readonly files?: SourceOptions['files'];
  readonly missingFileHint?: string;
  readonly materialize?: (ctx: AssetContext) => Promise<void>;
}

/** Marker so that a module's exports can be scanned for declarations. */
export const DECLARATION = Symbol.for('trellis.declaration');

export interface Declaration {
  readonly [DECLARATION]: 'ts' | 'source';
  readonly options: TsAssetOptions | SourceOptions;
  /** The module that called defineAsset/defineSource: its code is the asset's code version. */
  readonly declaredIn: string | undefined;
  /** The line of that call, for problems in the options. */
  readonly line: number | undefined;
}

/** Declares a TypeScript asset. Export it from a module under `assets/`. */
export function defineAsset(options: TsAssetOptions): Declaration {
  return { [DECLARATION]: 'ts', options, ...callerSite() };
}

/** Declares an external source whose files are observed for changes. */
export function defineSource(options: SourceOptions): Declaration {
  return { [DECLARATION]: 'source', options, ...callerSite() };
}

/** The source file and line of the code that called our caller (a compiled `dist/x.js` maps back to `x.ts`). */
function callerSite(): { declaredIn: string | undefined; line: number | undefined } {
  const frames = (new Error().stack ?? '').split('\n').slice(3);
  for (const frame of frames) {
    const match = /\(?((?:file:\/\/)?\/[^():]+?\.[cm]?[jt]s)(?::(\d+))?(?::\d+)?\)?\s*$/.exec(frame);
    if (!match) continue;
    const file = match[1]!.replace(/^file:\/\//, '');
    const compiled = /\/dist\/(.+)\.js$/.test(file);
    // A compiled module's lines are not its source's.
    return { declaredIn: file.replace(/\/dist\/(.+)\.js$/, '/$1.ts'), line: compiled || !match[2] ? undefined : Number(match[2]) };
  }
  return { declaredIn: undefined, line: undefined };
}

export function isDeclaration(value: unknown): value is Declaration {
  return typeof value === 'object' && value !== null && DECLARATION in value;
}
