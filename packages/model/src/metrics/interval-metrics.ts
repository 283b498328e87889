import type { PredictionInterval } from '../forecast/forecast-model.js';

/** Pinball (quantile) loss of one forecast of the `alpha` quantile: α·(y − q) above it, (1 − α)·(q − y) below. */
export function pinballLoss(actual: number, quantile: number, alpha: number): number {
  const residual = actual - quantile;
  return residual >= 0 ? alpha * residual : (alpha - 1) * residual;
}

export interface IntervalMetrics {
  /** Share of days with p10 ≤ actual ≤ p90 (the 80 % interval), 0..1. */
  coverage: number;
  /** Mean p90 − p10, 万kW. */
  meanWidth: number;
  /** Mean pinball loss per quantile and their mean over the three, 万kW. */
  pinball: { p10: number; p50: number; p90: number; mean: number };
  n: number;
}

/** Coverage, width and pinball loss of 80 % intervals against the actuals (same order, same length). */
export function intervalMetrics(actual: ArrayLike<number>, intervals: readonly PredictionInterval[]): IntervalMetrics {
  if (actual.length !== intervals.length)
    throw new RangeError(`actual has ${actual.length} values, intervals ${intervals.length}; expected equal lengths`);
  const n = actual.length;
  if (n === 0) throw new RangeError('cannot compute interval metrics of zero days');
  let covered = 0;
  let width = 0;
  let p10 = 0;
  let p50 = 0;
  let p90 = 0;
  for (let i = 0; i < n; i++) {
    const y = actual[i]!;
    const band = intervals[i]!;
    if (band.p10 <= y && y <= band.p90) covered++;
    width += band.p90 - band.p10;
    p10 += pinballLoss(y, band.p10, 0.1);
    p50 += pinballLoss(y, band.p50, 0.5);
    p90 += pinballLoss(y, band.p90, 0.9);
  }
  return {
    coverage: covered / n,
    meanWidth: width / n,
    pinball: { p10: p10 / n, p50: p50 / n, p90: p90 / n, mean: (p10 + p50 + p90) / (3 * n) },
    n,
  };
}
