import type { ExtraWeatherColumn, FeatureConfig } from './config.js';
import { encoderOutputNames, type FittedEncoderState } from './encoders.js';

/** The reference system's numeric and calendar features, in its order. */
export const REFERENCE_FEATURES = [
  'max_temp',
  'min_temp',
  'avg',
  'rng',
  'cdd',
  'hdd',
  'hot',
  'cold',
  'year',
  'month',
  'day',
  'dow',
  'dow_sin',
  'dow_cos',
  'mon_sin',
  'mon_cos',
  'weekend',
  'holiday',
] as const;

/** Calendar and weather-dynamics features added by the `extended` set. */
export const EXTENDED_FEATURES = [
  'day_off',
  'days_off_run',
  'bridge',
  'year_end',
  'obon',
  'golden_week',
  'doy_sin',
  'doy_cos',
  'prev_day_off',
  'prev_max_temp',
  'prev_min_temp',
  'prev_avg',
  'avg_3d',
  'max_temp_change',
] as const;

/** Recent-demand (lag) features of the `extended` set; they need actuals up to the day before. */
export const RECENT_DEMAND_FEATURES = ['peak_lag1', 'peak_lag7', 'peak_mean_28wd'] as const;

export type ReferenceFeature = (typeof REFERENCE_FEATURES)[number];
export type ExtendedFeature = (typeof EXTENDED_FEATURES)[number];
export type RecentDemandFeature = (typeof RECENT_DEMAND_FEATURES)[number];
/** A feature computed per row before encoding (index into the kernel's scratch row). */
export type BaseFeature = ReferenceFeature | ExtendedFeature | ExtraWeatherColumn;

export const BASE_FEATURES: readonly BaseFeature[] = [
  ...REFERENCE_FEATURES,
  ...EXTENDED_FEATURES,
  'mean_temp',
  'humidity_mean',
  'sunshine_hours',
  'precipitation_mm',
];
export const BASE_INDEX: Readonly<Record<BaseFeature, number>> = Object.fromEntries(
  BASE_FEATURES.map((name, i) => [name, i]),
) as Record<BaseFeature, number>;

/** Where each matrix column comes from; derived from a config and fitted encoders. */
export interface FeatureLayout {
  featureNames: string[];
  weatherCalendarFeatureNames: string[];
  recentDemandFeatureNames: string[];
  /** For the first `baseSources.length` columns: their index in the scratch row. */
  baseSources: Int32Array;
  /** Encoder blocks following the base columns, in config order. */
  encoderBlocks: { state: FittedEncoderState; offset: number; width: number }[];
  /** First lag column, or -1 when the set has none. */
  recentDemandOffset: number;
}

export function featureLayout(config: FeatureConfig, encoders: FittedEncoderState[]): FeatureLayout {
  const encoded = new Set<string>(encoders.map((e) => e.column));
  const base: BaseFeature[] = [
    ...REFERENCE_FEATURES,
    ...(config.featureSet === 'extended' ? EXTENDED_FEATURES : []),
    ...config.extraWeatherColumns,
  ].filter((name) => !encoded.has(name));
  const featureNames: string[] = [...base];
  const encoderBlocks = encoders.map((state) => {
    const names = encoderOutputNames(state);
    const block = { state, offset: featureNames.length, width: names.length };
    featureNames.push(...names);
    return block;
  });
  const weatherCalendarFeatureNames = [...featureNames];
  const recentDemandFeatureNames: string[] = config.featureSet === 'extended' ? [...RECENT_DEMAND_FEATURES] : [];
  const recentDemandOffset = recentDemandFeatureNames.length > 0 ? featureNames.length : -1;
  featureNames.push(...recentDemandFeatureNames);
  return {
    featureNames,
    weatherCalendarFeatureNames,
    recentDemandFeatureNames,
    baseSources: Int32Array.from(base, (name) => BASE_INDEX[name]),
    encoderBlocks,
    recentDemandOffset,
  };
}
