/** Temperature thresholds (℃) of the reference features. */
export interface TemperatureThresholds {
  /** `hot` = 1 when max_temp ≥ hotDay (真夏日 at the default 30 ℃). */
  hotDay: number;
  /** `cold` = 1 when min_temp ≤ coldDay. */
  coldDay: number;
  /** Base of the cooling degree days `cdd`. */
  cddBase: number;
  /** Base of the heating degree days `hdd`. */
  hddBase: number;
}

/** The reference's numeric features of one day; NaN in → NaN out (a missing reading stays missing). */
export interface TemperatureFeatures {
  avg: number;
  rng: number;
  cdd: number;
  hdd: number;
  hot: number;
  cold: number;
}

export function averageTemperature(maxTempC: number, minTempC: number): number {
  return (maxTempC + minTempC) / 2;
}

export function coolingDegreeDays(avgTempC: number, baseC: number): number {
  return avgTempC > baseC ? avgTempC - baseC : avgTempC === avgTempC ? 0 : NaN;
}

export function heatingDegreeDays(avgTempC: number, baseC: number): number {
  return avgTempC < baseC ? baseC - avgTempC : avgTempC === avgTempC ? 0 : NaN;
}

/** 1 when `value ≥ threshold`, 0 below, NaN when the value is missing. */
export function atLeast(value: number, threshold: number): number {
  return value >= threshold ? 1 : value === value ? 0 : NaN;
}

/** 1 when `value ≤ threshold`, 0 above, NaN when the value is missing. */
export function atMost(value: number, threshold: number): number {
  return value <= threshold ? 1 : value === value ? 0 : NaN;
}

export function temperatureFeatures(maxTempC: number, minTempC: number, t: TemperatureThresholds): TemperatureFeatures {
  const avg = averageTemperature(maxTempC, minTempC);
  return {
    avg,
    rng: maxTempC - minTempC,
    cdd: coolingDegreeDays(avg, t.cddBase),
    hdd: heatingDegreeDays(avg, t.hddBase),
    hot: atLeast(maxTempC, t.hotDay),
    cold: atMost(minTempC, t.coldDay),
  };
}
