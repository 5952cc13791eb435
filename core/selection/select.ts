import { SelectionError, nearest } from '../errors.ts';
import type { AttrNode, SelectionNode, StatusNode } from './ast.ts';
import { evaluateSelection } from './evaluate.ts';
import type { AssetAttributes, SelectionGraph } from './graph.ts';
import { parseSelection, sourceOf } from './parse.ts';
import { didYouMeanOneOf, nearestKeys } from './suggest.ts';

/**
 * Parses and evaluates `text`. A selection that matches nothing is an error;
 * when one term matched nothing on its own (a wildcard, group, tag, kind or
 * owner), the error points at it and suggests the nearest existing values.
 * A selection that asks about state (`stale()`, `missing()`, `failed()`) may
 * rightly match nothing: then the set is empty, not an error.
 *
 * @example
 * selectAssets('group:mart', graph)
 * // SelectionError: selection 'group:mart' matches no asset: no asset in group 'mart', did you mean 'marts'?
 */
export function selectAssets(text: string, graph: SelectionGraph): Set<string> {
  const tree = parseSelection(text);
  const selected = evaluateSelection(tree, graph);
  if (selected.size > 0 || asksAboutState(tree)) return selected;
  const message = `selection '${text.trim()}' matches no asset`;
  const culprit = firstEmptyTerm(tree, graph);
  if (!culprit) throw new SelectionError(message, text);
  throw new SelectionError(`${message}: ${explain(culprit, graph)}`, text, sourceOf(culprit)?.position);
}

type Term = AttrNode | StatusNode;

function asksAboutState(node: SelectionNode): boolean {
  switch (node.type) {
    case 'status': return true;
    case 'all': case 'attr': return false;
    case 'not': case 'traverse': case 'function': return asksAboutState(node.operand);
    case 'and': case 'or': return node.operands.some(asksAboutState);
  }
}

/** The first term, in reading order, that selects nothing by itself. */
function firstEmptyTerm(node: SelectionNode, graph: SelectionGraph): Term | undefined {
  switch (node.type) {
    case 'all': return undefined;
    case 'attr': case 'status': return evaluateSelection(node, graph).size === 0 ? node : undefined;
    case 'not': case 'traverse': case 'function': return firstEmptyTerm(node.operand, graph);
    case 'and': case 'or':
      for (const operand of node.operands) {
        const term = firstEmptyTerm(operand, graph);
        if (term) return term;
      }
      return undefined;
  }
}

function explain(term: Term, graph: SelectionGraph): string {
  if (term.type === 'status') return `no asset is ${term.status}`;
  const [what, suggestions] = describe(term, graph);
  const hint = didYouMeanOneOf(suggestions);
  return hint ? `${what}, ${hint}` : what;
}

/** What matched nothing, and the nearest values that exist. */
function describe(term: AttrNode, graph: SelectionGraph): [string, string[]] {
  const { attr, value, tagValue } = term;
  const existing = (pick: (a: AssetAttributes) => Iterable<string>) =>
    new Set(graph.keys.flatMap((key) => [...pick(graph.attributes(key))]));
  switch (attr) {
    case 'key': return [`no asset key matches '${value}'`, nearestKeys(value.replaceAll('*', ''), graph.keys)];
    case 'group': return [`no asset in group '${value}'`, nearest(value, existing((a) => [a.group]))];
    case 'kind': return [`no asset of kind '${value}'`, nearest(value, existing((a) => [a.kind]))];
    case 'owner': return [`no asset owned by '${value}'`, nearest(value, existing((a) => a.owners))];
    case 'tag': {
      if (tagValue === undefined) {
        return [`no asset has tag '${value}'`, nearest(value, existing((a) => Object.keys(a.tags)))];
      }
      const tag = `${value}=${tagValue}`;
      const tags = existing((a) => Object.entries(a.tags).map(([name, v]) => `${name}=${v}`));
      return [`no asset has tag '${tag}'`, nearest(tag, tags)];
    }
  }
}
