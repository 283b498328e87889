import { UserInputError } from '@powercast/contracts';
import { z } from 'zod';

/** When the deployed model's accuracy needs attention. One schema, defaults in one place. */
export interface MonitoringThresholds {
  /** Alert when the 28-day MAPE is above this, % (default 3.5). */
  mape28dPercent: number;
  /** Alert when the 28-day share of actuals inside [p10, p90] is below this (default 0.7)… */
  coverageMin: number;
  /** …or above this (default 0.9): a band that covers too often is too wide to be useful. */
  coverageMax: number;
  /**
   * A check is only judged with at least this many scored days in its 28-day window (default 20):
   * a window of a few days would raise and clear alerts on noise.
   */
  minSamples: number;
}

const thresholdsSchema = z
  .object({
    mape28dPercent: z.number().positive().default(3.5),
    coverageMin: z.number().min(0).max(1).default(0.7),
    coverageMax: z.number().min(0).max(1).default(0.9),
    minSamples: z.number().int().min(1).max(28).default(20),
  })
  .strict()
  .refine((value) => value.coverageMin < value.coverageMax, {
    message: 'coverageMin must be below coverageMax',
    path: ['coverageMin'],
  });

export const DEFAULT_THRESHOLDS: MonitoringThresholds = thresholdsSchema.parse({});

export class ThresholdConfigError extends UserInputError {
  readonly kind = 'invalid-monitoring-thresholds';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(
      `monitoring thresholds: ${field} = ${JSON.stringify(value)?.slice(0, 80) ?? String(value)}; expected ${expected}`,
    );
  }
}

/** Validates configured thresholds (any subset; the rest take the defaults). */
export function parseThresholds(input: unknown = {}): MonitoringThresholds {
  const parsed = thresholdsSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || '(thresholds)';
  const value =
    issue && issue.path.length > 0 && typeof input === 'object' && input !== null
      ? (input as Record<string, unknown>)[String(issue.path[0])]
      : input;
  throw new ThresholdConfigError(field, value, issue?.message ?? 'valid thresholds');
}
