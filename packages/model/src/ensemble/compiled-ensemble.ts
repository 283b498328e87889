import type { DenseMatrix } from '../tree/dense-matrix.js';
import type { FlatTree } from '../tree/flat-tree.js';

/**
 * All trees of an ensemble in three flat arrays for fast prediction. Nodes are in pre-order, so a
 * split's left child is the next node and only the right child needs an index; a leaf has
 * feature -1 and keeps its output in `thresholdOrValue`. Same routing rule as ml-cart
 * (`x < threshold` → left, else right; NaN → right); verified equal to ml-cart in tests.
 */
export class CompiledEnsemble {
  private readonly feature: Int32Array;
  private readonly thresholdOrValue: Float64Array;
  private readonly right: Int32Array;
  private readonly roots: Int32Array;

  constructor(
    trees: readonly FlatTree[],
    private readonly baseScore: number,
    readonly nFeatures: number,
  ) {
    const total = trees.reduce((n, tree) => n + tree.feature.length, 0);
    this.feature = new Int32Array(total);
    this.thresholdOrValue = new Float64Array(total);
    this.right = new Int32Array(total);
    this.roots = new Int32Array(trees.length);
    let offset = 0;
    trees.forEach((tree, t) => {
      this.roots[t] = offset;
      for (let i = 0; i < tree.feature.length; i++) {
        const leaf = tree.feature[i] === -1;
        if (!leaf && tree.left[i] !== i + 1) throw new Error(`tree ${t} node ${i}: left child ${tree.left[i]} is not the next node (trees must be in pre-order)`);
        this.feature[offset + i] = tree.feature[i];
        this.thresholdOrValue[offset + i] = leaf ? tree.value[i] : tree.threshold[i];
        this.right[offset + i] = leaf ? -1 : offset + tree.right[i];
      }
      offset += tree.feature.length;
    });
  }

  get treeCount(): number {
    return this.roots.length;
  }

  /** Prediction for the row starting at `values[offset]`. */
  predictRow(values: ArrayLike<number>, offset = 0): number {
    const feature = this.feature;
    const thresholdOrValue = this.thresholdOrValue;
    const right = this.right;
    const roots = this.roots;
    let sum = this.baseScore;
    for (let t = 0; t < roots.length; t++) {
      let node = roots[t];
      let f = feature[node];
      while (f !== -1) {
        node = values[offset + f] < thresholdOrValue[node] ? node + 1 : right[node];
        f = feature[node];
      }
      sum += thresholdOrValue[node];
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
