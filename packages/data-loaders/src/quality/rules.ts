import { z } from 'zod';
import { UserInputError } from '@powercast/contracts';

/**
 * What a finding does to the run: `fail` stops it (the first findings listed), `drop` takes the day
 * out of training (and says so), `warn` reports it and keeps the day.
 */
export type QualityAction = 'fail' | 'drop' | 'warn';
export const QUALITY_ACTIONS: readonly QualityAction[] = ['fail', 'drop', 'warn'];

/** The series a rule looks at (a finding names it). */
export type QualitySeries =
  'hourly-demand' | 'five-minute-demand' | 'temperature' | 'pops' | 'weather' | 'forecast-issue' | 'file';

export interface QualityRule<Id extends string = string> {
  id: Id;
  series: QualitySeries;
  /** What the rule checks, as the README lists it. */
  check: string;
  defaultAction: QualityAction;
  parameters: Readonly<Record<string, number>>;
}

/**
 * Every data-quality rule in one table (the README lists it). Bounds were set against
 * ../shared/data (2016-04..2023-12): hourly demand 1,877..5,930 万kW, 5-minute 1,854..5,952,
 * the largest hour-to-hour change 820 万kW, no run of even 4 equal hours, hourly vs the mean of its
 * twelve 5-minute values at most 1.5 % apart, temperatures −4..39 ℃ (daily) and −3.6..37.4 ℃
 * (hourly). Ranges are physical limits for the TEPCO area and Tokyo, not the observed extremes.
 */
export const QUALITY_RULES = [
  {
    id: 'hourly-demand-range',
    series: 'hourly-demand',
    check: 'every hourly demand value within the physical range of the TEPCO area',
    defaultAction: 'fail',
    parameters: { minManKw: 1000, maxManKw: 7500 },
  },
  {
    id: 'five-minute-demand-range',
    series: 'five-minute-demand',
    check: 'every 5-minute demand value within the physical range of the TEPCO area',
    defaultAction: 'fail',
    parameters: { minManKw: 1000, maxManKw: 7500 },
  },
  {
    id: 'temperature-range',
    series: 'temperature',
    check: "observed (daily, hourly) and forecast temperatures within Tokyo's physical range",
    defaultAction: 'fail',
    parameters: { minC: -20, maxC: 45 },
  },
  {
    id: 'pops-range',
    series: 'pops',
    check: "JMA's probabilities of precipitation between 0 and 100 %",
    defaultAction: 'fail',
    parameters: { minPercent: 0, maxPercent: 100 },
  },
  {
    id: 'max-below-min',
    series: 'temperature',
    check: "a day's observed maximum temperature below its minimum",
    defaultAction: 'fail',
    parameters: {},
  },
  {
    id: 'day-completeness',
    series: 'hourly-demand',
    check: 'a demand day has all 24 hourly values (daily files: and all 288 five-minute values)',
    defaultAction: 'drop',
    parameters: { hours: 24, fiveMinuteValues: 288 },
  },
  {
    id: 'hourly-five-minute-mismatch',
    series: 'five-minute-demand',
    check: "an hour's demand and the mean of its twelve 5-minute values disagree beyond a share",
    defaultAction: 'drop',
    parameters: { maxRelativeDifference: 0.05 },
  },
  {
    id: 'flat-line',
    series: 'hourly-demand',
    check: 'the same hourly demand value for at least N consecutive hours',
    defaultAction: 'warn',
    parameters: { minHours: 6 },
  },
  {
    id: 'hourly-jump',
    series: 'hourly-demand',
    check: 'an hour-to-hour change of demand beyond a bound',
    defaultAction: 'warn',
    parameters: { maxChangeManKw: 1200 },
  },
  {
    id: 'stale-forecast-issue',
    series: 'forecast-issue',
    check: "the latest JMA issue giving day D's maximum, at the issue time (18:00 JST on D−1), older than allowed",
    defaultAction: 'warn',
    parameters: { issueHourJst: 18, maxAgeHours: 36 },
  },
  {
    id: 'duplicate-rows',
    series: 'file',
    check:
      'a date given twice by files of one kind (TEPCO daily, TEPCO yearly) with the same numbers: both named, the first kept',
    defaultAction: 'warn',
    parameters: {},
  },
  {
    id: 'conflicting-rows',
    series: 'weather',
    check: 'JMA daily exports giving different values for one date and field: both named, the later download wins',
    defaultAction: 'warn',
    parameters: {},
  },
  {
    id: 'mixed-encoding',
    series: 'file',
    check: 'a file mixing encodings (a UTF-8 row in a CP932 file, or undecodable bytes)',
    defaultAction: 'fail',
    parameters: {},
  },
  {
    id: 'optional-input-missing',
    series: 'file',
    check: 'an optional input (JMA daily/hourly export, holiday list, forecast archive) missing or empty',
    defaultAction: 'warn',
    parameters: {},
  },
] as const satisfies readonly QualityRule[];

export type QualityRuleId = (typeof QUALITY_RULES)[number]['id'];
export const QUALITY_RULE_IDS = QUALITY_RULES.map((rule) => rule.id) as readonly QualityRuleId[];

/** Per-rule overrides of the default action. */
export type QualityActions = Partial<Record<QualityRuleId, QualityAction>>;
export type ResolvedQualityActions = Record<QualityRuleId, QualityAction>;

/** A `quality_actions` setting that names an unknown rule or action. */
export class QualityConfigError extends UserInputError {
  override readonly name = 'QualityConfigError';
  readonly kind = 'invalid-quality-config';
}

const actionsSchema = z.record(z.string(), z.enum(['fail', 'drop', 'warn']));

/** `{"flat-line": "fail"}` (an object or its JSON text) → every rule's action, defaults filled in. */
export function qualityActionsFrom(input: unknown = {}): ResolvedQualityActions {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input.trim() === '' ? '{}' : input) as unknown;
    } catch {
      throw new QualityConfigError(
        `quality_actions: expected JSON like {"flat-line":"fail"}, got "${input.slice(0, 80)}"`,
      );
    }
  }
  const parsed = actionsSchema.safeParse(value);
  if (!parsed.success)
    throw new QualityConfigError(
      `quality_actions: expected an object of rule id → fail | drop | warn, got ${JSON.stringify(value)?.slice(0, 80)}`,
    );
  const resolved = Object.fromEntries(
    QUALITY_RULES.map((rule) => [rule.id, rule.defaultAction]),
  ) as ResolvedQualityActions;
  for (const [id, action] of Object.entries(parsed.data)) {
    if (!(QUALITY_RULE_IDS as readonly string[]).includes(id))
      throw new QualityConfigError(
        `quality_actions: unknown rule "${id.slice(0, 80)}" (rules: ${QUALITY_RULE_IDS.join(', ')})`,
      );
    resolved[id as QualityRuleId] = action;
  }
  return resolved;
}

type RuleEntry = (typeof QUALITY_RULES)[number];

/** The table entry of one rule, typed by its id (so its parameters are known). */
export function qualityRule<Id extends QualityRuleId>(id: Id): Extract<RuleEntry, { id: Id }> {
  return QUALITY_RULES.find((rule) => rule.id === id) as Extract<RuleEntry, { id: Id }>;
}
