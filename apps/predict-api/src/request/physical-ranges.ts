import { qualityRule } from '@powercast/data-loaders/quality';

/** A bound on what a caller may send, taken from the data-quality rule that bounds the same series in training. */
export interface PhysicalRange {
  /** The QUALITY_RULES entry the bounds come from (named in error messages). */
  rule: string;
  min: number;
  max: number;
  unit: string;
}

const temperature = qualityRule('temperature-range');
const hourlyDemand = qualityRule('hourly-demand-range');

/**
 * The physical ranges of the training data-quality gate (`QUALITY_RULES` of
 * `@powercast/data-loaders/quality`), applied to what callers send: a forecast for a day the model
 * would never have been trained on is refused rather than extrapolated.
 */
export const physicalRanges = {
  /** Observed or forecast temperatures in Tokyo (max_temp, min_temp, mean_temp). */
  temperatureC: {
    rule: temperature.id,
    min: temperature.parameters.minC,
    max: temperature.parameters.maxC,
    unit: '℃',
  },
  /** A daily peak is one of the day's hourly values, so it shares the hourly-demand bounds. */
  dailyPeakManKw: {
    rule: hourlyDemand.id,
    min: hourlyDemand.parameters.minManKw,
    max: hourlyDemand.parameters.maxManKw,
    unit: '万kW',
  },
} as const satisfies Record<string, PhysicalRange>;

/** `expected max_temp within -20..45 ℃ (data-quality rule temperature-range)`. */
export function rangeMessage(field: string, range: PhysicalRange): string {
  return `expected ${field} within ${range.min}..${range.max} ${range.unit} (data-quality rule ${range.rule})`;
}
