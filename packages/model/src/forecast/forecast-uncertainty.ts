import {
  featureTableAsOf,
  type AsOfProvenance,
  type AsOfSources,
  type WeeklyTemperatureRange,
} from '@powercast/features';
import type { ForecastModel, ForecastPrediction, PredictionInterval } from './forecast-model.js';
import { leadCalibratedInterval } from './interval-leads.js';
import { tightSupplyOutlook, type TightSupplyOutlook } from './tight-supply.js';
import { widenForWeatherRange } from './weather-range.js';

/** Said once per answer when the model carries no quantiles (artifacts trained before #15): point forecasts only. */
export const INTERVALS_UNAVAILABLE = 'intervals unavailable: model has no quantiles';

/** JMA's weekly forecast (with its likely range) covers these leads. */
export const WEATHER_RANGE_LEADS = { from: 2, to: 7 } as const;

/** One forecast day's uncertainty. */
export interface DayUncertainty {
  /** The 80 % interval, 万kW: the model's, widened by JMA's likely range on leads 2–7; null without quantiles. */
  interval: PredictionInterval | null;
  /** The weekly range that widened it (null when none did). */
  weatherRange: WeeklyTemperatureRange | null;
  tightSupply: TightSupplyOutlook;
}

export interface UncertaintyAsOfInput {
  model: ForecastModel;
  sources: AsOfSources;
  /** The forecast days, their issue time, and per day the answered prediction, its provenance and lead. */
  targets: readonly string[];
  issuedAt: string;
  predictions: readonly ForecastPrediction[];
  provenance: readonly AsOfProvenance[];
  leadDays: readonly number[];
}

/**
 * The intervals and tight-supply outlooks of forecasts as of one issue time. Rows of leads 2–7 whose
 * temperatures come from JMA's weekly forecast with a range are answered again at the range's ends
 * (`featureTableAsOf({ weeklyRangeEnd })`, the same spec and sources, nothing stamped later), their
 * interval widened (`widenForWeatherRange`) and scaled by the model's calibration of that lead, when it
 * has one (`leadCalibratedInterval`); the outlook reads the capacity in the provenance.
 */
export function uncertaintyAsOf(input: UncertaintyAsOfInput): { days: DayUncertainty[]; warnings: string[] } {
  const { model, sources, targets, issuedAt, predictions, provenance, leadDays } = input;
  const widened = targets.flatMap((target, r) => {
    const range = provenance[r]!.weeklyRange;
    const lead = leadDays[r]!;
    return predictions[r]!.interval && range && lead >= WEATHER_RANGE_LEADS.from && lead <= WEATHER_RANGE_LEADS.to
      ? [{ r, target }]
      : [];
  });
  const rangePeaks = new Map<number, { central: number; lower: number; upper: number }>();
  if (widened.length > 0) {
    const rowTargets = widened.map((row) => row.target);
    const peaksAt = (weeklyRangeEnd?: 'lower' | 'upper'): number[] =>
      model
        .predictMatrix(
          featureTableAsOf({
            targets: rowTargets,
            issuedAt,
            spec: model.spec,
            sources,
            ...(weeklyRangeEnd ? { weeklyRangeEnd } : {}),
          }).matrix,
        )
        .map((prediction) => prediction.peak);
    const [central, lower, upper] = [peaksAt(), peaksAt('lower'), peaksAt('upper')];
    widened.forEach(({ r }, i) => rangePeaks.set(r, { central: central[i]!, lower: lower[i]!, upper: upper[i]! }));
  }
  const days = predictions.map((prediction, r): DayUncertainty => {
    const peaks = rangePeaks.get(r);
    const interval =
      prediction.interval === undefined
        ? null
        : peaks === undefined
          ? prediction.interval
          : leadCalibratedInterval(
              widenForWeatherRange(prediction.interval, {
                centralManKw: peaks.central,
                atLowerManKw: peaks.lower,
                atUpperManKw: peaks.upper,
              }),
              leadDays[r]!,
              model.intervalCalibration?.leads,
            );
    return {
      interval,
      weatherRange: peaks === undefined ? null : provenance[r]!.weeklyRange,
      tightSupply: tightSupplyOutlook(interval, provenance[r]!.supplyCapacity),
    };
  });
  const warnings = predictions.some((prediction) => prediction.interval === undefined) ? [INTERVALS_UNAVAILABLE] : [];
  return { days, warnings };
}
