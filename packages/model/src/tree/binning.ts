import type { DenseMatrix } from './dense-matrix.js';

/** Largest number of real-valued bins per feature; code 255 is then free for missing values. */
export const MAX_BINS = 255;

/**
 * Per-feature bin edges, ascending. A value `x` gets code = number of edges `e` with `e <= x`,
 * so `x < edges[t]` ⇔ `code <= t`: a split "code <= t goes left" is exactly ml-cart's
 * "x < splitValue goes left" with `splitValue = edges[t]`. NaN gets code `edges.length + 1`
 * (above every threshold), so it always goes right — as ml-cart's `NaN < v` (false) does.
 */
export interface FeatureBins {
  edges: Float64Array[];
}

/** Features pre-binned to uint8 codes, column-major: `codes[feature * nRows + row]` (histogram passes read one feature at a time). */
export interface BinnedMatrix {
  nRows: number;
  nFeatures: number;
  codes: Uint8Array;
  /** Real (non-missing) bins per feature = edges.length + 1; the missing bin is code `binCounts[f]`. */
  binCounts: Int32Array;
  /** Start of feature f's histogram segment (binCounts[f] + 1 slots, the last for NaN). */
  binOffsets: Int32Array;
  totalBins: number;
  bins: FeatureBins;
}

function edgeBetween(below: number, above: number): number {
  const mid = below + (above - below) / 2;
  // Guards against adjacent doubles and infinities: the edge must satisfy below < edge <= above.
  return below < mid && mid <= above ? mid : above;
}

/** Quantile bin edges from the non-missing values of each feature (midpoints between distinct values). */
export function fitFeatureBins(matrix: DenseMatrix, maxBins: number = MAX_BINS): FeatureBins {
  const { values, nRows, nFeatures } = matrix;
  const bins = Math.min(Math.max(2, Math.floor(maxBins)), MAX_BINS);
  const column = new Float64Array(nRows);
  const edges: Float64Array[] = [];
  for (let f = 0; f < nFeatures; f++) {
    let n = 0;
    for (let r = 0; r < nRows; r++) {
      const x = values[r * nFeatures + f];
      if (!Number.isNaN(x)) column[n++] = x;
    }
    const sorted = column.subarray(0, n).slice().sort();
    const distinct: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < n; i++) {
      if (i > 0 && sorted[i] === sorted[i - 1]) counts[counts.length - 1]++;
      else {
        distinct.push(sorted[i]);
        counts.push(1);
      }
    }
    const featureEdges: number[] = [];
    if (distinct.length <= bins) {
      for (let i = 1; i < distinct.length; i++) featureEdges.push(edgeBetween(distinct[i - 1], distinct[i]));
    } else {
      let cumulative = 0;
      let nextTarget = n / bins;
      for (let i = 0; i < distinct.length - 1 && featureEdges.length < bins - 1; i++) {
        cumulative += counts[i];
        if (cumulative >= nextTarget) {
          featureEdges.push(edgeBetween(distinct[i], distinct[i + 1]));
          while (nextTarget <= cumulative) nextTarget += n / bins;
        }
      }
    }
    edges.push(Float64Array.from(featureEdges));
  }
  return { edges };
}

/** Code of one value: count of edges <= x (binary search); NaN → edges.length + 1. */
export function binCode(edges: Float64Array, x: number): number {
  if (Number.isNaN(x)) return edges.length + 1;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function binMatrix(matrix: DenseMatrix, bins: FeatureBins): BinnedMatrix {
  const { values, nRows, nFeatures } = matrix;
  const codes = new Uint8Array(nRows * nFeatures);
  const binCounts = new Int32Array(nFeatures);
  const binOffsets = new Int32Array(nFeatures + 1);
  for (let f = 0; f < nFeatures; f++) {
    binCounts[f] = bins.edges[f].length + 1;
    binOffsets[f + 1] = binOffsets[f] + binCounts[f] + 1;
  }
  for (let f = 0; f < nFeatures; f++) {
    const edges = bins.edges[f];
    const column = f * nRows;
    for (let r = 0; r < nRows; r++) codes[column + r] = binCode(edges, values[r * nFeatures + f]);
  }
  return { nRows, nFeatures, codes, binCounts, binOffsets, totalBins: binOffsets[nFeatures], bins };
}
