import { z } from 'zod';

const finite = z.number().finite();

/** Test-period metrics as computed by `regressionMetrics`; `mape` is in percent (4.56 means 4.56 %). */
export const chartMetricsSchema = z.object({
  mse: finite.nonnegative(),
  rmse: finite.nonnegative(),
  mae: finite.nonnegative(),
  mape: finite.nonnegative(),
  r2: finite,
  maxError: finite.nonnegative().optional(),
  bias: finite.optional(),
});

/** One feature's importance, in the shape `featureImportance()` returns (extra fields are ignored). */
export const chartImportanceSchema = z.object({
  feature: z.string().min(1),
  /** Total split gain, or its share; charts show shares of the sum over all features either way. */
  gain: finite.nonnegative(),
  /** Share of all splits (0–1); shown when `splitCount` is absent. */
  splits: finite.nonnegative().optional(),
  /** Number of splits on the feature. */
  splitCount: z.number().int().nonnegative().optional(),
});

export const chartPredictionSchema = z
  .object({
    date: z.iso.date(),
    actual: finite,
    predicted: finite,
    /** The forecast's 80 % interval (P10..P90), 万kW, when the model has quantiles; the chart then draws it. */
    p10: finite.optional(),
    p90: finite.optional(),
  })
  .refine((p) => (p.p10 === undefined) === (p.p90 === undefined), {
    message: 'expected both p10 and p90, or neither',
    path: ['p90'],
  })
  .refine((p) => p.p10 === undefined || p.p90 === undefined || p.p10 <= p.p90, {
    message: 'expected p10 ≤ p90',
    path: ['p10'],
  });

/** One day of a comparison series (TEPCO's night-before forecast, the backcast), 万kW. */
export const chartSeriesPointSchema = z.object({ date: z.iso.date(), predicted: finite });

/**
 * What `predictions` are. 'ex-ante': each day forecast as of `issueTime` JST the day before (JMA's
 * forecast, demand so far); the backcast and TEPCO's night-before forecast are drawn beside it.
 * 'backcast': observed weather of the day itself — the charts then say there is no ex-ante figure.
 */
export const chartForecastSchema = z.object({
  basis: z.enum(['ex-ante', 'backcast']),
  issueTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
    .optional(),
  noExAnteReason: z.string().optional(),
  backcast: z.array(chartSeriesPointSchema).optional(),
  tepcoNightBefore: z.array(chartSeriesPointSchema).optional(),
  backcastMape: finite.nonnegative().optional(),
  tepcoMape: finite.nonnegative().optional(),
});

export const chartInputSchema = z.object({
  metrics: chartMetricsSchema,
  importance: z.array(chartImportanceSchema),
  predictions: z.array(chartPredictionSchema).min(1),
  /** Shown above each chart, e.g. "2023年 日次ピーク予測". */
  title: z.string().min(1).optional(),
  /** Shown as a subtitle, e.g. a registry version or a model id. */
  modelVersion: z.union([z.string().min(1), z.number()]).optional(),
  /** Omitted: the predictions are unlabelled (as before). */
  forecast: chartForecastSchema.optional(),
});

export type ChartMetrics = z.infer<typeof chartMetricsSchema>;
export type ChartImportance = z.infer<typeof chartImportanceSchema>;
/** One forecast day: actual and predicted daily peak, both in 万kW. */
export type ChartPrediction = z.infer<typeof chartPredictionSchema>;
export type ChartInput = z.infer<typeof chartInputSchema>;
export type ChartForecast = z.infer<typeof chartForecastSchema>;
export type ChartSeriesPoint = z.infer<typeof chartSeriesPointSchema>;

/** The chart input is not what `renderCharts` can draw; the message names each bad field and value. */
export class ChartInputError extends Error {
  override readonly name = 'ChartInputError';
  constructor(readonly issues: readonly string[]) {
    super(`invalid chart input: ${issues.join('; ')}`);
  }
}

function describeValue(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
}

/** Validates untrusted chart input into a typed value, or throws {@link ChartInputError}. */
export function parseChartInput(input: unknown): ChartInput {
  const result = chartInputSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ChartInputError(
    result.error.issues.map((issue) => {
      const value = issue.path.reduce<unknown>(
        (node, key) =>
          node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined,
        input,
      );
      return `${issue.path.join('.') || '(root)'}: ${issue.message} (got ${describeValue(value)})`;
    }),
  );
}
