import { transformRecords, type FeatureSpec } from '@powercast/features';
import type { DriftReference } from './drift-monitor.js';

/**
 * The drift reference of a served model: the training distribution stored in its feature spec.
 * Only the weather-and-calendar features are compared — request records carry no demand
 * history, so the lag features would look 100 % missing rather than drifted.
 */
export function driftReferenceFromSpec(spec: FeatureSpec, modelVersion: number | string | null): DriftReference {
  const compared = new Set(spec.weatherCalendarFeatureNames);
  return {
    modelVersion,
    numeric: spec.trainingStats.features
      .filter((bins) => compared.has(bins.feature))
      .map((bins) => ({ feature: bins.feature, edges: bins.edges, shares: bins.proportions })),
    weatherCategoryShares: spec.trainingStats.weatherCategoryShares,
    featurize: (records) => {
      const matrix = transformRecords(records, spec);
      const width = matrix.featureNames.length;
      const columns = new Map<string, number[]>();
      matrix.featureNames.forEach((name, j) => {
        if (!compared.has(name)) return;
        const values: number[] = new Array<number>(matrix.nRows);
        for (let r = 0; r < matrix.nRows; r += 1) values[r] = matrix.values[r * width + j] as number;
        columns.set(name, values);
      });
      return { columns, weatherCategories: [...matrix.weatherCategories] };
    },
  };
}
