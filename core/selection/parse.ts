import { SelectionError, didYouMean } from '../errors.ts';
import {
  ATTRIBUTES, DASHBOARD, SET_FUNCTIONS, STATUS_FUNCTIONS,
  type Attribute, type Depth, type SelectionNode, type SetFunction, type StatusFunction,
} from './ast.ts';
import { tokenize, type Token } from './tokenize.ts';

/** Where a parsed node starts in the text it came from. */
export interface SourcePosition {
  readonly expression: string;
  readonly position: number;
}

// Positions live beside the tree rather than in it, so parse(print(parse(s)))
// deep-equals parse(s) whatever the spacing.
const positions = new WeakMap<SelectionNode, SourcePosition>();

/**
 * Where `node` starts in the expression `parseSelection` read it from, so an
 * evaluation error can put its caret under the term; undefined for hand-built nodes.
 *
 * @example
 * sourceOf(parseSelection('  group:marts')) // { expression: '  group:marts', position: 2 }
 */
export function sourceOf(node: SelectionNode): SourcePosition | undefined {
  return positions.get(node);
}

/**
 * Parses a selection. Precedence, loosest first: `or`, `and`, `not`, then the
 * `+` traversals, which apply to an attribute, a function call or a
 * parenthesised expression. Keywords are case-insensitive; a bare key means `key:`.
 *
 * @example
 * parseSelection('+carttrend_clean.mart_sales and not tag:ml')
 * // { type: 'and', operands: [
 * //   { type: 'traverse', up: 'all', operand: { type: 'attr', attr: 'key', value: 'carttrend_clean.mart_sales' } },
 * //   { type: 'not', operand: { type: 'attr', attr: 'tag', value: 'ml' } } ] }
 */
export function parseSelection(text: string): SelectionNode {
  return new Parser(text).parse();
}

/** One piece of a value: `key:"a b"c` is the pieces `` (after `key:`), `a b` (quoted) and `c`. */
interface Piece {
  readonly text: string;
  readonly quoted: boolean;
  readonly start: number;
}

const DIGITS = /^\d+$/;
const FUNCTION_NAME = /^[A-Za-z_]\w*$/;
const FUNCTIONS: readonly string[] = [...SET_FUNCTIONS, ...STATUS_FUNCTIONS];

class Parser {
  private readonly tokens: readonly Token[];
  private next = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  parse(): SelectionNode {
    if (this.tokens.length === 0) {
      throw this.error('empty selection; expected an asset key, an attribute such as group:marts, or *', 0);
    }
    const node = this.parseOr();
    const extra = this.peek();
    if (extra) throw this.unexpected(extra, "'and', 'or' or the end of the selection");
    return node;
  }

  private parseOr(): SelectionNode {
    const start = this.peek();
    const operands = [this.parseAnd()];
    while (this.acceptKeyword('or')) operands.push(this.parseAnd());
    return operands.length === 1 ? operands[0]! : this.at({ type: 'or', operands }, start!);
  }

  private parseAnd(): SelectionNode {
    const start = this.peek();
    const operands = [this.parseNot()];
    while (this.acceptKeyword('and')) operands.push(this.parseNot());
    return operands.length === 1 ? operands[0]! : this.at({ type: 'and', operands }, start!);
  }

  private parseNot(): SelectionNode {
    const start = this.peek();
    if (!this.acceptKeyword('not')) return this.parseTraversal();
    return this.at({ type: 'not', operand: this.parseNot() }, start!);
  }

  /** `[n]+ operand +[n]`; a depth must touch its `+` (`2+x`, `x+1`). */
  private parseTraversal(): SelectionNode {
    const start = this.peek();
    let up: Depth | undefined;
    if (start?.kind === '+') {
      this.next++;
      up = 'all';
    } else if (start?.kind === 'word' && DIGITS.test(start.text)
      && this.tokens[this.next + 1]?.kind === '+' && this.tokens[this.next + 1]!.start === start.end) {
      this.next += 2;
      up = Number(start.text);
    }
    const operand = this.parsePrimary();
    let down: Depth | undefined;
    const plus = this.peek();
    if (plus?.kind === '+') {
      this.next++;
      down = 'all';
      const depth = this.peek();
      if (depth?.kind === 'word' && DIGITS.test(depth.text) && depth.start === plus.end) {
        this.next++;
        down = Number(depth.text);
      }
    }
    if (up === undefined && down === undefined) return operand;
    return this.at({
      type: 'traverse', ...(up !== undefined && { up }), ...(down !== undefined && { down }), operand,
    }, start!);
  }

  private parsePrimary(): SelectionNode {
    const token = this.peek();
    if (!token || token.kind === ')' || this.isKeyword(token, 'and') || this.isKeyword(token, 'or')) {
      throw this.missingOperand(token);
    }
    if (token.kind === '+' || this.isKeyword(token, 'not')) throw this.unexpected(token, 'a selection');
    if (token.kind === '(') {
      this.next++;
      const inner = this.parseOr();
      this.expectClose(token);
      return inner;
    }
    const after = this.tokens[this.next + 1];
    if (token.kind === 'word' && after?.kind === '(' && FUNCTION_NAME.test(token.text)
      && (after.start === token.end || FUNCTIONS.includes(token.text))) {
      return this.parseCall(token, after);
    }
    return this.parseAtom();
  }

  private parseCall(name: Token, open: Token): SelectionNode {
    if (!FUNCTIONS.includes(name.text)) throw this.unknown('function', name.text, FUNCTIONS, name.start);
    this.next += 2;
    const close = this.peek();
    if ((STATUS_FUNCTIONS as readonly string[]).includes(name.text)) {
      if (close && close.kind !== ')') throw this.error(`${name.text}() takes no argument`, close.start);
      this.expectClose(open);
      return this.at({ type: 'status', status: name.text as StatusFunction }, name);
    }
    if (close?.kind === ')') {
      throw this.error(`${name.text}() needs a selection, e.g. ${name.text}(group:marts)`, close.start);
    }
    const operand = this.parseOr();
    this.expectClose(open);
    return this.at({ type: 'function', name: name.text as SetFunction, operand }, name);
  }

