import type { FeatureMatrix } from '@powercast/features';
import type { ForecastModel, ForecastPrediction } from './forecast-model.js';

/**
 * The ex-ante answer: (1 − weight) × with-history + weight × weather+calendar × level, where
 * level = Σ actual ÷ Σ weather+calendar forecast over the `levelDays` days ending D−2 (all over
 * by the issue on D−1). The level carries the demand drift the weather+calendar trees cannot
 * extrapolate (2023 ran ~3 % below 2022 at equal weather); the blend averages two models whose
 * errors under JMA's forecast weather are far from equal — the with-history one leans on D−1's
 * demand so far, the other on the weather alone. Chosen on 2021-11-05..2022-03-31 (README).
 */
export interface LevelBlend {
  /** Share of the levelled weather+calendar forecast; 0 = the with-history variant alone. */
  weight: number;
  /** Days whose actuals and forecasts set the level: D−levelDays−1 .. D−2. */
  levelDays: number;
}

export const defaultLevelBlend: LevelBlend = Object.freeze({ weight: 0.5, levelDays: 28 });

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The level of each target day: actuals over the weather+calendar variant's forecasts of the
 * level days, from `observed` (rows of past days with their observed weather, e.g. `transform`
 * of the daily table with `model.spec`). Days without an actual or a row are skipped; 1 when none is left.
 * `knownThrough[i]` caps target i's level days at the last day over by its issue: a forecast two or
 * more days ahead reads the `levelDays` days ending there instead of at D−2.
 */
export function weatherCalendarLevels(
  model: ForecastModel,
  observed: FeatureMatrix,
  actualByDate: ReadonlyMap<string, number>,
  targets: readonly string[],
  levelDays: number = defaultLevelBlend.levelDays,
  knownThrough?: readonly string[],
): Float64Array {
  const forecasts = new Map(
    model.predictMatrix(observed, 'weather-calendar').map((prediction) => [prediction.date, prediction.peak]),
  );
  return Float64Array.from(targets, (target, i) => {
    const dayBefore = addDays(target, -2);
    const cap = knownThrough?.[i];
    const last = cap !== undefined && cap < dayBefore ? cap : dayBefore;
    let actualSum = 0;
    let forecastSum = 0;
    for (let k = 0; k < levelDays; k++) {
      const day = addDays(last, -k);
      const actual = actualByDate.get(day);
      const forecast = forecasts.get(day);
      if (actual === undefined || forecast === undefined || !Number.isFinite(actual)) continue;
      actualSum += actual;
      forecastSum += forecast;
    }
    return forecastSum > 0 ? actualSum / forecastSum : 1;
  });
}

/** Blended peaks: rows answered by the with-history variant blend with the levelled weather+calendar one. */
export function blendForecasts(
  withHistory: readonly ForecastPrediction[],
  weatherCalendar: readonly ForecastPrediction[],
  levels: ArrayLike<number>,
  blend: LevelBlend = defaultLevelBlend,
): number[] {
  return withHistory.map((prediction, r) => {
    const levelled = weatherCalendar[r]!.peak * levels[r]!;
    return prediction.variant === 'with-history'
      ? (1 - blend.weight) * prediction.peak + blend.weight * levelled
      : levelled;
  });
}
