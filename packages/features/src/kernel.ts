import { calendarTable } from './calendar.js';
import type { FeatureConfig } from './config.js';
import { writeRecentDemand, type DemandHistory } from './demand-history.js';
import { encodeInto } from './encoders.js';
import { BASE_FEATURES, BASE_INDEX, type FeatureLayout } from './feature-names.js';
import type { DailyInputs } from './inputs.js';
import type { PreviousWeather } from './previous-weather.js';
import { atLeast, atMost, coolingDegreeDays, heatingDegreeDays } from './temperature.js';
import type { WeatherCategory } from './weather.js';

/** Model input: one row per date, columns in `featureNames` order. */
export interface FeatureMatrix {
  featureNames: string[];
  dates: string[];
  /** Row-major `nRows × featureNames.length`; NaN = missing. */
  values: Float64Array;
  nRows: number;
  /** Per row: every recent-demand feature is known (vacuously true when the spec has none). */
  hasRecentDemand: boolean[];
  /** Per row, for responses and drift checks. */
  weatherCategories: WeatherCategory[];
}

// A spread copy keeps the index object in V8's fast-property mode (Object.fromEntries may not).
const B = { ...BASE_INDEX };
const TWO_PI = 2 * Math.PI;
const DOW_SIN = Float64Array.from({ length: 7 }, (_, d) => Math.sin((TWO_PI * d) / 7));
const DOW_COS = Float64Array.from({ length: 7 }, (_, d) => Math.cos((TWO_PI * d) / 7));
const MON_SIN = Float64Array.from({ length: 13 }, (_, m) => Math.sin((TWO_PI * m) / 12));
const MON_COS = Float64Array.from({ length: 13 }, (_, m) => Math.cos((TWO_PI * m) / 12));

/**
 * The one feature computation behind `transform`, `transformRecords` and `fitFeatureSpec`:
 * a scratch row of every base feature per date, then copied/encoded into the matrix layout.
 */
export function computeFeatureMatrix(
  inputs: DailyInputs,
  previous: PreviousWeather,
  history: DemandHistory,
  config: FeatureConfig,
  layout: FeatureLayout,
): FeatureMatrix {
  const { n, calendarIndex, maxTemp, minTemp, weatherCategory, extras } = inputs;
  const { hotDay, coldDay, cddBase, hddBase } = config.thresholds;
  const cal = calendarTable();
  const width = layout.featureNames.length;
  const values = new Float64Array(n * width);
  const hasRecentDemand: boolean[] = new Array(n);
  const scratch = new Float64Array(BASE_FEATURES.length);
  const { baseSources, encoderBlocks, recentDemandOffset } = layout;
  const nBase = baseSources.length;
  const extraColumns = [extras.mean_temp, extras.humidity_mean, extras.sunshine_hours, extras.precipitation_mm];

  for (let r = 0; r < n; r++) {
    const c = calendarIndex[r];
    const max = maxTemp[r];
    const min = minTemp[r];
    const avg = (max + min) / 2;
    const month = cal.month[c];
    const dow = cal.dow[c];
    scratch[B.max_temp] = max;
    scratch[B.min_temp] = min;
    scratch[B.avg] = avg;
    scratch[B.rng] = max - min;
    scratch[B.cdd] = coolingDegreeDays(avg, cddBase);
    scratch[B.hdd] = heatingDegreeDays(avg, hddBase);
    scratch[B.hot] = atLeast(max, hotDay);
    scratch[B.cold] = atMost(min, coldDay);
    scratch[B.year] = cal.year[c];
    scratch[B.month] = month;
    scratch[B.day] = cal.day[c];
    scratch[B.dow] = dow;
    scratch[B.dow_sin] = DOW_SIN[dow];
    scratch[B.dow_cos] = DOW_COS[dow];
    scratch[B.mon_sin] = MON_SIN[month];
    scratch[B.mon_cos] = MON_COS[month];
    scratch[B.weekend] = dow >= 5 ? 1 : 0;
    scratch[B.holiday] = cal.holiday[c];
    scratch[B.day_off] = cal.dayOff[c];
    scratch[B.days_off_run] = cal.daysOffRun[c];
    scratch[B.bridge] = cal.bridge[c];
    scratch[B.year_end] = cal.yearEnd[c];
    scratch[B.obon] = cal.obon[c];
    scratch[B.golden_week] = cal.goldenWeek[c];
    const yearFraction = (TWO_PI * (cal.dayOfYear[c] - 1)) / cal.daysInYear[c];
    scratch[B.doy_sin] = Math.sin(yearFraction);
    scratch[B.doy_cos] = Math.cos(yearFraction);
    const prevMax = previous.prevMaxTemp[r];
    const prevMin = previous.prevMinTemp[r];
    const prevAvg = (prevMax + prevMin) / 2;
    scratch[B.prev_max_temp] = prevMax;
    scratch[B.prev_min_temp] = prevMin;
    scratch[B.prev_avg] = prevAvg;
    scratch[B.avg_3d] = (avg + prevAvg + previous.prev2Avg[r]) / 3;
    scratch[B.max_temp_change] = max - prevMax;
    scratch[B.prev_day_off] = cal.dayOff[c - 1] ?? 0;
    for (let k = 0; k < 4; k++) scratch[B.mean_temp + k] = extraColumns[k]?.[r] ?? NaN;

    const rowOffset = r * width;
    for (let j = 0; j < nBase; j++) values[rowOffset + j] = scratch[baseSources[j]];
    for (const block of encoderBlocks) {
      const column = block.state.column;
      const category = column === 'weather_category' ? weatherCategory[r] : String(scratch[B[column]]);
      encodeInto(block.state, category, values, rowOffset + block.offset);
    }
    hasRecentDemand[r] =
      recentDemandOffset < 0 || writeRecentDemand(history, c, values, rowOffset + recentDemandOffset);
  }
  return {
    featureNames: [...layout.featureNames],
    dates: inputs.dates,
    values,
    nRows: n,
    hasRecentDemand,
    weatherCategories: weatherCategory,
  };
}