  /** `*`, a bare key, or `attribute:value`, where the value may mix quoted and plain pieces. */
  private parseAtom(): SelectionNode {
    const first = this.peek()!;
    const pieces = this.gluedPieces();
    const colon = first.kind === 'word' ? first.text.indexOf(':') : -1;
    if (colon < 0) {
      if (pieces.length === 1 && first.kind === 'word' && first.text === '*') return this.at({ type: 'all' }, first);
      return this.at({ type: 'attr', attr: 'key', value: this.value(pieces, first.start, 'empty asset key') }, first);
    }
    const start = first.start + colon + 1;
    const rest = [{ text: first.text.slice(colon + 1), quoted: false, start }, ...pieces.slice(1)];
    // `dashboard:ventes` names the lineage node `dashboard:ventes`, as dbt's `exposure:name`.
    if (first.text.slice(0, colon) === DASHBOARD) {
      return this.at({ type: 'attr', attr: 'key', value: `${DASHBOARD}:${this.value(rest, start, "missing dashboard id after 'dashboard:'")}` }, first);
    }
    const attr = this.attribute(first.text.slice(0, colon), first.start);
    if (attr !== 'tag') {
      return this.at({ type: 'attr', attr, value: this.value(rest, start, `missing value after '${attr}:'`) }, first);
    }
    const [name, value, equals] = splitAtEquals(rest);
    const node = { type: 'attr', attr, value: this.value(name, start, "missing value after 'tag:'") } as const;
    if (equals === undefined) return this.at(node, first);
    return this.at({ ...node, tagValue: this.value(value, equals, "missing tag value after '='") }, first);
  }

  /** Consumes words and strings written without space between them, as one value. */
  private gluedPieces(): Piece[] {
    const pieces: Piece[] = [];
    let token = this.peek();
    while (token && (token.kind === 'word' || token.kind === 'string')
      && (pieces.length === 0 || token.start === this.tokens[this.next - 1]!.end)) {
      pieces.push({ text: token.text, quoted: token.kind === 'string', start: token.start });
      token = this.tokens[++this.next];
    }
    return pieces;
  }

  private attribute(name: string, start: number): Attribute {
    if ((ATTRIBUTES as readonly string[]).includes(name)) return name as Attribute;
    if (name === '') throw this.error("missing attribute name before ':'", start);
    throw this.unknown('attribute', name, [...ATTRIBUTES, DASHBOARD], start);
  }

  private value(pieces: readonly Piece[], start: number, ifEmpty: string): string {
    const value = pieces.map((p) => p.text).join('');
    if (value === '') throw this.error(ifEmpty, start);
    return value;
  }

  private expectClose(open: Token): void {
    const close = this.peek();
    if (close?.kind === ')') {
      this.next++;
    } else if (!close) {
      throw this.error('unclosed parenthesis', open.start);
    } else {
      throw this.unexpected(close, "'and', 'or' or ')'");
    }
  }

  /** An operand was due at `token` (undefined at the end); say what it was due after. */
  private missingOperand(token: Token | undefined): SelectionError {
    const previous = this.tokens[this.next - 1];
    if (previous?.kind === '(') {
      if (!token) return this.error('unclosed parenthesis', previous.start);
      if (token.kind === ')') return this.error('empty parentheses; expected a selection inside', previous.start);
    }
    if (previous && (previous.kind === '+' || ['and', 'or', 'not'].some((k) => this.isKeyword(previous, k)))) {
      return this.error(`missing operand after '${previous.text}'`, previous.start);
    }
    return token ? this.unexpected(token, 'a selection') : this.error('missing operand', this.text.length);
  }

  private unknown(what: string, name: string, known: readonly string[], position: number): SelectionError {
    const hint = didYouMean(name, known);
    const fix = hint ? `, ${hint}` : `; expected one of ${known.join(', ')}`;
    return this.error(`unknown ${what} '${name}'${fix}`, position);
  }

  private unexpected(token: Token, expected: string): SelectionError {
    const shown = token.kind === 'string' ? `"${token.text}"` : token.text;
    return this.error(`unexpected '${shown}'; expected ${expected}`, token.start);
  }

  private error(message: string, position: number): SelectionError {
    return new SelectionError(message, this.text, position);
  }

  private peek(): Token | undefined {
    return this.tokens[this.next];
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.kind === 'word' && token.text.toLowerCase() === keyword;
  }

  private acceptKeyword(keyword: string): boolean {
    const token = this.peek();
    if (!token || !this.isKeyword(token, keyword)) return false;
    this.next++;
    return true;
  }

  private at<N extends SelectionNode>(node: N, start: Token): N {
    positions.set(node, { expression: this.text, position: start.start });
    return node;
  }
}

/** Splits `tag:` pieces at the first unquoted `=`; returns name pieces, value pieces and the value's offset. */
function splitAtEquals(pieces: readonly Piece[]): [Piece[], Piece[], number | undefined] {
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const eq = piece.quoted ? -1 : piece.text.indexOf('=');
    if (eq < 0) continue;
    const before = { ...piece, text: piece.text.slice(0, eq) };
    const after = { text: piece.text.slice(eq + 1), quoted: false, start: piece.start + eq + 1 };
    return [[...pieces.slice(0, i), before], [after, ...pieces.slice(i + 1)], after.start];
  }
  return [[...pieces], [], undefined];
}
