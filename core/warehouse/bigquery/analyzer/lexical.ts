/**
 * The check run when ZetaSQL is not installed: BigQuery's lexical rules only
 * (string literals with backslash escapes, raw and triple-quoted strings,
 * backtick identifiers, `--`, `#` and block comments, balanced parentheses,
 * one statement beginning with SELECT or WITH). It finds what a template
 * typically breaks, never a wrong column or function.
 *
 * @example
 * lexicalCheck("SELECT 'a"); // { message: 'unterminated string literal', line: 1, column: 8 }
 */
import type { AnalyzerError } from './server.ts';

const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']' };

/** The first lexical problem of one BigQuery query, or undefined. */
export function lexicalCheck(sql: string): AnalyzerError | undefined {
  const open: { char: string; at: number }[] = [];
  let firstWord: { word: string; at: number } | undefined;
  let i = 0;
  const at = (offset: number) => {
    const before = sql.slice(0, offset).split('\n');
    return { line: before.length, column: before.at(-1)!.length + 1 };
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '-' && next === '-' || c === '#') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) return { message: 'unterminated comment: add */', ...at(i) };
      i = end + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      const raw = /[rR]/.test(sql[i - 1] ?? '');
      const triple = c !== '`' && sql.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < sql.length && !sql.startsWith(quote, j)) {
        if (!triple && sql[j] === '\n') break;
        j += sql[j] === '\\' && !raw ? 2 : 1;
      }
      if (!sql.startsWith(quote, j)) {
        return { message: c === '`' ? 'unterminated quoted identifier: add `' : `unterminated string literal: add ${quote}`, ...at(i) };
      }
      i = j + quote.length;
    } else if (c in CLOSERS) {
      open.push({ char: c, at: i++ });
    } else if (c === ')' || c === ']') {
      const last = open.pop();
      if (!last || CLOSERS[last.char] !== c) return { message: `unexpected ${c}${last ? ` (${last.char} opened at ${at(last.at).line}:${at(last.at).column})` : ''}`, ...at(i) };
      i++;
    } else if (c === ';') {
      if (sql.slice(i + 1).replace(/--[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\//g, '').trim()) return { message: 'more than one statement: a model is one query', ...at(i) };
      i++;
    } else {
      if (!firstWord && /[A-Za-z_]/.test(c)) firstWord = { word: /^[A-Za-z_]+/.exec(sql.slice(i))![0], at: i };
      i++;
    }
  }
  if (open.length) return { message: `unclosed ${open.at(-1)!.char}: add ${CLOSERS[open.at(-1)!.char]}`, ...at(open.at(-1)!.at) };
  if (!firstWord) return { message: 'empty model: write a SELECT', line: 1, column: 1 };
  if (!/^(select|with)$/i.test(firstWord.word)) return { message: `a model is a query beginning with SELECT or WITH, not ${firstWord.word}`, ...at(firstWord.at) };
  return undefined;
}
