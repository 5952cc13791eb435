/**
 * Reads the trees out of an ml-xgboost model. The wrapper has no importance
 * API, but `toJSON().model` is xgboost 0.7x's legacy binary model, whose
 * layout is fixed C structs (little-endian):
 *   LearnerModelParam (136 bytes: base_score f32, num_feature u32, …),
 *   objective and booster names (u64 length + bytes), GBTreeModelParam
 *   (160 bytes: num_trees i32, …), then per tree TreeParam (148 bytes:
 *   num_roots, num_nodes, num_deleted, max_depth, num_feature,
 *   size_leaf_vector, …), num_nodes nodes of 20 bytes (parent, left, right
 *   i32, split index u32 whose top bit is "missing goes left", split
 *   condition or leaf value f32) and num_nodes stats of 16 bytes (loss_chg,
 *   sum_hess, base_weight f32, leaf_child_cnt i32).
 * `predictWithTrees` walks the parsed trees: matching `model.predict` is the
 * proof that the layout was read right.
 *
 * @example
 * const parsed = parseXGBoostModel(model.toJSON().model);
 * gainImportances(parsed, 4); // [0.81, 0.02, 0.12, 0.05]
 */

export interface TreeNode {
  /** Child indices; -1 for a leaf. */
  readonly left: number;
  readonly right: number;
  readonly feature: number;
  readonly missingGoesLeft: boolean;
  /** Split threshold (go left when value < threshold), or the leaf's output. */
  readonly value: number;
  /** Loss reduction of the split (xgboost's "gain"). */
  readonly gain: number;
  /** Sum of hessians of the rows reaching the node (xgboost's "cover"). */
  readonly cover: number;
}

export interface ParsedModel {
  readonly baseScore: number;
  readonly featureCount: number;
  readonly objective: string;
  readonly trees: readonly (readonly TreeNode[])[];
}

const LEARNER_PARAM_BYTES = 136;
const GBTREE_PARAM_BYTES = 160;
const TREE_PARAM_BYTES = 148;
const NODE_BYTES = 20;
const STAT_BYTES = 16;
const FEATURE_MASK = 0x7fffffff;

/** Parses `toJSON().model` (signed or unsigned bytes) into trees. */
export function parseXGBoostModel(model: ArrayLike<number>): ParsedModel {
  const bytes = Uint8Array.from(model as ArrayLike<number>, (b) => b & 0xff);
  const view = new DataView(bytes.buffer);
  let at = 0;
  const need = (n: number, what: string) => {
    if (at + n > bytes.length) throw layoutError(`${what} runs past the end (${bytes.length} bytes)`);
  };
  const text = (what: string): string => {
    need(8, what);
    const length = Number(view.getBigUint64(at, true));
    at += 8;
    if (length > 64) throw layoutError(`${what} has an implausible length ${length}`);
    need(length, what);
    const value = new TextDecoder().decode(bytes.subarray(at, at + length));
    at += length;
    return value;
  };

  need(LEARNER_PARAM_BYTES, 'LearnerModelParam');
  const baseScore = view.getFloat32(0, true);
  const featureCount = view.getUint32(4, true);
  at = LEARNER_PARAM_BYTES;
  const objective = text('objective name');
  const booster = text('booster name');
  if (booster !== 'gbtree') throw layoutError(`booster '${booster}' is not gbtree`);
  need(GBTREE_PARAM_BYTES, 'GBTreeModelParam');
  const treeCount = view.getInt32(at, true);
  at += GBTREE_PARAM_BYTES;

  const trees: TreeNode[][] = [];
  for (let t = 0; t < treeCount; t++) {
    need(TREE_PARAM_BYTES, `tree ${t} header`);
    const nodeCount = view.getInt32(at + 4, true);
    const leafVectorSize = view.getInt32(at + 20, true);
    if (leafVectorSize !== 0) throw layoutError(`tree ${t} has leaf vectors, which this reader does not handle`);
    at += TREE_PARAM_BYTES;
    need(nodeCount * (NODE_BYTES + STAT_BYTES), `tree ${t} nodes`);
    const stats = at + nodeCount * NODE_BYTES;
    const nodes: TreeNode[] = [];
    for (let n = 0; n < nodeCount; n++) {
      const node = at + n * NODE_BYTES;
      const stat = stats + n * STAT_BYTES;
      const splitIndex = view.getUint32(node + 12, true);
      nodes.push({
        left: view.getInt32(node + 4, true),
        right: view.getInt32(node + 8, true),
        feature: splitIndex & FEATURE_MASK,
        missingGoesLeft: splitIndex >>> 31 === 1,
        value: view.getFloat32(node + 16, true),
        gain: view.getFloat32(stat, true),
        cover: view.getFloat32(stat + 4, true),
      });
    }
    at = stats + nodeCount * STAT_BYTES;
    trees.push(nodes);
  }
  return { baseScore, featureCount, objective, trees };
}

function layoutError(detail: string): Error {
  return new Error(`cannot read the ml-xgboost model: ${detail}; this reader expects the xgboost 0.7x legacy ` +
    'binary layout that ml-xgboost 1.1.2 writes (pin that version, or use permutation importance instead)');
}

const isSplit = (node: TreeNode): boolean => node.left !== -1;

/** The raw margin (regression output) of one row, walking every tree from its root. */
export function predictWithTrees(model: ParsedModel, row: readonly number[]): number {
  let sum = model.baseScore;
  for (const tree of model.trees) {
    let node = tree[0]!;
    while (isSplit(node)) {
      const x = row[node.feature];
      const left = x === undefined || Number.isNaN(x) ? node.missingGoesLeft : Math.fround(x) < node.value;
      node = tree[left ? node.left : node.right]!;
    }
    sum += node.value;
  }
  return sum;
}

/**
 * Feature importances as Python's `XGBRegressor.feature_importances_` gives
 * them (importance type "gain"): each feature's mean loss reduction over the
 * splits that use it, normalised to sum to 1. A feature never split on gets
 * 0; if no tree splits at all, every importance is 0.
 */
export function gainImportances(model: ParsedModel, featureCount = model.featureCount): number[] {
  const total = new Array<number>(featureCount).fill(0);
  const splits = new Array<number>(featureCount).fill(0);
  for (const tree of model.trees) {
    for (const node of tree) {
      if (!isSplit(node) || node.feature >= featureCount) continue;
      total[node.feature]! += node.gain;
      splits[node.feature]! += 1;
    }
  }
  const mean = total.map((g, i) => (splits[i] ? g / splits[i]! : 0));
  const sum = mean.reduce((a, b) => a + b, 0);
  return mean.map((g) => (sum > 0 ? g / sum : 0));
}
