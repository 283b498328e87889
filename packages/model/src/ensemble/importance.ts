import type { FlatTree } from '../tree/flat-tree.js';

export interface FeatureImportance {
  feature: string;
  /** Share of the total split gain (squared-error reduction), sums to 1 over features. */
  gain: number;
  /** Share of all splits, sums to 1 over features. */
  splits: number;
  splitCount: number;
}

/** Importance by total split gain and by split count, normalised; sorted by gain, then name. */
export function featureImportance(trees: readonly FlatTree[], featureNames: readonly string[]): FeatureImportance[] {
  const gain = new Float64Array(featureNames.length);
  const count = new Float64Array(featureNames.length);
  for (const tree of trees) {
    for (let i = 0; i < tree.feature.length; i++) {
      const f = tree.feature[i];
      if (f === -1) continue;
      gain[f] += Math.max(0, tree.gain[i]);
      count[f] += 1;
    }
  }
  const totalGain = gain.reduce((a, b) => a + b, 0);
  const totalCount = count.reduce((a, b) => a + b, 0);
  return featureNames
    .map((feature, f) => ({
      feature,
      gain: totalGain > 0 ? gain[f] / totalGain : 0,
      splits: totalCount > 0 ? count[f] / totalCount : 0,
      splitCount: count[f],
    }))
    .sort((a, b) => b.gain - a.gain || a.feature.localeCompare(b.feature));
}
