import type { PredictionInterval } from '@powercast/model';

/**
 * How well 80 % intervals held on scored days: the pinball (quantile) loss of each quantile, the
 * share of days inside P10..P90 and the band's mean width. Written here until @powercast/model's
 * own interval metrics (#15 item 1) land, then to be replaced by them.
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

/** Pinball loss of quantile level `tau` for one day: τ·(y − q) above the quantile, (1 − τ)·(q − y) below. */
export function pinballLoss(tau: number, actual: number, quantile: number): number {
  const error = actual - quantile;
  return error >= 0 ? tau * error : (tau - 1) * error;
}

/** The scores of days with an actual and an interval; null for no days. */
export function intervalScores(
  days: readonly { actual: number; interval: PredictionInterval }[],
): IntervalScores | null {
  if (days.length === 0) return null;
  const mean = (value: (day: (typeof days)[number]) => number): number =>
    days.reduce((sum, day) => sum + value(day), 0) / days.length;
  const p10 = mean((day) => pinballLoss(0.1, day.actual, day.interval.p10));
  const p50 = mean((day) => pinballLoss(0.5, day.actual, day.interval.p50));
  const p90 = mean((day) => pinballLoss(0.9, day.actual, day.interval.p90));
  return {
    n_days: days.length,
    pinball_loss: { p10, p50, p90, mean: (p10 + p50 + p90) / 3 },
    coverage_80: mean((day) => (day.interval.p10 <= day.actual && day.actual <= day.interval.p90 ? 1 : 0)),
    mean_width_80: mean((day) => day.interval.p90 - day.interval.p10),
  };
}
