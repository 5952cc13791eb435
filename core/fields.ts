/**
 * Reading what users write in project files (a schema.yml, a model's
 * `config()`, `defineAsset` options, trellis.config.ts): each field is
 * checked and normalised (one owner given as a string is a list of one), and
 * every problem is collected with its file, line and fix, never thrown. A
 * field that is wrong reads as undefined, so loading goes on and reports the
 * rest.
 *
 * @example
 * const fields = new Fields({ file: 'sql/staging/schema.yml', lineOf: yamlLines(doc) }, problems);
 * fields.names(raw.owners, ['models', 0, 'config', 'owners']) // 'alice' -> ['alice']
 */
import { didYouMean, type Problem } from './errors.ts';
import type { RetryPolicy } from './definitions.ts';

export type FieldPath = readonly (string | number)[];

export interface FieldSite {
  readonly file?: string;
  readonly asset?: string;
  /** The line a field is written on, when the file's format can tell. */
  readonly lineOf?: (path: FieldPath) => number | undefined;
}

/** `models[0].config.owners`, as a message names a field. */
export function formatPath(path: FieldPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function show(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class Fields {
  constructor(readonly site: FieldSite, private readonly problems: Problem[]) {}

  /** The same file, another asset (problems then name it). */
  forAsset(asset: string | undefined): Fields {
    return new Fields({ ...this.site, asset }, this.problems);
  }

  /** Records a problem with the field at `path`; `named` is the path the message names, when not that one. */
  problem(path: FieldPath, message: string, fix?: string, named: FieldPath = path): undefined {
    this.problems.push({ file: this.site.file, line: this.site.lineOf?.(path), asset: this.site.asset,
      message: named.length ? `${formatPath(named)}: ${message}` : message, fix });
    return undefined;
  }

  string(value: unknown, path: FieldPath): string | undefined {
    if (value === undefined || typeof value === 'string') return value;
    return this.problem(path, `expected text, got ${show(value)}`, `write it as a string, e.g. "${String(value)}"`);
  }

  oneOf<T extends string>(value: unknown, path: FieldPath, allowed: readonly T[]): T | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    return this.problem(path, `${show(value)} is not one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
      (typeof value === 'string' && didYouMean(value, allowed)) || `use one of ${allowed.join(', ')}`);
  }

  number(value: unknown, path: FieldPath, options: { readonly min?: number; readonly integer?: boolean } = {}): number | undefined {
    if (value === undefined) return undefined;
    const ok = typeof value === 'number' && Number.isFinite(value) && (!options.integer || Number.isInteger(value))
      && (options.min === undefined || value >= options.min);
    if (ok) return value;
    const what = `${options.integer ? 'an integer' : 'a number'}${options.min === undefined ? '' : ` of at least ${options.min}`}`;
    return this.problem(path, `expected ${what}, got ${show(value)}`, `write ${what}`);
  }

  /** A list of names; one name alone is a list of one (`owners: alice`). */
  names(value: unknown, path: FieldPath): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return [...value];
    return this.problem(path, `expected a name or a list of names, got ${show(value)}`, 'write `[alice, bob]` or one name');
  }

  /**
   * Tags as `{ name: value }`: a mapping, a list of `name` or `name=value`,
   * or one such string (`tags: ml` is the tag `ml`, with an empty value).
   */
  tags(value: unknown, path: FieldPath): Record<string, string> | undefined {
    if (value === undefined || value === null) return undefined;
    const fromList = (items: readonly string[]) => Object.fromEntries(items.map((t) => {
      const at = t.indexOf('=');
      return at < 0 ? [t, ''] : [t.slice(0, at), t.slice(at + 1)];
    }));
    if (typeof value === 'string') return fromList([value]);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return fromList(value);
    if (isRecord(value) && Object.values(value).every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
    }
    return this.problem(path, `expected tags as a list (\`[ml, team=growth]\`) or a mapping of text, got ${show(value)}`,
      'write `tags: [ml]` or `tags: { team: growth }`');
  }

  /** An object (mapping); anything else is a problem. */
  record(value: unknown, path: FieldPath): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return undefined;
    if (isRecord(value)) return value;
    return this.problem(path, `expected a mapping, got ${show(value)}`, 'write `key: value` pairs');
  }

  list(value: unknown, path: FieldPath): unknown[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return value;
    return this.problem(path, `expected a list, got ${show(value)}`, 'write `- item` lines or `[a, b]`');
  }

  /** Reports every key of `value` not in `known`, with the nearest known one. */
  knownKeys(value: Record<string, unknown>, path: FieldPath, known: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      this.problem([...path, key], `unknown field '${key}'`, didYouMean(key, known) ?? `the fields are ${known.join(', ')}`, path);
    }
  }

  /** A retry policy: `{ maxRetries, delayMs, backoff, strategy, jitter, deferAboveMs }`, each optional. */
  retry(value: unknown, path: FieldPath): Partial<RetryPolicy> | undefined {
    const raw = this.record(value, path);
    if (!raw) return undefined;
    this.knownKeys(raw, path, ['maxRetries', 'delayMs', 'backoff', 'strategy', 'jitter', 'deferAboveMs']);
    const jitter = this.number(raw.jitter, [...path, 'jitter'], { min: 0 });
    const policy = {
      maxRetries: this.number(raw.maxRetries, [...path, 'maxRetries'], { integer: true, min: 0 }),
      delayMs: this.number(raw.delayMs, [...path, 'delayMs'], { min: 0 }),
      backoff: this.number(raw.backoff, [...path, 'backoff'], { min: 1 }),
      strategy: this.oneOf(raw.strategy, [...path, 'strategy'], ['exponential', 'linear'] as const),
      jitter: jitter !== undefined && jitter > 1 ? this.problem([...path, 'jitter'], `expected a fraction from 0 to 1, got ${jitter}`, 'write 0.1 for ±10%') : jitter,
      deferAboveMs: this.number(raw.deferAboveMs, [...path, 'deferAboveMs'], { min: 0 }),
    };
    return Object.fromEntries(Object.entries(policy).filter(([, v]) => v !== undefined));
  }
}

/**
 * The line of `name:` in a TypeScript module (the first one at or after
 * line `from`), for problems in options written as object literals.
 */
export function lineOfProperty(text: string, name: string, from = 1): number | undefined {
  const lines = text.split('\n');
  const pattern = new RegExp(`(^|[\\s{,])['"]?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]?\\s*[:(]`);
  for (let i = Math.max(0, from - 1); i < lines.length; i++) if (pattern.test(lines[i]!)) return i + 1;
  return undefined;
}
