import type { ChartImportance, ChartInput, ChartPrediction } from '../input.js';

/**
 * Seeded PRNG (mulberry32, as @powercast/model seeds its trees): the same fixture on every run.
 * The charts do not depend on the model, so the fixture keeps its own eight lines.
 */
function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw (Box–Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * A synthetic year of Tokyo-area daily peaks (万kW): summer and winter peaks, lower weekends, and
 * a forecast with noise and a small over-forecast, shaped like a real 2023 backtest.
 */
export function syntheticPredictions(seed = 42, firstDate = '2023-01-01', days = 365): ChartPrediction[] {
  const random = createRng(seed);
  const startMs = Date.parse(`${firstDate}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => {
    const date = new Date(startMs + i * 86_400_000);
    const dayOfYear = (date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000;
    const summer = 1500 * Math.exp(-(((dayOfYear - 215) / 35) ** 2));
    const winter = 700 * Math.exp(-(((dayOfYear - 20) / 40) ** 2)) + 500 * Math.exp(-(((dayOfYear - 360) / 25) ** 2));
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6 ? -350 : 0;
    const actual = Math.round(3600 + summer + winter + weekend + 120 * gaussian(random));
    const predicted = Math.round(actual + 40 + 130 * gaussian(random));
    return { date: date.toISOString().slice(0, 10), actual, predicted };
  });
}

const FEATURE_NAMES = [
  'lag_1',
  'max_temp',
  'lag_7',
  'cdd',
  'is_holiday',
  'day_of_week',
  'hdd',
  'min_temp',
  'avg',
  'month',
  'rolling_mean_7',
  'rng',
  'is_hot_day',
  'day_of_year_sin',
  'day_of_year_cos',
  'is_cold_day',
  'humidity_mean',
  'sunshine_hours',
  'weather_category_晴れ',
  'weather_category_曇り',
  'weather_category_雨',
  'precipitation_mm',
  'weather_category_晴れ時々曇り',
  'weather_category_雪',
  'year',
];

/** Split-gain importances with a long tail, more features than the chart shows. */
export function syntheticImportance(seed = 7): ChartImportance[] {
  const random = createRng(seed);
  return FEATURE_NAMES.map((feature, rank) => ({
    feature,
    gain: Math.round(1e9 * Math.exp(-rank / 4) * (0.8 + 0.4 * random())),
    splitCount: Math.round(400 * Math.exp(-rank / 8) * (0.5 + random())),
  }));
}

/** A complete chart input: metrics consistent with the synthetic predictions. */
export function syntheticChartInput(seed = 42): ChartInput {
  const predictions = syntheticPredictions(seed);
  const errors = predictions.map((p) => p.predicted - p.actual);
  const n = predictions.length;
  const mse = errors.reduce((s, e) => s + e * e, 0) / n;
  const meanActual = predictions.reduce((s, p) => s + p.actual, 0) / n;
  const variance = predictions.reduce((s, p) => s + (p.actual - meanActual) ** 2, 0) / n;
  return {
    metrics: {
      mse,
      rmse: Math.sqrt(mse),
      mae: errors.reduce((s, e) => s + Math.abs(e), 0) / n,
      mape: (predictions.reduce((s, p) => s + Math.abs(p.predicted - p.actual) / p.actual, 0) / n) * 100,
      r2: 1 - mse / variance,
      maxError: Math.max(...errors.map(Math.abs)),
      bias: errors.reduce((s, e) => s + e, 0) / n,
    },
    importance: syntheticImportance(),
    predictions,
    title: '2023年 バックテスト（合成データ）',
    modelVersion: 'v3',
  };
}
