import { UserInputError } from '@powercast/contracts';
import { z } from 'zod';
import { DEFAULT_WINDOW_DAYS } from './accuracy.js';
import {
  DEFAULT_CLEAR_MARGINS,
  DEFAULT_THRESHOLDS,
  type ClearMargins,
  type MonitoringThresholds,
} from './thresholds.js';

/** Everything accuracy monitoring reads from the `monitoring:` section of powercast.config.yaml. */
export interface MonitoringConfig {
  thresholds: MonitoringThresholds;
  clearMargins: ClearMargins;
  /** The rolling windows of the accuracy report, days; the checks judge the 28-day one. */
  windowDays: number[];
}

export const DEFAULT_MONITORING_CONFIG: MonitoringConfig = {
  thresholds: DEFAULT_THRESHOLDS,
  clearMargins: DEFAULT_CLEAR_MARGINS,
  windowDays: [...DEFAULT_WINDOW_DAYS],
};

/** The keys of the section, as the YAML file spells them, and what each one must be. */
const EXPECTED = {
  mape_28d_percent: 'a number above 0 (percent)',
  coverage_min: 'a share from 0 to 1, below coverage_max',
  coverage_max: 'a share from 0 to 1, above coverage_min',
  min_samples: 'a whole number of days from 1 to 28',
  window_days: 'a list of distinct whole numbers of days from 1 to 366 that includes 28 (the judged window)',
  clear_margin_mape_pt: 'a number of percentage points from 0 to below mape_28d_percent',
  clear_margin_coverage_pt:
    'a number of percentage points from 0 that leaves a clearing range inside coverage_min..coverage_max',
} as const;

type SectionKey = keyof typeof EXPECTED;

const share = z.number().min(0).max(1);
const sectionSchema = z
  .strictObject({
    mape_28d_percent: z.number().positive().default(DEFAULT_THRESHOLDS.mape28dPercent),
    coverage_min: share.default(DEFAULT_THRESHOLDS.coverageMin),
    coverage_max: share.default(DEFAULT_THRESHOLDS.coverageMax),
    min_samples: z.number().int().min(1).max(28).default(DEFAULT_THRESHOLDS.minSamples),
    window_days: z
      .array(z.number().int().min(1).max(366))
      .refine((days) => days.includes(28) && new Set(days).size === days.length)
      .default([...DEFAULT_WINDOW_DAYS]),
    clear_margin_mape_pt: z.number().min(0).default(DEFAULT_CLEAR_MARGINS.mapePercentPoints),
    clear_margin_coverage_pt: z.number().min(0).default(DEFAULT_CLEAR_MARGINS.coveragePercentPoints),
  })
  .refine((section) => section.coverage_min < section.coverage_max, { path: ['coverage_min'] })
  .refine((section) => section.clear_margin_mape_pt < section.mape_28d_percent, { path: ['clear_margin_mape_pt'] })
  // Both margins inside the range must leave some of it (in points, with a tolerance for 0.9 − 0.7 ≠ 0.2).
  .refine(
    (section) => 2 * section.clear_margin_coverage_pt < (section.coverage_max - section.coverage_min) * 100 - 1e-9,
    { path: ['clear_margin_coverage_pt'] },
  );

const SECTION_DEFAULTS = sectionSchema.parse({});

/** A bad value in the `monitoring:` section: the file, the key, the value and what was expected. */
export class MonitoringConfigError extends UserInputError {
  readonly kind = 'invalid-monitoring-config';
  constructor(
    readonly file: string,
    readonly key: string,
    readonly value: unknown,
    readonly expected: string,
    /** The value is the default, not in the file: the key the file sets conflicts with it. */
    readonly defaulted = false,
  ) {
    super(`${file}: key "${key}" = ${quote(value)}${defaulted ? ' (the default)' : ''}; expected ${expected}`);
  }
}

/**
 * Validates the `monitoring:` section of the config file (`file` names it in errors); any subset of
 * keys, the rest default. Undefined (no section) is all defaults.
 */
export function parseMonitoringConfig(section: unknown, file: string): MonitoringConfig {
  const parsed = sectionSchema.safeParse(section ?? {});
  if (!parsed.success) throw configErrorOf(parsed.error, section, file);
  const value = parsed.data;
  return {
    thresholds: {
      mape28dPercent: value.mape_28d_percent,
      coverageMin: value.coverage_min,
      coverageMax: value.coverage_max,
      minSamples: value.min_samples,
    },
    clearMargins: {
      mapePercentPoints: value.clear_margin_mape_pt,
      coveragePercentPoints: value.clear_margin_coverage_pt,
    },
    windowDays: value.window_days,
  };
}

function configErrorOf(error: z.ZodError, section: unknown, file: string): MonitoringConfigError {
  const issue = error.issues[0]!;
  const fields = typeof section === 'object' && section !== null && !Array.isArray(section) ? section : undefined;
  if (fields === undefined)
    return new MonitoringConfigError(file, 'monitoring', section, 'a mapping of keys to values');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    return new MonitoringConfigError(
      file,
      `monitoring.${key}`,
      (fields as Record<string, unknown>)[key],
      `one of the keys ${Object.keys(EXPECTED).join(', ')}`,
    );
  }
  const key = String(issue.path[0]);
  const defaulted = !(key in fields);
  return new MonitoringConfigError(
    file,
    `monitoring.${key}`,
    defaulted ? (SECTION_DEFAULTS as Record<string, unknown>)[key] : (fields as Record<string, unknown>)[key],
    key in EXPECTED ? EXPECTED[key as SectionKey] : issue.message,
    defaulted,
  );
}

function quote(value: unknown): string {
  const text = value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
