import type { BinnedMatrix } from './binning.js';
import type { FlatTree } from './flat-tree.js';

export interface TreeGrowthParams {
  /** Depth of the deepest split (root = depth 0); a depth-6 tree has at most 64 leaves. */
  maxDepth: number;
  /**
   * Fewest training rows (bootstrap duplicates count) a leaf may hold. With explicit hessians it
   * bounds the leaf's hessian sum instead (LightGBM's min_sum_hessian); for squared error both agree.
   */
  minSamplesLeaf: number;
  /** L2 regularisation of leaf values: leaf = -G / (H + l2). */
  l2: number;
  /** A split must reduce the regularised squared error by more than this. */
  minSplitGain: number;
  /** Multiplier baked into the leaf values (the boosting learning rate; 1 for forests). */
  shrinkage: number;
}

/** Rows `rows[start..end)` (after growth, partitioned in place) all fall in leaf `node`. */
export interface LeafSegment {
  node: number;
  start: number;
  end: number;
}

export interface GrownTree {
  tree: FlatTree;
  /** Per node: rows with `code <= binThreshold` go left (the binned twin of `threshold`). */
  binThreshold: Int32Array;
  leaves: LeafSegment[];
}

const STRIDE = 2; // histogram slots per bin: gradient sum, hessian sum (= row count for squared error)

/**
 * Histogram split finder over pre-binned features (like LightGBM / HistGradientBoosting):
 * per node one pass per feature over its rows sums gradients and hessians per bin; for each split
 * the cheaper of "build the larger child too" and "parent minus smaller child" is used. Split
 * search is then O(features × bins) per node. Gain = GL²/(HL+λ) + GR²/(HR+λ) − G²/(H+λ), the
 * squared-error reduction. Missing values (code = binCounts[f]) always go right, matching
 * ml-cart's `x < splitValue` test. Buffers are reused across trees: one grower per data set.
 */
export class TreeGrower {
  private readonly histPool: Float64Array[] = [];
  private partitionBuffer = new Int32Array(0);
  private orderedGradients = new Float64Array(0);
  private orderedHessians = new Float64Array(0);
  private capacity = 0;
  private nFeature = new Int32Array(0);
  private nThreshold = new Float64Array(0);
  private nBinThreshold = new Int32Array(0);
  private nLeft = new Int32Array(0);
  private nRight = new Int32Array(0);
  private nValue = new Float64Array(0);
  private nGain = new Float64Array(0);
  private nodes = 0;
  private leaves: LeafSegment[] = [];
  private gradients: Float64Array = new Float64Array(0);
  private hessians: Float64Array | null = null;
  private rows: Int32Array = new Int32Array(0);
  private features: Int32Array = new Int32Array(0);
  private activeBins = 0;
  /** rows[0..n) is 0, 1, …, nRows−1 (no sampling): the root pass can skip the row indirection. */
  private rowsAreIdentity = false;
  private bestFeature = -1;
  private bestBin = -1;
  private bestGain = 0;
  private bestGL = 0;
  private bestHL = 0;

  constructor(
    private readonly binned: BinnedMatrix,
    private readonly params: TreeGrowthParams,
  ) {}

  /**
   * Grows one tree on `rows` (indices into the binned matrix, duplicates allowed; permuted in place)
   * using only `features`. `hessians` null means all ones (squared error).
   */
  grow(gradients: Float64Array, hessians: Float64Array | null, rows: Int32Array, features: Int32Array): GrownTree {
    this.gradients = gradients;
    this.hessians = hessians;
    this.rows = rows;
    this.features = features;
    this.nodes = 0;
    this.leaves = [];
    this.activeBins = 0;
    for (let k = 0; k < features.length; k++) this.activeBins += this.binned.binCounts[features[k]] + 1;
    this.rowsAreIdentity = rows.length === this.binned.nRows;
    for (let i = 0; this.rowsAreIdentity && i < rows.length; i++) this.rowsAreIdentity = rows[i] === i;
    const maxNodes = this.params.maxDepth <= 20 ? 2 ** (this.params.maxDepth + 1) - 1 : Infinity;
    this.ensureCapacity(Math.min(maxNodes, 2 * rows.length + 1));
    if (this.partitionBuffer.length < rows.length) {
      this.partitionBuffer = new Int32Array(rows.length);
      this.orderedGradients = new Float64Array(rows.length);
      this.orderedHessians = new Float64Array(rows.length);
    }

    let g = 0;
    let h = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      g += gradients[r];
      h += hessians === null ? 1 : hessians[r];
    }
    const rootHist = this.params.maxDepth > 0 ? this.buildHistogram(0, rows.length) : null;
    this.growNode(0, rows.length, 0, rootHist, g, h);
    if (rootHist) this.release(rootHist);

