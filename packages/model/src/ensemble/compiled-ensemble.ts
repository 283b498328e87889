import type { DenseMatrix } from '../tree/dense-matrix.js';
import { treeDepth, type FlatTree } from '../tree/flat-tree.js';
import { instantiateWalker, LANES, type WalkFunction } from './rank-walker-wasm.js';

/** Trees up to this depth are padded to complete trees (2^depth leaves); deeper ones keep pointers. */
const MAX_COMPLETE_DEPTH = 10;
/** Rows ranked and evaluated together against each tree (a multiple of LANES). */
const ROW_BLOCK = 128;
/** Features of the rank form: feature × ROW_BLOCK must fit the 16 high bits of a packed node. */
const MAX_RANK_FEATURES = 0x10000 / ROW_BLOCK;

/**
 * All trees of an ensemble in flat typed arrays for fast prediction, with ml-cart's routing rule
 * (`x < threshold` → left, else right; NaN → right); verified equal to ml-cart in tests.
 *
 * Shallow ensembles (boosting) use a complete-tree layout: every tree is padded to depth D, a
 * leaf above depth D becomes a subtree whose leaves all carry its value, so evaluation is exactly
 * D steps of `i = 2i + 1 + (x < t ? 0 : 1)` with no leaf test. Deep trees (forests) use pre-order
 * arrays where the left child is the next node.
 *
 * Batches of shallow trees are evaluated in rank form (see buildRanks) by a WebAssembly kernel
 * (rank-walker-wasm.ts): each value is replaced by its rank among the thresholds of its feature,
 * so every node is one Int32 compared against a small integer; routing, and so every sum, stays
 * exactly the same.
 */
export class CompiledEnsemble {
  private readonly depth: number;
  private readonly feature: Int32Array;
  private readonly threshold: Float64Array;
  private readonly leafValue: Float64Array;
  private readonly right: Int32Array;
  private readonly roots: Int32Array;
  /** Rank form of the complete layout (null when it does not fit 16 bits), see buildRanks. */
  private readonly ranks: RankTables | null = null;
  /** WebAssembly memory and kernel for batches, made on the first batch. */
  private batch: BatchWalker | null = null;
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
      if (depth > 0 && trees.length > 0) this.ranks = buildRanks(this.feature, this.threshold, nFeatures);
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
    // The kernel pays off from eight rows; fewer rows use the four-trees-in-lock-step row path.
    if (this.ranks && matrix.nRows >= LANES) {
      this.predictRankBatch(this.ranks, matrix, out);
      return out;
    }
    for (let r = 0; r < matrix.nRows; r++) out[r] = this.predictRow(matrix.values, r * matrix.nFeatures);
    return out;
  }

  /**
   * Block by block: rank the block's values into WebAssembly memory (column-major), then one
   * kernel call walks every tree over it, summing base then trees in order as predictRow does.
   * The last block is padded to a multiple of LANES with stale ranks; those sums are dropped.
   */
  private predictRankBatch(tables: RankTables, matrix: DenseMatrix, out: Float64Array): void {
    this.batch ??= this.makeBatchWalker(tables);
    const { walk, rank, block, offsets } = this.batch;
    const { cuts, usedFeatures } = tables;
    const { values, nRows, nFeatures } = matrix;
    const internal = 2 ** this.depth - 1;
    for (let r0 = 0; r0 < nRows; r0 += ROW_BLOCK) {
      const rows = Math.min(nRows, r0 + ROW_BLOCK) - r0;
      for (const f of usedFeatures) {
        const featureCuts = cuts[f];
        const column = f * ROW_BLOCK;
        for (let r = 0; r < rows; r++) rank[column + r] = rankOf(values[(r0 + r) * nFeatures + f], featureCuts);
      }
      block.fill(this.baseScore);
      walk(
        offsets.node,
        offsets.rank,
        offsets.leaf,
        offsets.out,
        this.treeCount,
        Math.ceil(rows / LANES) * LANES,
        this.depth,
        internal,
      );
      out.set(block.subarray(0, rows), r0);
    }
  }

  /** Lays out nodes, leaves, one rank block and one output block in a fresh WebAssembly memory. */
  private makeBatchWalker(tables: RankTables): BatchWalker {
    const leafBytes = this.leafValue.length * 8;
    const nodeBytes = tables.node.length * 4;
    const rankBytes = ROW_BLOCK * this.nFeatures * 4;
    const offsets = {
      leaf: 0,
      node: leafBytes,
      rank: leafBytes + nodeBytes,
      out: leafBytes + nodeBytes + rankBytes + ((nodeBytes + rankBytes) % 8),
    };
    const { walk, buffer } = instantiateWalker(offsets.out + ROW_BLOCK * 8);
    new Float64Array(buffer, offsets.leaf, this.leafValue.length).set(this.leafValue);
    new Int32Array(buffer, offsets.node, tables.node.length).set(tables.node);
    return {
      walk,
      rank: new Int32Array(buffer, offsets.rank, ROW_BLOCK * this.nFeatures),
      block: new Float64Array(buffer, offsets.out, ROW_BLOCK),
      offsets,
    };
  }
}

