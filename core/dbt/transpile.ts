/**
 * BigQuery SQL of a dbt project, run on the embedded DuckDB: translated by
 * `@polyglot-sql/sdk` (loaded only when the cache misses), with corrections
 * where its output means something else than BigQuery's, and refusals, with
 * their reason, for what has no faithful DuckDB form. Results are cached by
 * SQL and transpiler version, so an unchanged project never loads it.
 *
 * @example
 * const t = await Transpiler.open(path.join(home, 'cache', 'dbt-transpile.json'));
 * t.translate("select REGEXP_CONTAINS(a, r'x') from `s`.`t`") // { sql: `SELECT REGEXP_MATCHES(a, 'x') FROM "s"."t"` }
 * t.save();
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { hashOf } from '../hash.ts';

export type Translation = { readonly sql: string; readonly refused?: undefined } | { readonly sql?: undefined; readonly refused: string };

type Polyglot = typeof import('@polyglot-sql/sdk');

/** Bumped when the corrections below change, so that cached translations are redone. */
const CORRECTIONS = 3;

/** BigQuery constructs with no faithful DuckDB form: refused with the reason. */
const REFUSED: readonly (readonly [RegExp, string])[] = [
  [/\bML\s*\.\s*\w+\s*\(/i, 'BigQuery ML (ML.*) has no DuckDB equivalent'],
  [/\bSAFE\s*\.\s*\w+\s*\(/i, 'SAFE.-prefixed functions have no DuckDB equivalent'],
  [/\bFOR\s+SYSTEM_TIME\s+AS\s+OF\b/i, 'time travel (FOR SYSTEM_TIME AS OF) has no DuckDB equivalent'],
  [/\bAPPROX_TOP_COUNT\s*\(|\bHLL_COUNT\./i, 'approximate aggregates differ on DuckDB'],
  [/\bST_\w+\s*\(/i, 'geography functions need the DuckDB spatial extension'],
];

/** The position after the parenthesis closing the call that opens at `open` (the index of its `(`). */
function closing(sql: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < sql.length; i++) {
    const c = sql[i]!;
    if (quote) { if (c === quote && sql[i - 1] !== '\\') quote = undefined; continue; }
    if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Before: names polyglot would translate to another meaning become ones it passes through. */
function before(sql: string): string {
  // REGEXP_CONTAINS is a partial match; polyglot makes it REGEXP_FULL_MATCH.
  return sql.replace(/\bREGEXP_CONTAINS\s*\(/gi, 'REGEXP_MATCHES(');
}

/** Rewrites each call of `name(...)` (outermost first, then inside the result) by `rewrite(arguments text)`. */
function rewriteCalls(sql: string, name: string, rewrite: (args: string) => string): string {
  const pattern = new RegExp(`\\b${name}\\s*\\(`, 'i');
  let out = sql;
  for (let from = 0; ;) {
    const found = out.slice(from).search(pattern);
    if (found < 0) return out;
    const at = from + found;
    const open = out.indexOf('(', at);
    const end = closing(out, open);
    if (end < 0) return out;
    const replacement = rewrite(out.slice(open + 1, end));
    out = out.slice(0, at) + replacement + out.slice(end + 1);
    // Arguments may hold more calls: look again inside what was just written.
    from = at + replacement.search(/\(/) + 1;
  }
}

/** BigQuery's INITCAP: a letter after a non-alphanumeric character (or first) upper case, the others lower. DuckDB has none. */
function initcap(arg: string): string {
  const x = `(${arg})`;
  return `array_to_string(list_transform(range(1, length(${x}) + 1), __i -> CASE WHEN __i = 1 OR regexp_matches(substr(${x}, __i - 1, 1), '[^[:alnum:]]') ` +
    `THEN upper(substr(${x}, __i, 1)) ELSE lower(substr(${x}, __i, 1)) END), '')`;
}

/** After: BigQuery's REGEXP_REPLACE replaces every match, DuckDB's only the first without 'g'; INITCAP written out. */
function after(sql: string): string {
  const all = rewriteCalls(sql, 'REGEXP_REPLACE', (args) => `REGEXP_REPLACE__(${args}, 'g')`).replace(/REGEXP_REPLACE__\(/g, 'REGEXP_REPLACE(');
  return rewriteCalls(all, 'INITCAP', (args) => initcap(args));
}

export class Transpiler {
  private dirty = false;
  private polyglot: Polyglot | undefined;

  private constructor(private readonly file: string | undefined, private readonly cache: Record<string, Translation>, readonly version: string) {}

  /** The transpiler with its cache file (none: nothing is kept). */
  static open(file?: string): Transpiler {
    let cache: Record<string, Translation> = {};
    try { if (file) cache = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Translation>; } catch { /* a new cache */ }
    // The package exports no package.json: read it beside its entry point.
    const entry = createRequire(import.meta.url).resolve('@polyglot-sql/sdk');
    const version = (JSON.parse(fs.readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
    return new Transpiler(file, cache, version);
  }

  /** Whether `sql` is already translated (no transpiler load needed). */
  has(sql: string): boolean {
    return this.key(sql) in this.cache;
  }

  /** Loads the transpiler's WebAssembly (about 0.3 s); needed before translating uncached SQL. */
  async load(): Promise<void> {
    this.polyglot ??= await import('@polyglot-sql/sdk');
  }

  /** BigQuery `sql` as DuckDB SQL, or why it is refused. Call `load()` first unless `has(sql)`. */
  translate(sql: string): Translation {
    const key = this.key(sql);
    const cached = this.cache[key];
    if (cached) return cached;
    const refusal = REFUSED.find(([pattern]) => pattern.test(sql));
    let result: Translation;
    if (refusal) result = { refused: refusal[1] };
    else {
      if (!this.polyglot) throw new Error('Transpiler.load() was not awaited');
      const p = this.polyglot;
      const out = p.transpile(before(sql), p.Dialect.BigQuery, p.Dialect.DuckDB, { unsupportedLevel: 'raise' });
      result = out.success && out.sql?.length === 1 ? { sql: after(out.sql[0]!) } : { refused: `the transpiler cannot translate it: ${out.error ?? 'more than one statement'}` };
    }
    this.cache[key] = result;
    this.dirty = true;
    return result;
  }

  /** Writes the cache if it changed. */
  save(): void {
    if (!this.file || !this.dirty) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(this.file, JSON.stringify(this.cache));
    this.dirty = false;
  }

  private key(sql: string): string {
    return hashOf('bigquery->duckdb', this.version, String(CORRECTIONS), sql);
  }
}
