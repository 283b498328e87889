import { cartOptions, type CartTreeJson, type CartTreeNodeJson } from './cart-json.js';

/**
 * A regression tree as parallel arrays in pre-order (root = 0). Node i is a leaf when
 * `feature[i] === -1` (its output is `value[i]`); otherwise rows with `x[feature] < threshold`
 * go to `left[i]`, all others (including NaN) to `right[i]` — ml-cart's rule.
 */
export interface FlatTree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  /** Reduction of the (L2-regularised) squared error achieved by the split; 0 on leaves. */
  gain: Float64Array;
}

export function nodeCount(tree: FlatTree): number {
  return tree.feature.length;
}

export function treeDepth(tree: FlatTree, node = 0): number {
  if (tree.feature[node] === -1) return 0;
  return 1 + Math.max(treeDepth(tree, tree.left[node]), treeDepth(tree, tree.right[node]));
}

export function predictFlatTree(tree: FlatTree, row: ArrayLike<number>, offset = 0): number {
  const { feature, threshold, left, right, value } = tree;
  let node = 0;
  let f = feature[0];
  while (f !== -1) {
    node = row[offset + f] < threshold[node] ? left[node] : right[node];
    f = feature[node];
  }
  return value[node];
}

/** ml-cart JSON for `DecisionTreeRegression.load`. */
export function flatTreeToCartJson(
  tree: FlatTree,
  options: { maxDepth: number; minSamplesLeaf: number },
): CartTreeJson {
  const build = (node: number): CartTreeNodeJson => {
    if (tree.feature[node] === -1) return { distribution: tree.value[node] };
    return {
      splitColumn: tree.feature[node],
      splitValue: tree.threshold[node],
      gain: tree.gain[node],
      left: build(tree.left[node]),
      right: build(tree.right[node]),
    };
  };
  return { name: 'DTRegression', options: cartOptions(options.maxDepth, options.minSamplesLeaf), root: build(0) };
}

export class CartJsonError extends Error {
  override name = 'CartJsonError';
}

function isLeaf(node: CartTreeNodeJson): node is { distribution: number } {
  return (node as { distribution?: unknown }).distribution !== undefined;
}

/** Reads an ml-cart regression tree (trained by ml-cart or emitted by us) into the flat form. */
export function flatTreeFromCartJson(json: CartTreeJson): FlatTree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const gain: number[] = [];
  const visit = (node: CartTreeNodeJson, path: string): number => {
    const id = feature.length;
    if (node === undefined || node === null || typeof node !== 'object') {
      throw new CartJsonError(`ml-cart tree node at ${path} is ${String(node)}, expected an object`);
    }
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    gain.push(0);
    if (isLeaf(node)) {
      if (typeof node.distribution !== 'number') {
        throw new CartJsonError(
          `ml-cart leaf at ${path} has distribution ${JSON.stringify(node.distribution)}, expected a number`,
        );
      }
      value.push(node.distribution);
      return id;
    }
    value.push(0);
    if (!Number.isInteger(node.splitColumn) || typeof node.splitValue !== 'number') {
      throw new CartJsonError(`ml-cart split at ${path} needs integer splitColumn and numeric splitValue`);
    }
    feature[id] = node.splitColumn;
    threshold[id] = node.splitValue;
    gain[id] = typeof node.gain === 'number' && Number.isFinite(node.gain) ? node.gain : 0;
    left[id] = visit(node.left, `${path}.left`);
    right[id] = visit(node.right, `${path}.right`);
    return id;
  };
  visit(json.root, 'root');
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
    gain: Float64Array.from(gain),
  };
}
