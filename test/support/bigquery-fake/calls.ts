/**
 * Rewrites function calls in SQL by name, with their arguments split at the
 * top level (string literals and nested parentheses respected), innermost
 * first: the fake's way to reorder arguments where BigQuery and DuckDB differ.
 *
 * @example
 * rewriteCalls("DATE_DIFF(a, b, DAY)", { DATE_DIFF: ([e, s]) => `date_diff('day', ${s}, ${e})` })
 * // "date_diff('day', b, a)"
 */

export type CallRule = (args: string[], inner: string) => string;

/** The index after the closing parenthesis matching the one at `open`, or -1. */
function closing(sql: string, open: number): number {
  let depth = 0;
  for (let i = open; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'") {
      i++;
      while (i < sql.length && !(sql[i] === "'" && sql[i + 1] !== "'")) i += sql[i] === "'" ? 2 : 1;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

/** Splits `inner` at its top-level commas. */
export function splitArgs(inner: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === "'") {
      i++;
      while (i < inner.length && !(inner[i] === "'" && inner[i + 1] !== "'")) i += inner[i] === "'" ? 2 : 1;
    } else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) { args.push(inner.slice(start, i).trim()); start = i + 1; }
  }
  args.push(inner.slice(start).trim());
  return args;
}

/** `sql` (DuckDB quoting: '...' strings, "..." names) with each call of a function in `rules` rewritten. */
export function rewriteCalls(sql: string, rules: Readonly<Record<string, CallRule>>): string {
  const names = Object.keys(rules).join('|');
  const call = new RegExp(`(?<![\\w."])(${names})\\s*\\(`, 'gi');
  let out = '';
  let from = 0;
  for (;;) {
    call.lastIndex = from;
    const m = skipStrings(sql, call);
    if (!m) return out + sql.slice(from);
    const open = m.index + m[0].length - 1;
    const end = closing(sql, open);
    if (end < 0) return out + sql.slice(from);
    const inner = rewriteCalls(sql.slice(open + 1, end - 1), rules);
    out += sql.slice(from, m.index) + rules[m[1]!.toUpperCase()]!(splitArgs(inner), inner);
    from = end;
  }
}

/** The next match of `re` that is not inside a string literal. */
function skipStrings(sql: string, re: RegExp): RegExpExecArray | null {
  for (let m = re.exec(sql); m; m = re.exec(sql)) {
    const before = sql.slice(0, m.index);
    if ((before.match(/'/g)?.length ?? 0) % 2 === 0) return m;
  }
  return null;
}
