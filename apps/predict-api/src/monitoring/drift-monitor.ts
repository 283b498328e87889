import type { ForecastRecord } from '../domain.js';
import { binProportions, populationStabilityIndex } from '@powercast/features';

/** PSI above this flags a feature (the usual "significant shift" reading). */
export const DRIFT_PSI_THRESHOLD = 0.2;
/** Below this many sampled records a report is computed but marked as not yet meaningful. */
export const MIN_DRIFT_SAMPLE = 50;

/** Training-time distribution of one numeric feature, as bins. */
export interface NumericFeatureReference {
  feature: string;
  /** Ascending inner cut points; bin i holds edges[i-1] < v ≤ edges[i]. */
  edges: number[];
  /** Share of training rows per bin (edges.length + 1 entries). */
  shares: number[];
}

/** What drift is measured against; built from the served model's feature spec. */
export interface DriftReference {
  modelVersion: number | string | null;
  numeric: NumericFeatureReference[];
  /** Share of training rows per weather category. */
  weatherCategoryShares: Record<string, number>;
  /** Compute the numeric features (by name) and the weather category of each record, as in serving. */
  featurize(records: ForecastRecord[]): { columns: Map<string, number[]>; weatherCategories: string[] };
}

export interface FeatureDrift {
  feature: string;
  psi: number;
  flagged: boolean;
}

export interface DriftReport {
  modelVersion: number | string | null;
  sampleSize: number;
  enoughData: boolean;
  threshold: number;
  features: FeatureDrift[];
  weather: {
    psi: number;
    flagged: boolean;
    unknownShare: number;
    trainingUnknownShare: number;
    sampleShares: Record<string, number>;
  };
  flagged: string[];
}

/** Categories the weather classifier falls back to when it does not recognise the text. */
const UNKNOWN_WEATHER_CATEGORIES = new Set(['その他', '不明']);

/**
 * A rolling sample of the records the service has answered (the last `capacity`). Recording is a
 * ring-buffer write; features are computed only when a report is asked for, off the request path.
 */
export class DriftMonitor {
  private readonly sample: ForecastRecord[] = [];
  private next = 0;

  constructor(private readonly capacity = 2000) {}

  observe(records: readonly ForecastRecord[]): void {
    for (const record of records) {
      if (this.sample.length < this.capacity) this.sample.push(record);
      else this.sample[this.next] = record;
      this.next = (this.next + 1) % this.capacity;
    }
  }

  get size(): number {
    return this.sample.length;
  }

  report(reference: DriftReference): DriftReport {
    const records = [...this.sample];
    const { columns, weatherCategories } =
      records.length > 0
        ? reference.featurize(records)
        : { columns: new Map<string, number[]>(), weatherCategories: [] };
    const features = reference.numeric.map((featureReference) => {
      const observed = binProportions(featureReference.edges, columns.get(featureReference.feature) ?? []);
      const psi = records.length === 0 ? 0 : populationStabilityIndex(featureReference.shares, observed);
      return { feature: featureReference.feature, psi: round4(psi), flagged: psi > DRIFT_PSI_THRESHOLD };
    });
    const weather = weatherDrift(reference.weatherCategoryShares, weatherCategories);
    const enoughData = records.length >= MIN_DRIFT_SAMPLE;
    const flagged = enoughData
      ? [
          ...features.filter((feature) => feature.flagged).map((feature) => feature.feature),
          ...(weather.flagged ? ['weather_category'] : []),
        ]
      : [];
    return {
      modelVersion: reference.modelVersion,
      sampleSize: records.length,
      enoughData,
      threshold: DRIFT_PSI_THRESHOLD,
      features,
      weather,
      flagged,
    };
  }
}

function weatherDrift(trainingShares: Record<string, number>, categories: string[]): DriftReport['weather'] {
  const counts = new Map<string, number>();
  for (const category of categories) counts.set(category, (counts.get(category) ?? 0) + 1);
  const known = Object.keys(trainingShares);
  const isUnknown = (category: string): boolean =>
    UNKNOWN_WEATHER_CATEGORIES.has(category) || !(category in trainingShares);
  const allCategories = [...new Set([...known, ...counts.keys()])].sort();
  const sampleShares = Object.fromEntries(
    allCategories.map((category) => [
      category,
      categories.length === 0 ? 0 : (counts.get(category) ?? 0) / categories.length,
    ]),
  );
  const psi =
    categories.length === 0
      ? 0
      : populationStabilityIndex(
          allCategories.map((category) => trainingShares[category] ?? 0),
          allCategories.map((category) => sampleShares[category] ?? 0),
        );
  const unknownShare = categories.length === 0 ? 0 : categories.filter(isUnknown).length / categories.length;
  const trainingUnknownShare = known
    .filter((category) => UNKNOWN_WEATHER_CATEGORIES.has(category))
    .reduce((sum, category) => sum + (trainingShares[category] ?? 0), 0);
  return {
    psi: round4(psi),
    flagged: psi > DRIFT_PSI_THRESHOLD,
    unknownShare: round4(unknownShare),
    trainingUnknownShare: round4(trainingUnknownShare),
    sampleShares,
  };
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
