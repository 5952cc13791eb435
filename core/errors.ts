/**
 * Typed errors. Every message says what is wrong, where (file, asset) and how
 * to fix it. Loading collects problems and throws one ProjectError listing all.
 *
 * @example
 * throw new ProjectError([{ file: 'sql/marts/x.sql', asset: 'carttrend_clean.x',
 *   message: "ref('Clinets') names no asset", fix: "did you mean 'Clients'?" }]);
 */
export class TrellisError extends Error {
  override name = 'TrellisError';
  /** Process exit code the CLI uses for this error (2: bad usage or invalid project). */
  readonly exitCode: number = 2;
  /** How to fix it, printed under the message (`fix: …`); never pasted into the message itself. */
  readonly fix: string | undefined;

  constructor(message: string, options: TrellisErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.fix = options.fix;
  }
}

export interface TrellisErrorOptions {
  readonly fix?: string;
  readonly cause?: unknown;
}

/**
 * An error as a person reads it: the message, then its fix on the next line.
 * With `stack`, the stack of the error and of each cause follows (TRELLIS_DEBUG).
 *
 * @example
 * describeError(new UsageError("no run '9'", { fix: '`trellis runs` lists the runs' }))
 * // "no run '9'\n    fix: `trellis runs` lists the runs"
 */
export function describeError(error: unknown, options: { readonly stack?: boolean } = {}): string {
  if (!(error instanceof Error)) return String(error);
  const fix = error instanceof TrellisError && error.fix ? `\n    fix: ${error.fix}` : '';
  if (!options.stack) return `${error.message}${fix}`;
  const stacks: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause) stacks.push(e === error ? e.stack ?? e.message : `caused by: ${e.stack ?? e.message}`);
  return `${error.message}${fix}\n${stacks.join('\n')}`;
}

/** One problem found while loading a project. */
export interface Problem {
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly asset?: string;
  readonly fix?: string;
}

export function formatProblem(p: Problem): string {
  const where = [p.file && (p.line ? `${p.file}:${p.line}` : p.file), p.asset && `asset ${p.asset}`]
    .filter(Boolean).join(', ');
  return `${where ? `${where}: ` : ''}${p.message}${p.fix ? `\n    fix: ${p.fix}` : ''}`;
}

/** The project could not be loaded; carries every problem found, not just the first. */
export class ProjectError extends TrellisError {
  override name = 'ProjectError';
  constructor(readonly problems: readonly Problem[]) {
    super(`the project has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
      problems.map((p) => `  - ${formatProblem(p)}`).join('\n'));
  }
}

/** A selection expression that does not parse or matches nothing. */
export class SelectionError extends TrellisError {
  override name = 'SelectionError';
  constructor(message: string, readonly expression: string, readonly position?: number, options?: TrellisErrorOptions) {
    super(position === undefined ? message
      : `${message}\n  ${expression}\n  ${' '.repeat(position)}^`, options);
  }
}

/** Bad command-line or API usage. */
export class UsageError extends TrellisError {
  override name = 'UsageError';
}

/** Who holds the warehouse lock, as the run store records it. */
export interface LockHolderInfo {
  readonly pid: number;
  /** The command line it was taken for, e.g. `trellis materialize --select group:marts`. */
  readonly command: string;
  /** When it was taken (ISO time). */
  readonly since: string;
}

/** Another process holds the warehouse; `holder` names it when the run store's lock refused (not DuckDB's own file lock). */
export class LockError extends TrellisError {
  override name = 'LockError';
  constructor(message: string, readonly holder?: LockHolderInfo, options?: TrellisErrorOptions) {
    super(message, options);
  }
}

/** Which piece of a project's own code failed: an asset body, a check, or a model's SQL. */
export type UserCodePhase = 'materialize' | 'check' | 'sql';

export interface AssetErrorOptions extends TrellisErrorOptions {
  readonly phase?: UserCodePhase;
  /** The project file the failing code lives in, when known. */
  readonly file?: string;
  /** False when trying again cannot help (a contract broken by the asset, a refused gate). Default true. */
  readonly retryable?: boolean;
}

const PHASE_VERB: Readonly<Record<UserCodePhase, string>> = { materialize: 'materializing', check: 'checking', sql: 'running the SQL of' };
const PHASE_LABEL: Readonly<Record<Exclude<UserCodePhase, 'materialize'>, string>> = { check: 'check', sql: 'SQL' };

/**
 * The one boundary around user code: an asset body, a check or a model's SQL
 * threw. The original error is kept whole as `cause` (its stack included);
 * the message quotes only its first line.
 *
 * @example
 * throw new AssetError('carttrend_clean.Clients', error, { phase: 'sql', file: 'sql/staging/Clients.sql' });
 * // "running the SQL of carttrend_clean.Clients failed: Binder Error: …"
 */
export class AssetError extends TrellisError {
  override name = 'AssetError';
  override readonly exitCode = 1;
  readonly phase: UserCodePhase;
  readonly file: string | undefined;
  readonly retryable: boolean;
  /**
   * The failure as said next to the asset's key (a run's step, the UI): the
   * cause's whole message, prefixed by the phase unless the asset body threw it.
   */
  readonly detail: string;

  constructor(readonly asset: string, cause: unknown, options: AssetErrorOptions = {}) {
    const phase = options.phase ?? 'materialize';
    // A warehouse error's own fix (a BigQuery job refused: the role to grant) when the caller gives none.
    super(`${PHASE_VERB[phase]} ${asset} failed: ${firstLine(cause)}`, { cause, fix: options.fix ?? (cause instanceof TrellisError ? cause.fix : undefined) });
    const text = cause instanceof Error ? cause.message : String(cause);
    this.detail = phase === 'materialize' ? text : `${PHASE_LABEL[phase]} failed: ${text}`;
    this.phase = phase;
    this.file = options.file;
    this.retryable = options.retryable ?? true;
  }
}

/**
 * Runs user code inside the boundary: whatever it throws leaves as one
 * AssetError for `asset` (an AssetError it threw itself is passed on, not wrapped twice).
 */
export async function userCode<T>(asset: string, run: () => Promise<T> | T, options: AssetErrorOptions = {}): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AssetError && error.asset === asset) throw error;
    throw new AssetError(asset, error, options);
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/**
 * Up to `limit` candidates closest to `name` (case-insensitive), nearest first.
 * Keys are compared table part to table part (plus the schema's distance when
 * the schemas differ), so that a long shared schema does not make every key look close.
 */
export function nearest(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const split = (s: string) => {
    const dot = s.indexOf('.');
    return dot < 0 ? ['', s.toLowerCase()] : [s.slice(0, dot).toLowerCase(), s.slice(dot + 1).toLowerCase()];
  };
  const [schema, table] = split(name);
  const threshold = Math.max(2, Math.floor(table!.length / 3));
  const scored: Array<[number, string]> = [];
  for (const c of candidates) {
    const [cSchema, cTable] = split(c);
    const d = editDistance(table!, cTable!) + (schema && cSchema && schema !== cSchema ? editDistance(schema, cSchema) : 0);
    if (d <= threshold) scored.push([d, c]);
  }
  return scored.sort((x, y) => x[0] - y[0] || x[1].localeCompare(y[1])).slice(0, limit).map(([, c]) => c);
}

export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const near = nearest(name, candidates);
  return near.length ? `did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : undefined;
}