interface BatchWalker {
  walk: WalkFunction;
  /** Views into the kernel's memory: the rank block (column-major) and the output block. */
  rank: Int32Array;
  block: Float64Array;
  offsets: { node: number; rank: number; leaf: number; out: number };
}

/** Packed nodes and per-feature sorted thresholds of the rank form. */
interface RankTables {
  /** Per internal node of the complete layout: `(feature × ROW_BLOCK) << 16 | rankThreshold`. */
  node: Int32Array;
  /** Per feature, its distinct split thresholds in ascending order, NaN-padded (empty when unused). */
  cuts: Float64Array[];
  usedFeatures: number[];
}

/**
 * Number of cuts `<= x`: a branch-free binary search (the comparisons are data-dependent coin
 * flips a branch predictor loses on) over cuts padded with NaN to 2^m - 1 entries (NaN <= x is
 * false, so padding is never counted). NaN ranks at the padded length, above every threshold rank.
 */
function rankOf(x: number, cuts: Float64Array): number {
  if (Number.isNaN(x)) return cuts.length;
  let lo = 0;
  for (let half = (cuts.length + 1) >>> 1; half > 0; half >>>= 1) lo += half * +(cuts[lo + half - 1] <= x);
  return lo;
}

/** Sorted distinct thresholds padded with NaN to length 2^m - 1 for rankOf. */
function padCuts(sorted: Float64Array): Float64Array {
  const padded = new Float64Array(2 ** Math.ceil(Math.log2(sorted.length + 1)) - 1).fill(NaN);
  padded.set(sorted);
  return padded;
}

/**
 * Rank form of a complete layout. With a feature's distinct thresholds c_0 < … < c_{k-1} and
 * rank(x) = #{j : c_j <= x} (k or more for NaN), `x < c_j` ⇔ `rank(x) < j + 1` for every x, NaN included
 * (NaN < c is false and rank(NaN) < j + 1 is false), so routing is unchanged; j + 1 = rankOf(c_j).
 * Padding nodes (threshold +Infinity) are ranked like any other. Null when a feature offset or a
 * rank does not fit 16 bits (the row path is used then).
 */
function buildRanks(feature: Int32Array, threshold: Float64Array, nFeatures: number): RankTables | null {
  if (nFeatures > MAX_RANK_FEATURES) return null;
  const distinct = Array.from({ length: nFeatures }, () => new Set<number>());
  for (let i = 0; i < feature.length; i++) distinct[feature[i]].add(threshold[i]);
  const sorted = distinct.map((set) => Float64Array.from(set).sort());
  if (sorted.some((c) => c.length >= 0xffff || c.some(Number.isNaN))) return null;
  const cuts = sorted.map(padCuts);
  const node = new Int32Array(feature.length);
  for (let i = 0; i < feature.length; i++)
    node[i] = ((feature[i] * ROW_BLOCK) << 16) | rankOf(threshold[i], cuts[feature[i]]);
  const usedFeatures = cuts.flatMap((c, f) => (c.length > 0 ? [f] : []));
  return { node, cuts, usedFeatures };
}
