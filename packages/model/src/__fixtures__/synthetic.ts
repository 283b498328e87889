import { createRng } from '../tree/rng.js';
import type { DenseMatrix } from '../tree/dense-matrix.js';

/**
 * Synthetic regression data for tests and benchmarks: a nonlinear function of a few features,
 * integer-valued and categorical-like columns, optional missing values.
 */
export function syntheticRegression(options: {
  nRows: number;
  nFeatures: number;
  seed: number;
  missingRate?: number;
  noise?: number;
}): {
  x: DenseMatrix;
  y: Float64Array;
} {
  const { nRows, nFeatures, seed, missingRate = 0, noise = 0.1 } = options;
  const random = createRng(seed);
  const values = new Float64Array(nRows * nFeatures);
  const y = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    for (let f = 0; f < nFeatures; f++) {
      let x: number;
      if (f % 5 === 3)
        x = Math.floor(random() * 7); // weekday-like
      else if (f % 5 === 4)
        x = random() < 0.3 ? 1 : 0; // flag
      else x = random() * 40 - 5; // temperature-like
      values[r * nFeatures + f] = x;
    }
    const t = values[r * nFeatures];
    const dow = nFeatures > 3 ? values[r * nFeatures + 3] : 0;
    const flag = nFeatures > 4 ? values[r * nFeatures + 4] : 0;
    const other = nFeatures > 1 ? values[r * nFeatures + 1] : 0;
    y[r] = 3000 + 4 * (t - 17) ** 2 - 150 * (dow >= 5 ? 1 : 0) - 80 * flag + 5 * other + noise * 100 * (random() - 0.5);
    for (let f = 0; f < nFeatures; f++) if (missingRate > 0 && random() < missingRate) values[r * nFeatures + f] = NaN;
  }
  return { x: { values, nRows, nFeatures }, y };
}