    const n = this.nodes;
    return {
      tree: {
        feature: this.nFeature.slice(0, n),
        threshold: this.nThreshold.slice(0, n),
        left: this.nLeft.slice(0, n),
        right: this.nRight.slice(0, n),
        value: this.nValue.slice(0, n),
        gain: this.nGain.slice(0, n),
      },
      binThreshold: this.nBinThreshold.slice(0, n),
      leaves: this.leaves,
    };
  }

  /** `hist` (null when the node may not split) is owned by the caller. */
  private growNode(start: number, end: number, depth: number, hist: Float64Array | null, g: number, h: number): number {
    const id = this.nodes++;
    const { minSamplesLeaf, minSplitGain } = this.params;
    if (hist === null || h < 2 * minSamplesLeaf || !this.findSplit(hist, g, h) || this.bestGain <= minSplitGain) {
      this.makeLeaf(id, start, end, g, h);
      return id;
    }
    const feature = this.bestFeature;
    const bin = this.bestBin;
    const gl = this.bestGL;
    const hl = this.bestHL;
    this.nFeature[id] = feature;
    this.nBinThreshold[id] = bin;
    this.nThreshold[id] = this.binned.bins.edges[feature][bin];
    this.nGain[id] = this.bestGain;
    this.nValue[id] = (-g / (h + this.params.l2)) * this.params.shrinkage;
    const mid = this.partition(start, end, feature, bin);

    let leftHist: Float64Array | null = null;
    let rightHist: Float64Array | null = null;
    let built: Float64Array | null = null;
    if (depth + 1 < this.params.maxDepth) {
      const leftSmaller = mid - start <= end - mid;
      const small = leftSmaller ? this.buildHistogram(start, mid) : this.buildHistogram(mid, end);
      const largeRows = leftSmaller ? end - mid : mid - start;
      let large: Float64Array;
      if (largeRows * this.features.length < this.activeBins) {
        // Few rows: a direct pass is cheaper than subtracting every bin.
        large = leftSmaller ? this.buildHistogram(mid, end) : this.buildHistogram(start, mid);
        built = large;
      } else {
        this.subtractInto(hist, small);
        large = hist;
      }
      leftHist = leftSmaller ? small : large;
      rightHist = leftSmaller ? large : small;
      this.nLeft[id] = this.growNode(start, mid, depth + 1, leftHist, gl, hl);
      this.nRight[id] = this.growNode(mid, end, depth + 1, rightHist, g - gl, h - hl);
      this.release(small);
      if (built) this.release(built);
      return id;
    }
    this.nLeft[id] = this.growNode(start, mid, depth + 1, null, gl, hl);
    this.nRight[id] = this.growNode(mid, end, depth + 1, null, g - gl, h - hl);
    return id;
  }

  private makeLeaf(id: number, start: number, end: number, g: number, h: number): void {
    this.nFeature[id] = -1;
    this.nBinThreshold[id] = -1;
    this.nThreshold[id] = 0;
    this.nGain[id] = 0;
    this.nLeft[id] = -1;
    this.nRight[id] = -1;
    const denominator = h + this.params.l2;
    this.nValue[id] = denominator > 0 ? (-g / denominator) * this.params.shrinkage : 0;
    this.leaves.push({ node: id, start, end });
  }

  /** Sets best* fields; false when no split leaves minSamplesLeaf on both sides. */
  private findSplit(hist: Float64Array, g: number, h: number): boolean {
    const { binCounts, binOffsets } = this.binned;
    const { l2, minSamplesLeaf } = this.params;
    const parentScore = h + l2 > 0 ? (g * g) / (h + l2) : 0;
    const features = this.features;
    let found = false;
    let bestGain = -Infinity;
    for (let k = 0; k < features.length; k++) {
      const f = features[k];
      const lastThreshold = binCounts[f] - 1;
      let i = binOffsets[f] * STRIDE;
      let gl = 0;
      let hl = 0;
      for (let t = 0; t < lastThreshold; t++, i += STRIDE) {
        const binH = hist[i + 1];
        gl += hist[i];
        hl += binH;
        // An empty bin gives the same partition as the threshold before it (deep nodes: most bins).
        if (binH === 0 || hl < minSamplesLeaf) continue;
        const hr = h - hl;
        if (hr < minSamplesLeaf) break;
        const gr = g - gl;
        const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          found = true;
          this.bestFeature = f;
          this.bestBin = t;
          this.bestGL = gl;
          this.bestHL = hl;
        }
      }
    }
    this.bestGain = bestGain;
    return found;
  }

  /** Stable in-place partition of rows[start..end) by `code <= bin`; returns the first right index. */
  private partition(start: number, end: number, feature: number, bin: number): number {
    const { codes, nRows } = this.binned;
    const column = feature * nRows;
    const rows = this.rows;
    const buffer = this.partitionBuffer;
    let write = start;
    let spill = 0;
    for (let i = start; i < end; i++) {
      const r = rows[i];
      if (codes[column + r] <= bin) rows[write++] = r;
      else buffer[spill++] = r;
    }
    rows.set(buffer.subarray(0, spill), write);
    return write;
  }

  /** Gradients are gathered in node order once, then each feature column is one tight pass. */
  private buildHistogram(start: number, end: number): Float64Array {
    const hist = this.acquire();
    const { codes, nRows, binOffsets } = this.binned;
    const rows = this.rows;
    const features = this.features;
    const n = end - start;
    const og = this.orderedGradients;
    const oh = this.orderedHessians;
    const gradients = this.gradients;
    const hessians = this.hessians;
    for (let i = 0; i < n; i++) {
      const r = rows[start + i];
      og[i] = gradients[r];
      oh[i] = hessians === null ? 1 : hessians[r];
    }
    const identity = this.rowsAreIdentity && start === 0 && n === nRows;
    // Two features per pass: their bin updates are independent chains the CPU can overlap
    // (a single feature stalls when consecutive rows hit the same bin).
    let k = 0;
    for (; k + 1 < features.length; k += 2) {
      const columnA = features[k] * nRows;
      const columnB = features[k + 1] * nRows;
      const offsetA = binOffsets[features[k]];
      const offsetB = binOffsets[features[k + 1]];
      for (let i = 0; i < n; i++) {
        const r = identity ? i : rows[start + i];
        const slotA = (offsetA + codes[columnA + r]) * STRIDE;
        const slotB = (offsetB + codes[columnB + r]) * STRIDE;
        const g = og[i];
        const h = oh[i];
        hist[slotA] += g;
        hist[slotA + 1] += h;
        hist[slotB] += g;
        hist[slotB + 1] += h;
      }
    }
    if (k < features.length) {
      const column = features[k] * nRows;
      const offset = binOffsets[features[k]];
      for (let i = 0; i < n; i++) {
        const slot = (offset + codes[column + (identity ? i : rows[start + i])]) * STRIDE;
        hist[slot] += og[i];
        hist[slot + 1] += oh[i];
      }
    }
    return hist;
  }

  private subtractInto(target: Float64Array, small: Float64Array): void {
    const { binOffsets, binCounts } = this.binned;
    const features = this.features;
    for (let k = 0; k < features.length; k++) {
      const f = features[k];
      const end = (binOffsets[f] + binCounts[f] + 1) * STRIDE;
      for (let i = binOffsets[f] * STRIDE; i < end; i++) target[i] -= small[i];
    }
  }

  /** A zeroed histogram (only the active features' bins are zeroed; others are never read). */
  private acquire(): Float64Array {
    const hist = this.histPool.pop() ?? new Float64Array(this.binned.totalBins * STRIDE);
    const { binOffsets, binCounts } = this.binned;
    const features = this.features;
    for (let k = 0; k < features.length; k++) {
      const f = features[k];
      hist.fill(0, binOffsets[f] * STRIDE, (binOffsets[f] + binCounts[f] + 1) * STRIDE);
    }
    return hist;
  }

  private release(hist: Float64Array): void {
    this.histPool.push(hist);
  }

  private ensureCapacity(size: number): void {
    if (size <= this.capacity) return;
    this.capacity = size;
    this.nFeature = new Int32Array(size);
    this.nThreshold = new Float64Array(size);
    this.nBinThreshold = new Int32Array(size);
    this.nLeft = new Int32Array(size);
    this.nRight = new Int32Array(size);
    this.nValue = new Float64Array(size);
    this.nGain = new Float64Array(size);
  }
}

/** Output of the tree for binned row `row` (column-major codes; used for rows outside a tree's sample). */
export function predictBinnedRow(grown: GrownTree, codes: Uint8Array, nRows: number, row: number): number {
  const { feature, left, right, value } = grown.tree;
  const binThreshold = grown.binThreshold;
  let node = 0;
  let f = feature[0];
  while (f !== -1) {
    node = codes[f * nRows + row] <= binThreshold[node] ? left[node] : right[node];
    f = feature[node];
  }
  return value[node];
}
