import type { KnownSupplyCapacity } from '@powercast/features';
import type { PredictionInterval } from './forecast-model.js';

/** The standard normal's 90th percentile: P10 and P90 lie this many σ from the median. */
const Z90 = 1.2815515655446004;

/**
 * TEPCO calls supply tight when the expected usage rate (peak ÷ peak supply capacity) passes 95–97 %:
 * the outlook gives the chance of the peak reaching each share of the announced capacity.
 */
export const TIGHT_USAGE_PERCENTS = [95, 97] as const;

/** The chance of a tight day, or why it is unknown; probabilities are 0..1. */
export type TightSupplyOutlook =
  | {
      status: 'known';
      /** TEPCO's announced peak supply capacity for the day (翌日のピーク時供給力), 万kW, and its stamp. */
      capacityManKw: number;
      band: string;
      announcedAt: string;
      /** P(peak ≥ 95 % of the capacity), P(peak ≥ 97 %). */
      pAtLeast95Percent: number;
      pAtLeast97Percent: number;
    }
  | {
      status: 'unknown';
      /** no-capacity: none announced before the issue time; no-interval: the model answers point forecasts only. */
      reason: 'no-capacity' | 'no-interval';
      pAtLeast95Percent: null;
      pAtLeast97Percent: null;
    };

/**
 * P(peak ≥ threshold) for the distribution through the interval: a split normal with median P50,
 * the lower half's σ set by P10 and the upper half's by P90 (so both quantiles are met exactly and a
 * skewed band stays skewed). A zero-width half is a step at P50.
 */
export function probabilityAtLeast(interval: PredictionInterval, thresholdManKw: number): number {
  const { p10, p50, p90 } = interval;
  const sigma = thresholdManKw >= p50 ? (p90 - p50) / Z90 : (p50 - p10) / Z90;
  if (sigma <= 0) return thresholdManKw <= p50 ? 1 : 0;
  return 1 - standardNormalCdf((thresholdManKw - p50) / sigma);
}

/** The outlook for one day: "unknown" without an announced capacity or without an interval. */
export function tightSupplyOutlook(
  interval: PredictionInterval | null | undefined,
  capacity: KnownSupplyCapacity | null,
): TightSupplyOutlook {
  if (capacity === null)
    return { status: 'unknown', reason: 'no-capacity', pAtLeast95Percent: null, pAtLeast97Percent: null };
  if (interval == null)
    return { status: 'unknown', reason: 'no-interval', pAtLeast95Percent: null, pAtLeast97Percent: null };
  const [tight, veryTight] = TIGHT_USAGE_PERCENTS.map((percent) =>
    probabilityAtLeast(interval, (capacity.capacityManKw * percent) / 100),
  );
  return {
    status: 'known',
    capacityManKw: capacity.capacityManKw,
    band: capacity.band,
    announcedAt: capacity.stamp,
    pAtLeast95Percent: tight!,
    pAtLeast97Percent: veryTight!,
  };
}

/**
 * Φ(z) from erfc by Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7, far under the 0.1 %
 * the probabilities are reported to).
 */
export function standardNormalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-x * x);
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}
