import type { PredictionInterval } from '@powercast/model';
import { intervalMetrics } from '@powercast/model/metrics';

/**
 * How well 80 % intervals held on scored days, as evaluation.json writes it: the pinball (quantile) loss
 * of each quantile, the share of days inside P10..P90 and the band's mean width (`intervalMetrics`).
 */
export interface IntervalScores {
  n_days: number;
  /** Mean pinball loss per quantile (万kW) and their mean. */
  pinball_loss: { p10: number; p50: number; p90: number; mean: number };
  /** Share of days with P10 ≤ actual ≤ P90 (0..1); 0.8 is the target. */
  coverage_80: number;
  /** Mean of P90 − P10, 万kW. */
  mean_width_80: number;
}

/** The scores of days with an actual and an interval; null for no days. */
export function intervalScores(
  days: readonly { actual: number; interval: PredictionInterval }[],
): IntervalScores | null {
  if (days.length === 0) return null;
  const metrics = intervalMetrics(
    days.map((day) => day.actual),
    days.map((day) => day.interval),
  );
  return {
    n_days: metrics.n,
    pinball_loss: metrics.pinball,
    coverage_80: metrics.coverage,
    mean_width_80: metrics.meanWidth,
  };
}
