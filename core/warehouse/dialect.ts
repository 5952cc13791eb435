/**
 * What differs between warehouses' SQL. SQL models are written once and call
 * these as template macros (`{{ regexp_contains('email', "'^[^@]+@[^@]+$'") }}`);
 * each dialect renders them its own way.
 */
export type DialectName = 'duckdb' | 'bigquery';

/** A macro takes SQL fragments (already SQL text) and returns SQL text. */
export type Macro = (...args: string[]) => string;

/**
 * Every macro a dialect renders, with the names of its arguments (each a SQL
 * fragment: a column, an expression or a literal). Regular expressions are
 * RE2 (both warehouses) written as a plain SQL string literal
 * (`'^P[0-9]+$'`); BigQuery's rendering turns such a literal into a raw
 * string, so a backslash means the same on both sides. In a template, a
 * backslash inside a Jinja string must be doubled (`"'\\d'"`), so patterns
 * are easier to read with classes (`[0-9]`, `[.]`, `[[:space:]]`).
 */
export const MACRO_SIGNATURES = {
  /** Boolean: does `expr` contain a match of `pattern`? */
  regexp_contains: ['expr', 'pattern'],
  /** Replaces every match (DuckDB's regexp_replace replaces only the first unless told 'g'). */
  regexp_replace_all: ['expr', 'pattern', 'replacement'],
  /** The text of the single capturing group of `pattern`; NULL when nothing matches. */
  regexp_extract: ['expr', 'pattern'],
  /** Lower-case hexadecimal SHA-256 of a string. */
  sha256_hex: ['expr'],
  /** Whole days from `start` to `end` (BigQuery's argument order: end first). */
  date_diff_days: ['end', 'start'],
  /** `date` plus `days` days, a DATE. */
  date_add_days: ['date', 'days'],
  /** A FROM item (alias it): one row per day from `start` to `end` inclusive, in a DATE column named `column`. */
  date_series: ['start', 'end', 'column'],
  /** A FROM item to join laterally after a comma: one row per piece of `expr` split on `delimiter`, in `column`. */
  split_to_rows: ['expr', 'delimiter', 'column'],
  /** A FROM item to join laterally after a comma: one row per element of the array `expr`, in `column`. */
  unnest_array: ['expr', 'column'],
  /** First letter of each word upper case, the rest lower case (words end at spaces and punctuation). */
  initcap: ['expr'],
  /** Removes diacritics: `Électronique` becomes `Electronique`. */
  strip_accents: ['expr'],
  /** `a / b`, or NULL when `b` is 0 or NULL (DuckDB would give Infinity). */
  safe_divide: ['a', 'b'],
  /**
   * The integer quotient of two integers, truncated toward zero (`-7` by `2` is `-3`): BigQuery's `DIV`, DuckDB's
   * `//`. Plain `/` gives a FLOAT64/DOUBLE on both engines, even between integers.
   */
  integer_divide: ['a', 'b'],
  /** A DOUBLE from a number or a numeric text (`' 74,41 '` too); NULL when it is not one. */
  safe_cast_number: ['expr'],
  /** A BIGINT from an integral number or text (`'34'`, `34.0`); NULL otherwise (`'34.5'`, `'abc'`). */
  safe_cast_int: ['expr'],
  /** A DATE from a date, a timestamp or ISO text (`2024-01-31`, time ignored); NULL otherwise. */
  safe_cast_date: ['expr'],
  /** The first day of a `YYYY-MM` month (`'2024-05'` gives 2024-05-01); NULL when malformed. */
  parse_month: ['expr'],
  /** ISO day of week: 1 = Monday … 7 = Sunday. */
  day_of_week: ['date'],
  /** The first day of the month of `date`. */
  month_start: ['date'],
  /** Number of days in the month of `date` (28 to 31). */
  days_in_month: ['date'],
  /** Number of hours in the month of `date` (24 × days). */
  hours_in_month: ['date'],
} as const satisfies Record<string, readonly string[]>;

export type MacroName = keyof typeof MACRO_SIGNATURES;

export interface Dialect {
  readonly name: DialectName;
  /** The type to cast to for text (`VARCHAR`, `STRING`). */
  readonly stringType: string;
  quoteIdent(name: string): string;
  /** A fully qualified, quoted relation name. */
  relation(schema: string, name: string): string;
  /** SQL boolean: does `expr` match the regular expression `pattern` (a raw pattern, not SQL)? */
  regexpContains(expr: string, pattern: string): string;
  /** A SQL string literal for `value`, escaped as this dialect escapes (DuckDB doubles quotes, BigQuery backslashes them). */
  stringLiteral(value: string): string;
  /** A SQL date literal for `YYYY-MM-DD`. */
  dateLiteral(isoDate: string): string;
  /** Aggregate: how many rows satisfy the boolean `condition` (NULL does not count). */
  countIf(condition: string): string;
  /**
   * A query of one row over `relation` (quoted): `n`, its row count, and `h`, an order-independent hash of
   * its rows as text: a sum of per-row hashes, never an xor (identical rows would cancel in pairs).
   */
  fingerprint(relation: string): string;
  /** Template macros available to SQL models, by name (the names of MACRO_SIGNATURES). */
  readonly macros: Readonly<Record<string, Macro>>;
}

/** Quotes a JS string as a SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Wraps each macro so that a call with the wrong number of arguments fails
 * with a message naming the macro and its parameters.
 */
export function checkedMacros(dialect: DialectName, macros: Readonly<Record<MacroName, Macro>>): Readonly<Record<MacroName, Macro>> {
  const checked = {} as Record<MacroName, Macro>;
  for (const name of Object.keys(MACRO_SIGNATURES) as MacroName[]) {
    const params = MACRO_SIGNATURES[name];
    const render = macros[name];
    checked[name] = (...args: string[]) => {
      if (args.length !== params.length) {
        throw new Error(`macro ${name}(${params.join(', ')}) takes ${params.length} argument(s), ` +
          `got ${args.length} (dialect ${dialect})`);
      }
      return render(...args);
    };
  }
  return Object.freeze(checked);
}
