/**
 * JMA's D−1 evening forecast of D's maximum temperature is off by ~1 °C on average, and demand
 * answers temperature convexly (air-conditioning above ~25 °C, heating below ~10 °C): the forecast
 * of the peak at the forecast temperature is not the expected peak. The ex-ante answer therefore
 * averages the model over the forecast's error, ε ~ N(0, σ²), by 5-point Gauss–Hermite
 * quadrature. σ chosen on 2021-11-05..2022-03-31 (1 °C beat 1.5 °C; README).
 */
export interface TemperatureUncertainty {
  /** Standard deviation of JMA's maximum-temperature forecast error, °C. */
  maxTempSigmaC: number;
  /** The same for the minimum, °C (shifted together with the maximum: their errors are correlated). */
  minTempSigmaC: number;
}

export const defaultTemperatureUncertainty: TemperatureUncertainty = Object.freeze({
  maxTempSigmaC: 1,
  minTempSigmaC: 0.7,
});

/** Gauss–Hermite nodes for E[f(ε)], ε ~ N(0, 1): standard-normal points and weights summing to 1. */
const NODES: readonly { z: number; weight: number }[] = [
  [-2.020182870456086, 0.019953242059046],
  [-0.958572464613819, 0.393619323152241],
  [0, 0.945308720482942],
  [0.958572464613819, 0.393619323152241],
  [2.020182870456086, 0.019953242059046],
].map(([x, w]) => ({ z: x! * Math.SQRT2, weight: w! / Math.sqrt(Math.PI) }));

/** The temperature shifts (°C) to evaluate and their weights; one unshifted point when σ is 0. */
export function temperatureShifts(
  uncertainty: TemperatureUncertainty,
): { shift: { max: number; min: number }; weight: number }[] {
  if (uncertainty.maxTempSigmaC === 0 && uncertainty.minTempSigmaC === 0)
    return [{ shift: { max: 0, min: 0 }, weight: 1 }];
  return NODES.map(({ z, weight }) => ({
    shift: { max: z * uncertainty.maxTempSigmaC, min: z * uncertainty.minTempSigmaC },
    weight,
  }));
}
