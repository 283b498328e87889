import type { PredictionInterval } from './forecast-model.js';

/** The model's point forecast at JMA's central temperatures and at both ends of its likely range. */
export interface RangeEndForecasts {
  centralManKw: number;
  /** At the range's lower ends (tempsMaxLower, tempsMinLower). */
  atLowerManKw: number;
  /** At the upper ends (tempsMaxUpper, tempsMinUpper). */
  atUpperManKw: number;
}

/**
 * Widens the model's interval for a weekly-forecast day (leads 2–7) by the weather's own uncertainty.
 * JMA's likely range holds the temperature with 80 % probability, so the forecasts at its ends are
 * the weather-driven peak's P10/P90; the model's interval is conditional on the temperatures given,
 * so the two spreads are independent and add in quadrature on each side of P50 (exact for normal
 * errors). Demand is U-shaped in temperature: both ends can lie above the centre, widening the
 * upper side only. P50 is kept; the result never crosses.
 */
export function widenForWeatherRange(interval: PredictionInterval, forecasts: RangeEndForecasts): PredictionInterval {
  const { centralManKw, atLowerManKw, atUpperManKw } = forecasts;
  const down = Math.max(0, centralManKw - Math.min(atLowerManKw, atUpperManKw));
  const up = Math.max(0, Math.max(atLowerManKw, atUpperManKw) - centralManKw);
  const { p10, p50, p90 } = interval;
  return {
    p10: p50 - Math.hypot(Math.max(0, p50 - p10), down),
    p50,
    p90: p50 + Math.hypot(Math.max(0, p90 - p50), up),
  };
}
