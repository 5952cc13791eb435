import { SelectionError } from '../errors.ts';

/**
 * One lexical token. Offsets let the parser tell `2+x` (a depth) from `2 +x`,
 * and glue `key:"a b"` (a word then an adjacent string) into one value.
 */
export interface Token {
  readonly kind: 'word' | 'string' | '(' | ')' | '+';
  /** For strings, the content without quotes and escapes. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const WORD_END = /[\s()+"]/;

/**
 * Splits a selection into tokens. A word is any run of characters other than
 * whitespace, parentheses, `+` and `"`, so `owner:team@x.com` and
 * `key:carttrend_clean.mart_*` are one word each. Strings are double-quoted,
 * with `\"` and `\\` as escapes.
 *
 * @example
 * tokenize('2+key:"a b"') // word '2', '+', word 'key:', string 'a b'
 */
export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const c = expression[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === '+') {
      tokens.push({ kind: c, text: c, start: i, end: i + 1 });
      i++;
    } else if (c === '"') {
      const token = readString(expression, i);
      tokens.push(token);
      i = token.end;
    } else {
      let end = i + 1;
      while (end < expression.length && !WORD_END.test(expression[end]!)) end++;
      tokens.push({ kind: 'word', text: expression.slice(i, end), start: i, end });
      i = end;
    }
  }
  return tokens;
}

function readString(expression: string, start: number): Token {
  let text = '';
  for (let i = start + 1; i < expression.length; i++) {
    const c = expression[i]!;
    if (c === '"') return { kind: 'string', text, start, end: i + 1 };
    text += c === '\\' && i + 1 < expression.length ? expression[++i] : c;
  }
  throw new SelectionError('unclosed quote', expression, start);
}
