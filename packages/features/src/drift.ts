import type { FeatureMatrix } from './kernel.js';

/** Distribution of one feature over the training rows, binned for PSI drift checks. */
export interface FeatureBins {
  feature: string;
  /**
   * Upper bin edges (distinct training deciles). Bin k holds edges[k-1] < x ≤ edges[k];
   * the last bin holds x > edges[edges.length-1]. So there are edges.length + 1 bins.
   */
  edges: number[];
  /** Share of the non-missing training values in each bin (sums to 1, or all 0 with no values). */
  proportions: number[];
  /** Share of training rows where the feature is missing (NaN). */
  missingShare: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  max: number | null;
}

/** What `trainingStats` records in the feature spec. */
export interface FeatureDistribution {
  nRows: number;
  features: FeatureBins[];
  /** Share of training rows per weather category. */
  weatherCategoryShares: Record<string, number>;
}

/** Bins are training deciles. */
export const DRIFT_QUANTILES = 10;

function binOf(edges: readonly number[], x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function column(matrix: FeatureMatrix, j: number): Float64Array {
  const width = matrix.featureNames.length;
  const out = new Float64Array(matrix.nRows);
  for (let r = 0; r < matrix.nRows; r++) out[r] = matrix.values[r * width + j];
  return out;
}

/** Bin proportions of `values` on fixed edges (NaN ignored). */
export function binProportions(edges: readonly number[], values: ArrayLike<number>): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x !== x) continue;
    counts[binOf(edges, x)]++;
    total++;
  }
  return counts.map((c) => (total === 0 ? 0 : c / total));
}

function summariseColumn(feature: string, values: Float64Array): FeatureBins {
  const present = values.filter((x) => x === x).sort();
  const m = present.length;
  const edges: number[] = [];
  for (let q = 1; q < DRIFT_QUANTILES && m > 0; q++) {
    const edge = present[Math.min(m - 1, Math.floor((q * m) / DRIFT_QUANTILES))];
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  let sum = 0;
  for (const x of present) sum += x;
  const mean = m > 0 ? sum / m : null;
  let squares = 0;
  for (const x of present) squares += (x - mean!) ** 2;
  return {
    feature,
    edges,
    proportions: binProportions(edges, present),
    missingShare: values.length === 0 ? 0 : (values.length - m) / values.length,
    mean,
    std: m > 0 ? Math.sqrt(squares / m) : null,
    min: m > 0 ? present[0] : null,
    max: m > 0 ? present[m - 1] : null,
  };
}

export function categoryShares(categories: readonly string[]): Record<string, number> {
  const shares: Record<string, number> = {};
  for (const c of categories) shares[c] = (shares[c] ?? 0) + 1;
  for (const c of Object.keys(shares)) shares[c] /= categories.length;
  return shares;
}

/** Per-feature decile bins and weather category shares of a (training) matrix. */
export function summariseFeatures(matrix: FeatureMatrix): FeatureDistribution {
  return {
    nRows: matrix.nRows,
    features: matrix.featureNames.map((name, j) => summariseColumn(name, column(matrix, j))),
    weatherCategoryShares: categoryShares(matrix.weatherCategories),
  };
}

/** Smallest share used in PSI so that an empty bin does not make it infinite. */
const PSI_FLOOR = 1e-4;

/** Population stability index Σ (a − e)·ln(a / e) over matching bins / categories. */
export function populationStabilityIndex(expected: readonly number[], actual: readonly number[]): number {
  let psi = 0;
  for (let k = 0; k < expected.length; k++) {
    const e = Math.max(expected[k], PSI_FLOOR);
    const a = Math.max(actual[k] ?? 0, PSI_FLOOR);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}

export interface DriftReport {
  nRows: number;
  /** PSI per feature of the training spec (features absent from the matrix are left out). */
  features: { feature: string; psi: number; missingShare: number }[];
  weatherCategoryPsi: number;
}

/** Compare a new matrix (e.g. the last 30 days of requests) with the spec's training distribution. */
export function featureDrift(training: FeatureDistribution, matrix: FeatureMatrix): DriftReport {
  const columns = new Map(matrix.featureNames.map((name, j) => [name, j]));
  const features = training.features.flatMap((bins) => {
    const j = columns.get(bins.feature);
    if (j === undefined) return [];
    const values = column(matrix, j);
    const missing = values.reduce((count, x) => count + (x !== x ? 1 : 0), 0);
    return [
      {
        feature: bins.feature,
        psi: populationStabilityIndex(bins.proportions, binProportions(bins.edges, values)),
        missingShare: matrix.nRows === 0 ? 0 : missing / matrix.nRows,
      },
    ];
  });
  const shares = categoryShares(matrix.weatherCategories);
  const categories = [...new Set([...Object.keys(training.weatherCategoryShares), ...Object.keys(shares)])].sort();
  return {
    nRows: matrix.nRows,
    features,
    weatherCategoryPsi: populationStabilityIndex(
      categories.map((c) => training.weatherCategoryShares[c] ?? 0),
      categories.map((c) => shares[c] ?? 0),
    ),
  };
}
