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

/**
 * How far back inside its threshold a check must come before its open alert clears (hysteresis): without
 * it a 28-day figure hovering at the line raises, clears and raises again on consecutive days. A crossing
 * still raises at the threshold itself; between the threshold and the margin nothing changes.
 */
export interface ClearMargins {
  /** Clear a MAPE alert only at or below the threshold minus this many percentage points (default 0.3). */
  mapePercentPoints: number;
  /** Clear a coverage alert only this many percentage points inside the 70–90 % range (default 2). */
  coveragePercentPoints: number;
}

/**
 * 0.3 pt of 28-day MAPE is about three ordinary days entering and leaving the window (one day moves
 * it by |APE_new − APE_old| / 28, typically ≈ 0.1 pt). Coverage moves in steps of 1/28 ≈ 3.6 pt, so
 * with 2 pt an alert raised at 19 of 28 days covered (67.9 %) clears at 21 (75 %), not at 20 (71.4 %).
 */
export const DEFAULT_CLEAR_MARGINS: ClearMargins = { mapePercentPoints: 0.3, coveragePercentPoints: 2 };

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
