import { describe, expect, it } from 'vitest';
import { createRng } from '../tree/rng.js';
import type { DenseMatrix } from '../tree/dense-matrix.js';
import { GradientBoostedTrees } from './gradient-boosted-trees.js';

/** Standard-normal quantiles of the default levels. */
const Z: Record<number, number> = { 0.1: -1.2815515655446004, 0.5: 0, 0.9: 1.2815515655446004 };

/** y = 10 + 2·x0 + ε, ε ~ N(0, σ(x0)²) with σ = 0.5 + 0.3·x0 (noise grows with x0); x1 is pure noise. */
function heteroscedastic(nRows: number, seed: number): { x: DenseMatrix; y: Float64Array } {
  const random = createRng(seed);
  const values = new Float64Array(nRows * 2);
  const y = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    const x0 = random() * 10;
    values[r * 2] = x0;
    values[r * 2 + 1] = random();
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    y[r] = 10 + 2 * x0 + sigma(x0) * normal;
  }
  return { x: { values, nRows, nFeatures: 2 }, y };
}
const sigma = (x0: number): number => 0.5 + 0.3 * x0;

const train = heteroscedastic(8000, 3);
const hyperparameters = { nEstimators: 200, learningRate: 0.1, maxDepth: 3, minSamplesLeaf: 50, subsample: 0.8 };

describe('GradientBoostedTrees, quantile objective', () => {
  for (const alpha of [0.1, 0.5, 0.9]) {
    it(`recovers the true ${alpha} quantile of heteroscedastic Gaussian noise`, () => {
      const model = GradientBoostedTrees.fit(train.x, train.y, {
        ...hyperparameters,
        objective: { kind: 'quantile', alpha },
      });
      // Errors in units of the noise's standard deviation at x0, the prediction averaged over the noise feature.
      const errors = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((x0) => {
        let sum = 0;
        for (let k = 0; k < 9; k++) sum += model.predictRow([x0, 0.05 + 0.1 * k]);
        return Math.abs(sum / 9 - (10 + 2 * x0 + Z[alpha]! * sigma(x0))) / sigma(x0);
      });
      expect(Math.max(...errors)).toBeLessThan(0.4);
      expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(0.15);
    });
  }

  it('leaves the share of new targets below each quantile close to its level', () => {
    const fresh = heteroscedastic(3000, 4);
    for (const alpha of [0.1, 0.9]) {
      const model = GradientBoostedTrees.fit(train.x, train.y, {
        ...hyperparameters,
        objective: { kind: 'quantile', alpha },
      });
      const predicted = model.predict(fresh.x);
      let below = 0;
      for (let r = 0; r < fresh.x.nRows; r++) if (fresh.y[r]! < predicted[r]!) below++;
      expect(below / fresh.x.nRows).toBeGreaterThan(alpha - 0.03);
      expect(below / fresh.x.nRows).toBeLessThan(alpha + 0.03);
    }
  });

  it('gives a band that widens where the noise does', () => {
    const [low, high] = [0.1, 0.9].map((alpha) =>
      GradientBoostedTrees.fit(train.x, train.y, { ...hyperparameters, objective: { kind: 'quantile', alpha } }),
    );
    const width = (x0: number): number => high!.predictRow([x0, 0.5]) - low!.predictRow([x0, 0.5]);
    expect(width(9)).toBeGreaterThan(2.5 * width(1));
  });

  it('stores the objective and round-trips it with identical predictions', () => {
    const model = GradientBoostedTrees.fit(train.x, train.y, {
      ...hyperparameters,
      nEstimators: 20,
      objective: { kind: 'quantile', alpha: 0.9 },
    });
    const restored = GradientBoostedTrees.fromJSON(JSON.parse(JSON.stringify(model)));
    expect(restored.hyperparameters.objective).toEqual({ kind: 'quantile', alpha: 0.9 });
    expect(Array.from(restored.predict(train.x))).toEqual(Array.from(model.predict(train.x)));
  });

  it('rejects a quantile level outside (0, 1)', () => {
    expect(() => GradientBoostedTrees.fit(train.x, train.y, { objective: { kind: 'quantile', alpha: 1 } })).toThrow(
      /objective/,
    );
  });
});
