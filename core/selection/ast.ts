/**
 * The selection tree: `parseSelection` builds it, `printSelection` prints it
 * back, `evaluateSelection` turns it into a set of asset keys. Nodes carry no
 * source positions, so a hand-built tree equals the parsed one.
 *
 * @example
 * // 2+group:marts and not tag:ml
 * const node: SelectionNode = { type: 'and', operands: [
 *   { type: 'traverse', up: 2, operand: { type: 'attr', attr: 'group', value: 'marts' } },
 *   { type: 'not', operand: { type: 'attr', attr: 'tag', value: 'ml' } },
 * ] };
 */
export type SelectionNode =
  | AllNode | AttrNode | TraverseNode | AndNode | OrNode | NotNode | FunctionNode | StatusNode;

export const ATTRIBUTES = ['key', 'group', 'tag', 'kind', 'owner'] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

/** `dashboard:<id>` names a dashboard's node in the lineage (parsed as that key). */
export const DASHBOARD = 'dashboard';

/** Functions over a selection: `roots(expr)`, `sinks(expr)`. */
export const SET_FUNCTIONS = ['roots', 'sinks'] as const;
export type SetFunction = (typeof SET_FUNCTIONS)[number];

/** Functions of an asset's last run, taking no argument: `stale()`, `missing()`, `failed()`. */
export const STATUS_FUNCTIONS = ['stale', 'missing', 'failed'] as const;
export type StatusFunction = (typeof STATUS_FUNCTIONS)[number];

/** How many layers a traversal walks: a count, or every layer (`+x`). */
export type Depth = number | 'all';

/** `*`: every asset. */
export interface AllNode {
  readonly type: 'all';
}

/**
 * `key:a.b`, `group:marts`, `tag:ml`, `tag:team=sales`, `kind:sql`, `owner:x`.
 * Only `key` values treat `*` as a wildcard; `tagValue` is set only for `tag:name=value`.
 *
 * @example { type: 'attr', attr: 'tag', value: 'team', tagValue: 'sales' } // tag:team=sales
 */
export interface AttrNode {
  readonly type: 'attr';
  readonly attr: Attribute;
  readonly value: string;
  readonly tagValue?: string;
}

/**
 * The operand plus its ancestors (`up`) and descendants (`down`).
 *
 * @example { type: 'traverse', up: 'all', down: 1, operand } // +x+1
 */
export interface TraverseNode {
  readonly type: 'traverse';
  readonly up?: Depth;
  readonly down?: Depth;
  readonly operand: SelectionNode;
}

/** @example { type: 'and', operands: [a, b, c] } // a and b and c */
export interface AndNode {
  readonly type: 'and';
  readonly operands: readonly SelectionNode[];
}

/** @example { type: 'or', operands: [a, b] } // a or b */
export interface OrNode {
  readonly type: 'or';
  readonly operands: readonly SelectionNode[];
}

/** @example { type: 'not', operand: a } // not a */
export interface NotNode {
  readonly type: 'not';
  readonly operand: SelectionNode;
}

/** @example { type: 'function', name: 'roots', operand } // roots(group:marts) */
export interface FunctionNode {
  readonly type: 'function';
  readonly name: SetFunction;
  readonly operand: SelectionNode;
}

/** @example { type: 'status', status: 'stale' } // stale() */
export interface StatusNode {
  readonly type: 'status';
  readonly status: StatusFunction;
}
