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
  constructor(message: string, readonly expression: string, readonly position?: number) {
    super(position === undefined ? message
      : `${message}\n  ${expression}\n  ${' '.repeat(position)}^`);
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
  constructor(message: string, readonly holder?: LockHolderInfo) {
    super(message);
  }
}

/** User code (an asset body or a check) threw; keeps the original error as `cause`. */
export class AssetError extends TrellisError {
  override name = 'AssetError';
  override readonly exitCode = 1;
  constructor(readonly asset: string, cause: unknown, context = 'materializing') {
    super(`${context} ${asset} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
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
