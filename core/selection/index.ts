/**
 * Asset selection: one grammar, shared by the CLI, the API and the UI,
 * parsed to a tree, evaluated to a set of keys and printable back to text.
 *
 * @example
 * selectAssets('+carttrend_clean.mart_sales and not kind:source', graph)
 */
export type {
  SelectionNode, AllNode, AttrNode, TraverseNode, AndNode, OrNode, NotNode, FunctionNode, StatusNode,
  Attribute, Depth, SetFunction, StatusFunction,
} from './ast.ts';
export { ATTRIBUTES, SET_FUNCTIONS, STATUS_FUNCTIONS } from './ast.ts';
export type { SelectionGraph, AssetAttributes } from './graph.ts';
export { parseSelection, sourceOf, type SourcePosition } from './parse.ts';
export { printSelection } from './print.ts';
export { evaluateSelection } from './evaluate.ts';
export { selectAssets } from './select.ts';
