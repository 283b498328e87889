import type { FlatTree } from '../tree/flat-tree.js';

/**
 * Compact JSON form of a pre-order tree for artifacts (ml-cart's nested JSON is ~4× larger):
 * `f` feature per node (-1 = leaf), `v` threshold (split) or output (leaf), `g` split gains in
 * node order (6 significant digits; used only for importance). Children are implied by pre-order.
 */
export interface CompactTree {
  f: number[];
  v: number[];
  g: number[];
}

export class CompactTreeError extends Error {
  override name = 'CompactTreeError';
}

export function compactTree(tree: FlatTree): CompactTree {
  const f: number[] = [];
  const v: number[] = [];
  const g: number[] = [];
  for (let i = 0; i < tree.feature.length; i++) {
    const leaf = tree.feature[i] === -1;
    f.push(tree.feature[i]);
    v.push(leaf ? tree.value[i] : tree.threshold[i]);
    if (!leaf) g.push(Number(tree.gain[i].toPrecision(6)));
  }
  return { f, v, g };
}

export function expandCompactTree(compact: CompactTree, where = 'tree'): FlatTree {
  const { f, v, g } = compact;
  const n = f.length;
  if (!Array.isArray(f) || !Array.isArray(v) || !Array.isArray(g) || v.length !== n || n === 0) {
    throw new CompactTreeError(`${where}: expected arrays f and v of equal, non-zero length and an array g`);
  }
  const tree: FlatTree = {
    feature: Int32Array.from(f),
    threshold: new Float64Array(n),
    left: new Int32Array(n).fill(-1),
    right: new Int32Array(n).fill(-1),
    value: new Float64Array(n),
    gain: new Float64Array(n),
  };
  let gainIndex = 0;
  // Returns the index just past the subtree rooted at `node`.
  const visit = (node: number, depth: number): number => {
    if (node >= n || depth > 64) throw new CompactTreeError(`${where}: node ${node} is missing (truncated tree?)`);
    if (typeof v[node] !== 'number')
      throw new CompactTreeError(`${where}: node ${node} value ${JSON.stringify(v[node])} is not a number`);
    if (f[node] === -1) {
      tree.value[node] = v[node];
      return node + 1;
    }
    if (!Number.isInteger(f[node]) || f[node] < 0)
      throw new CompactTreeError(`${where}: node ${node} feature ${JSON.stringify(f[node])} is invalid`);
    tree.threshold[node] = v[node];
    tree.gain[node] = g[gainIndex++] ?? 0;
    tree.left[node] = node + 1;
    const rightStart = visit(node + 1, depth + 1);
    tree.right[node] = rightStart;
    return visit(rightStart, depth + 1);
  };
  const end = visit(0, 0);
  if (end !== n) throw new CompactTreeError(`${where}: ${n - end} trailing nodes after the tree`);
  return tree;
}
