import { describe, expect, it } from 'vitest';
import { DecisionTreeRegression } from 'ml-cart';
import { loadDailyDataset } from '@powercast/data-loaders';
import { fitFeatureSpec, transform } from '@powercast/features';
import { GradientBoostedTrees } from '../src/trees.js';

const dataDir = process.env.POWERCAST_DATA_DIR;
if (!dataDir) console.warn('POWERCAST_DATA_DIR is not set: skipping @powercast/model real-data tests');

describe.skipIf(!dataDir)('on the real daily data', () => {
  it('grows trees that ml-cart loads and predicts identically on every training row (incl. missing lags)', async () => {
    const { table } = await loadDailyDataset({ source: dataDir as string });
    const spec = fitFeatureSpec(table);
    const matrix = transform(table, spec);
    const peaks = table.array('peak_hourly') as (number | null)[];
    const rows = peaks.flatMap((p, r) => (typeof p === 'number' ? [r] : []));
    const width = matrix.featureNames.length;
    const values = new Float64Array(rows.length * width);
    rows.forEach((r, i) => values.set(matrix.values.subarray(r * width, (r + 1) * width), i * width));
    expect(values.some((v) => Number.isNaN(v))).toBe(true); // the first days have no lags
    const x = { values, nRows: rows.length, nFeatures: width };
    const model = GradientBoostedTrees.fit(
      x,
      Float64Array.from(rows, (r) => peaks[r] as number),
      { nEstimators: 12, maxDepth: 6, seed: 3 },
    );

    const rowArrays = Array.from({ length: x.nRows }, (_, r) =>
      Array.from(values.subarray(r * width, (r + 1) * width)),
    );
    const sums = new Float64Array(x.nRows).fill(model.ensemble.baseScore);
    for (const json of model.ensemble.toCartJson()) {
      const predictions = DecisionTreeRegression.load(JSON.parse(JSON.stringify(json))).predict(rowArrays);
      predictions.forEach((p, r) => (sums[r] += p));
    }
    const own = model.predict(x);
    for (let r = 0; r < x.nRows; r++) expect(own[r]).toBe(sums[r]);
  });
});
