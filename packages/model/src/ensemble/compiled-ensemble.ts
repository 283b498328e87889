import type { DenseMatrix } from '../tree/dense-matrix.js';
import { treeDepth, type FlatTree } from '../tree/flat-tree.js';

/** Trees up to this depth are padded to complete trees (2^depth leaves); deeper ones keep pointers. */
const MAX_COMPLETE_DEPTH = 10;

/**
 * All trees of an ensemble in flat typed arrays for fast prediction, with ml-cart's routing rule
 * (`x < threshold` → left, else right; NaN → right); verified equal to ml-cart in tests.
 *
 * Shallow ensembles (boosting) use a complete-tree layout: every tree is padded to depth D, a
 * leaf above depth D becomes a subtree whose leaves all carry its value, so evaluation is exactly
 * D steps of `i = 2i + 1 + (x < t ? 0 : 1)` with no leaf test. Deep trees (forests) use pre-order
 * arrays where the left child is the next node. A batch is its rows one after the other.
 */
export class CompiledEnsemble {
  private readonly depth: number;
  private readonly feature: Int32Array;
  private readonly threshold: Float64Array;
  private readonly leafValue: Float64Array;
  private readonly right: Int32Array;
  private readonly roots: Int32Array;
  readonly treeCount: number;

  constructor(
    trees: readonly FlatTree[],
    private readonly baseScore: number,
    readonly nFeatures: number,
  ) {
    this.treeCount = trees.length;
    const depth = trees.reduce((d, tree) => Math.max(d, treeDepth(tree)), 0);
    if (depth <= MAX_COMPLETE_DEPTH) {
      this.depth = depth;
      const internal = 2 ** depth - 1;
      const leaves = 2 ** depth;
      this.feature = new Int32Array(trees.length * internal);
      this.threshold = new Float64Array(trees.length * internal).fill(Infinity);
      this.leafValue = new Float64Array(trees.length * leaves);
      this.right = new Int32Array(0);
      this.roots = new Int32Array(0);
      trees.forEach((tree, t) => this.fillComplete(tree, 0, 0, 0, t * internal, t * leaves));
    } else {
      this.depth = -1;
      const total = trees.reduce((n, tree) => n + tree.feature.length, 0);
      this.feature = new Int32Array(total);
      this.threshold = new Float64Array(total);
      this.leafValue = new Float64Array(0);
      this.right = new Int32Array(total);
      this.roots = new Int32Array(trees.length);
      let offset = 0;
      trees.forEach((tree, t) => {
        this.roots[t] = offset;
        for (let i = 0; i < tree.feature.length; i++) {
          const leaf = tree.feature[i] === -1;
          if (!leaf && tree.left[i] !== i + 1)
            throw new Error(
              `tree ${t} node ${i}: left child ${tree.left[i]} is not the next node (trees must be in pre-order)`,
            );
          this.feature[offset + i] = tree.feature[i];
          this.threshold[offset + i] = leaf ? tree.value[i] : tree.threshold[i];
          this.right[offset + i] = leaf ? -1 : offset + tree.right[i];
        }
        offset += tree.feature.length;
      });
    }
  }

  /** Copies `node` of `tree` to complete-tree position `position` (at `level`), padding leaves downwards. */
  private fillComplete(
    tree: FlatTree,
    node: number,
    position: number,
    level: number,
    internalBase: number,
    leafBase: number,
  ): void {
    if (level === this.depth) {
      this.leafValue[leafBase + position - (2 ** this.depth - 1)] = tree.value[node];
      return;
    }
    const leaf = tree.feature[node] === -1;
    // A padded position routes anywhere: both of its subtrees end in copies of the same leaf.
    this.feature[internalBase + position] = leaf ? 0 : tree.feature[node];
    this.threshold[internalBase + position] = leaf ? Infinity : tree.threshold[node];
    this.fillComplete(tree, leaf ? node : tree.left[node], 2 * position + 1, level + 1, internalBase, leafBase);
    this.fillComplete(tree, leaf ? node : tree.right[node], 2 * position + 2, level + 1, internalBase, leafBase);
  }

  /** Prediction for the row starting at `values[offset]`. */
  predictRow(values: ArrayLike<number>, offset = 0): number {
    return this.depth >= 0 ? this.predictComplete(values, offset) : this.predictPointers(values, offset);
  }

  /** Four trees in lock-step (independent load chains overlap); leaves are added in tree order. */
  private predictComplete(values: ArrayLike<number>, offset: number): number {
    const { feature, threshold, leafValue, depth, treeCount } = this;
    const internal = 2 ** depth - 1;
    const leaves = internal + 1;
    let sum = this.baseScore;
    let t = 0;
    for (; t + 4 <= treeCount; t += 4) {
      const b0 = t * internal;
      const b1 = b0 + internal;
      const b2 = b1 + internal;
      const b3 = b2 + internal;
      let i0 = 0;
      let i1 = 0;
      let i2 = 0;
      let i3 = 0;
      // Branch-free step: 1 (left) when x < threshold, else 2 (right; also for NaN).
      for (let d = 0; d < depth; d++) {
        i0 = 2 * i0 + 2 - +(values[offset + feature[b0 + i0]] < threshold[b0 + i0]);
        i1 = 2 * i1 + 2 - +(values[offset + feature[b1 + i1]] < threshold[b1 + i1]);
        i2 = 2 * i2 + 2 - +(values[offset + feature[b2 + i2]] < threshold[b2 + i2]);
        i3 = 2 * i3 + 2 - +(values[offset + feature[b3 + i3]] < threshold[b3 + i3]);
      }
      const leafBase = t * leaves - internal;
      sum += leafValue[leafBase + i0];
      sum += leafValue[leafBase + leaves + i1];
      sum += leafValue[leafBase + 2 * leaves + i2];
      sum += leafValue[leafBase + 3 * leaves + i3];
    }
    for (; t < treeCount; t++) {
      const base = t * internal;
      let i = 0;
      for (let d = 0; d < depth; d++) i = 2 * i + 2 - +(values[offset + feature[base + i]] < threshold[base + i]);
      sum += leafValue[t * leaves + i - internal];
    }
    return sum;
  }

  private predictPointers(values: ArrayLike<number>, offset: number): number {
    const { feature, threshold, right, roots } = this;
    let sum = this.baseScore;
    for (let t = 0; t < roots.length; t++) {
      let node = roots[t];
      let f = feature[node];
      while (f !== -1) {
        node = values[offset + f] < threshold[node] ? node + 1 : right[node];
        f = feature[node];
      }
      sum += threshold[node];
    }
    return sum;
  }

  predict(matrix: DenseMatrix): Float64Array {
    if (matrix.nFeatures !== this.nFeatures) {
      throw new Error(`matrix has ${matrix.nFeatures} features, the ensemble was trained on ${this.nFeatures}`);
    }
    const out = new Float64Array(matrix.nRows);
    for (let r = 0; r < matrix.nRows; r++) out[r] = this.predictRow(matrix.values, r * matrix.nFeatures);
    return out;
  }
}
