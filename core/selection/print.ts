import type { AttrNode, Depth, SelectionNode } from './ast.ts';

/**
 * Prints a selection in canonical form: lowercase keywords, `key:` spelled
 * out, parentheses only where precedence needs them, values quoted only when
 * they would not read back as one token. `parseSelection` reads it back to an
 * equal tree.
 *
 * @example
 * printSelection(parseSelection('carttrend_clean.Clients+1 OR (group:marts)'))
 * // 'key:carttrend_clean.Clients+1 or group:marts'
 */
export function printSelection(node: SelectionNode): string {
  switch (node.type) {
    case 'all': return '*';
    case 'attr': return printAttr(node);
    case 'status': return `${node.status}()`;
    case 'function': return `${node.name}(${printSelection(node.operand)})`;
    case 'traverse': return `${up(node.up)}${printOperand(node.operand)}${down(node.down)}`;
    case 'not': return `not ${node.operand.type === 'and' || node.operand.type === 'or'
      ? `(${printSelection(node.operand)})` : printSelection(node.operand)}`;
    case 'and': return node.operands.map((o) => (o.type === 'and' || o.type === 'or'
      ? `(${printSelection(o)})` : printSelection(o))).join(' and ');
    case 'or': return node.operands.map((o) => (o.type === 'or'
      ? `(${printSelection(o)})` : printSelection(o))).join(' or ');
  }
}

/** A traversal binds tighter than anything but an atom or a call. */
function printOperand(node: SelectionNode): string {
  const atomic = node.type === 'all' || node.type === 'attr' || node.type === 'status' || node.type === 'function';
  return atomic ? printSelection(node) : `(${printSelection(node)})`;
}

function up(depth: Depth | undefined): string {
  return depth === undefined ? '' : depth === 'all' ? '+' : `${depth}+`;
}

function down(depth: Depth | undefined): string {
  return depth === undefined ? '' : depth === 'all' ? '+' : `+${depth}`;
}

function printAttr(node: AttrNode): string {
  if (node.tagValue === undefined) return `${node.attr}:${quote(node.value, /[\s()+"]/)}`;
  return `tag:${quote(node.value, /[\s()+"=]/)}=${quote(node.tagValue, /[\s()+"]/)}`;
}

function quote(value: string, unsafe: RegExp): string {
  return value !== '' && !unsafe.test(value) ? value : `"${value.replace(/["\\]/g, '\\$&')}"`;
}
