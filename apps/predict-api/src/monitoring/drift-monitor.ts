import type { ForecastRecord } from '../domain.js';
import { binProportions, populationStabilityIndex } from '@powercast/features';

/** PSI above this flags a feature (the usual "significant shift" reading). */
export const DRIFT_PSI_THRESHOLD = 0.2;
/**
 * Below this many sampled records a report is computed but flags nothing (`POWERCAST_DRIFT_MIN_SAMPLES`).
 * PSI over decile bins is noisy on small samples even with no drift at all: it is about
 * χ²(bins − 1) / n, and an empty bin alone adds ~0.7 (the 1e-4 floor against a 10 % share). At 24
 * samples a sample drawn from the training distribution itself has a bin empty in most features and
 * PSI > 0.2 nearly everywhere; at 200 an empty bin has a chance of ~1e-9 and the 99th percentile of
 * χ²(9) / 200 is 0.11, so a no-drift sample crosses 0.2 well under 1 % of the time.
 */
export const MIN_DRIFT_SAMPLE = 200;

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
  /** PSI above the threshold; a verdict only with enough data (see `flagged`). */
  psiAboveThreshold: boolean;
  /** Drifted: PSI above the threshold on a sample of at least `minSamples` records. */
  flagged: boolean;
}

export interface DriftReport {
  modelVersion: number | string | null;
  sampleSize: number;
  /** The sample size below which nothing is flagged. */
  minSamples: number;
  enoughData: boolean;
  threshold: number;
  features: FeatureDrift[];
  weather: {
    psi: number;
    psiAboveThreshold: boolean;
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

  constructor(
    private readonly capacity = 2000,
    private readonly minSamples = MIN_DRIFT_SAMPLE,
  ) {}

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
    const enoughData = records.length >= this.minSamples;
    const features = reference.numeric.map((featureReference) => {
      const observed = binProportions(featureReference.edges, columns.get(featureReference.feature) ?? []);
      const psi = records.length === 0 ? 0 : populationStabilityIndex(featureReference.shares, observed);
      const psiAboveThreshold = psi > DRIFT_PSI_THRESHOLD;
      return {
        feature: featureReference.feature,
        psi: round4(psi),
        psiAboveThreshold,
        flagged: enoughData && psiAboveThreshold,
      };
    });
    const weather = weatherDrift(reference.weatherCategoryShares, weatherCategories, enoughData);
    const flagged = enoughData
      ? [
          ...features.filter((feature) => feature.flagged).map((feature) => feature.feature),
          ...(weather.flagged ? ['weather_category'] : []),
        ]
      : [];
    return {
      modelVersion: reference.modelVersion,
      sampleSize: records.length,
      minSamples: this.minSamples,
      enoughData,
      threshold: DRIFT_PSI_THRESHOLD,
      features,
      weather,
      flagged,
    };
  }
}

function weatherDrift(
  trainingShares: Record<string, number>,
  categories: string[],
  enoughData: boolean,
): DriftReport['weather'] {
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
    psiAboveThreshold: psi > DRIFT_PSI_THRESHOLD,
    flagged: enoughData && psi > DRIFT_PSI_THRESHOLD,
    unknownShare: round4(unknownShare),
    trainingUnknownShare: round4(trainingUnknownShare),
    sampleShares,
  };
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
