import { SelectionError } from '../errors.ts';
import { DASHBOARD, type AttrNode, type Depth, type SelectionNode } from './ast.ts';
import type { AssetAttributes, SelectionGraph } from './graph.ts';
import { sourceOf } from './parse.ts';
import { printSelection } from './print.ts';
import { didYouMeanOneOf, nearestKeys } from './suggest.ts';

/**
 * The keys a selection names, in `graph.keys` order. A `key:` term without a
 * wildcard must name an existing asset, else a SelectionError points at it
 * and suggests the nearest keys. Traversals are breadth-first with a visited
 * set, so each is linear in the part of the graph it reaches.
 *
 * @example
 * evaluateSelection(parseSelection('1+carttrend_clean.mart_sales'), graph)
 * // Set { 'carttrend_clean.OrderItems', 'carttrend_clean.Orders', 'carttrend_clean.mart_sales' }
 */
export function evaluateSelection(node: SelectionNode, graph: SelectionGraph): Set<string> {
  const selected = new Evaluation(node, graph).evaluate(node);
  return new Set(graph.keys.filter((key) => selected.has(key)));
}

class Evaluation {
  private keySet: ReadonlySet<string> | undefined;

  constructor(private readonly root: SelectionNode, private readonly graph: SelectionGraph) {}

  evaluate(node: SelectionNode): Set<string> {
    const graph = this.graph;
    switch (node.type) {
      case 'all': return new Set(graph.keys);
      case 'attr': return this.attribute(node);
      case 'status': return this.where((key) => graph.status(key) === node.status);
      case 'not': {
        const excluded = this.evaluate(node.operand);
        return this.where((key) => !excluded.has(key));
      }
      case 'and': {
        const [first, ...rest] = node.operands.map((o) => this.evaluate(o));
        if (!first) return new Set(graph.keys);
        return new Set([...first].filter((key) => rest.every((set) => set.has(key))));
      }
      case 'or': return new Set(node.operands.flatMap((o) => [...this.evaluate(o)]));
      case 'traverse': {
        const start = this.evaluate(node.operand);
        const reached = new Set(start);
        if (node.up !== undefined) walk(start, node.up, (key) => graph.upstream(key), reached);
        if (node.down !== undefined) walk(start, node.down, (key) => graph.downstream(key), reached);
        return reached;
      }
      case 'function': {
        const members = this.evaluate(node.operand);
        const linked = (key: string) => (node.name === 'roots' ? graph.upstream(key) : graph.downstream(key));
        return new Set([...members].filter((key) => !linked(key).some((other) => members.has(other))));
      }
    }
  }

  private attribute(node: AttrNode): Set<string> {
    const graph = this.graph;
    if (node.attr === 'key') {
      if (node.value.includes('*')) {
        const pattern = wildcard(node.value);
        return this.where((key) => pattern.test(key));
      }
      this.keySet ??= new Set(graph.keys);
      if (!this.keySet.has(node.value)) throw this.unknownKey(node);
      return new Set([node.value]);
    }
    return this.where((key) => hasAttribute(graph.attributes(key), node));
  }

  private where(predicate: (key: string) => boolean): Set<string> {
    return new Set(this.graph.keys.filter(predicate));
  }

  private unknownKey(node: AttrNode): SelectionError {
    const hint = didYouMeanOneOf(nearestKeys(node.value, this.graph.keys));
    const source = sourceOf(node);
    const what = node.value.startsWith(`${DASHBOARD}:`) ? `no dashboard '${node.value.slice(DASHBOARD.length + 1)}'` : `no asset '${node.value}'`;
    return new SelectionError(`${what}${hint ? `; ${hint}` : ''}`,
      source?.expression ?? printSelection(this.root), source?.position);
  }
}

function hasAttribute(a: AssetAttributes, node: AttrNode): boolean {
  switch (node.attr) {
    case 'key': return false; // matched against keys, not attributes
    case 'group': return a.group === node.value;
    case 'kind': return a.kind === node.value;
    case 'owner': return a.owners.includes(node.value);
    case 'tag': return Object.hasOwn(a.tags, node.value)
      && (node.tagValue === undefined || a.tags[node.value] === node.tagValue);
  }
}

/** Adds to `into` every key within `depth` steps of `start` along `next`; each key is expanded once. */
function walk(
  start: ReadonlySet<string>, depth: Depth, next: (key: string) => readonly string[], into: Set<string>,
): void {
  const seen = new Set(start);
  let frontier = [...start];
  for (let layer = 0; frontier.length > 0 && (depth === 'all' || layer < depth); layer++) {
    const following: string[] = [];
    for (const key of frontier) {
      for (const neighbour of next(key)) {
        if (seen.has(neighbour)) continue;
        seen.add(neighbour);
        into.add(neighbour);
        following.push(neighbour);
      }
    }
    frontier = following;
  }
}

/** `carttrend_clean.mart_*` as an anchored, case-sensitive pattern. */
function wildcard(value: string): RegExp {
  return new RegExp(`^${value.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}
