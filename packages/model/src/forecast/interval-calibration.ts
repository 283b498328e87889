import { calendarDay } from '@powercast/features/calendar';
import { z } from 'zod';
import { quantileOf } from '../metrics/quantile.js';
import type { RetrainSchedule } from './backtest-as-of.js';
import type { PredictionInterval } from './forecast-model.js';
import { leadCalibrationSchema, type LeadCalibration } from './interval-leads.js';

/** Meteorological seasons: Dec–Feb, Mar–May, Jun–Aug, Sep–Nov. */
export type Season = 'winter' | 'spring' | 'summer' | 'autumn';
export const SEASONS: readonly Season[] = ['winter', 'spring', 'summer', 'autumn'];

export function seasonOf(date: string): Season {
  const month = Number(date.slice(5, 7));
  if (month === 12 || month <= 2) return 'winter';
  if (month <= 5) return 'spring';
  if (month <= 8) return 'summer';
  return 'autumn';
}

/**
 * How the 80 % interval is set around the point forecast (p50):
 * - `quantile-band`: the quantile models' p10/p90 offsets, widened by the temperature-error spread, as they are;
 * - `conformal`: split-conformal with a constant band: p50 + the 10th / 90th percentile of the
 *   held-out ex-ante residuals of the season (same width every day of a season);
 * - `scaled-band`: both — the quantile band, each side scaled by the season's split-conformal factor
 *   (the 90th percentile of the held-out residual ÷ that day's band side), so it keeps the band's
 *   day-to-day shape and the held-out coverage;
 * - `balanced-band`: the quantile band keeps its held-out coverage (its level), but the held-out misses are
 *   split evenly between the two tails (each side scaled by one factor for the whole year), and on hard days
 *   (`isHardDay`) each side is scaled again by how much further out the hard days' residuals fall than the
 *   ordinary days' (ratio of their 90th-percentile scores): the held-out year sets the shape, not the level.
 */
export type IntervalMethod = 'quantile-band' | 'conformal' | 'scaled-band' | 'balanced-band';
export const INTERVAL_METHODS: readonly IntervalMethod[] = [
  'quantile-band',
  'conformal',
  'scaled-band',
  'balanced-band',
];

export interface SeasonCalibration {
  /** `conformal`: 万kW below / above p50; `scaled-band`: factors on the band's lower / upper side; `quantile-band`: 1. */
  lower: number;
  upper: number;
  /** Held-out days it was set on (a season with fewer than `MIN_SEASON_DAYS` uses every day of the window). */
  nDays: number;
}

/** `balanced-band`'s extra factors on both sides of hard days (1: too few hard held-out days to say). */
export interface HardDayCalibration {
  lower: number;
  upper: number;
  /** Hard held-out days they were set on. */
  nDays: number;
}

export interface IntervalCalibration {
  method: IntervalMethod;
  seasons: Record<Season, SeasonCalibration>;
  /** `balanced-band` only (calibrations written before it have none). */
  hardDays?: HardDayCalibration;
  /** Leads 2–7 relative to D+1 (`calibrateLeads`); absent: every lead's band as served. */
  leads?: LeadCalibration[];
  /**
   * The held-out ex-ante days the calibration was set on, and how often the models answering them were
   * retrained (`calibrateExAnte`; absent for calibrations set on days from elsewhere, or written before it).
   */
  window: { from: string; to: string; nDays: number; retrain?: RetrainSchedule };
}

const seasonCalibrationSchema = z.object({
  lower: z.number().finite(),
  upper: z.number().finite(),
  nDays: z.number().int().min(0),
});
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const intervalCalibrationSchema = z.object({
  method: z.enum(['quantile-band', 'conformal', 'scaled-band', 'balanced-band']),
  seasons: z.object({
    winter: seasonCalibrationSchema,
    spring: seasonCalibrationSchema,
    summer: seasonCalibrationSchema,
    autumn: seasonCalibrationSchema,
  }),
  hardDays: seasonCalibrationSchema.optional(),
  leads: z.array(leadCalibrationSchema).optional(),
  window: z.object({
    from: isoDate,
    to: isoDate,
    nDays: z.number().int().min(0),
    retrain: z.enum(['none', 'monthly', 'quarterly']).optional(),
  }),
});

/** The uncalibrated band of one day: the point forecast and the band's distance below and above it, 万kW. */
export interface RawBand {
  date: string;
  peak: number;
  lowerSpread: number;
  upperSpread: number;
}

export interface CalibrationDay extends RawBand {
  actual: number;
}

/** Fewer held-out days than this in a season: its calibration pools the whole window (a quarter of a year is ~90). */
export const MIN_SEASON_DAYS = 20;
/** Each tail of the 80 % interval. */
const TAIL = 0.1;

/**
 * Days whose demand the point model gets wrong in one direction (over-forecast by 1.5–5 %, README "Where the
 * errors are"): public holidays, year-end (Dec 29 – Jan 3), Obon (Aug 13–16) and Golden Week's days off.
 * Known from the date alone, so the correction needs nothing the band does not already have.
 */
export function isHardDay(date: string): boolean {
  const day = calendarDay(date);
  return day.holiday || day.yearEnd || day.obon || (day.goldenWeek && day.dayOff);
}

/** Thrown when there are no held-out days to calibrate on. */
export class IntervalCalibrationError extends RangeError {
  override name = 'IntervalCalibrationError';
}

/**
 * Split-conformal calibration by season on held-out ex-ante days (answered by a model that never
 * saw them). The score of each side is the residual beyond p50 (`conformal`) or that residual over
 * the day's band side (`scaled-band`); the side's calibration is the score's 90th percentile
 * (linear interpolation), so 10 % of the held-out days fall below p10 and 10 % above p90.
 */
export function calibrateIntervals(days: readonly CalibrationDay[], method: IntervalMethod): IntervalCalibration {
  if (days.length === 0) throw new IntervalCalibrationError('interval calibration needs held-out days, got none');
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const window = { from: sorted[0]!.date, to: sorted.at(-1)!.date, nDays: sorted.length };
  if (method === 'balanced-band') return balancedBand(sorted, window);
  const sides = (group: readonly CalibrationDay[]): { lower: number; upper: number } => {
    if (method === 'quantile-band') return { lower: 1, upper: 1 };
    const scale = (spread: number): number => (method === 'scaled-band' ? Math.max(spread, 1e-9) : 1);
    const below = group.map((day) => (day.peak - day.actual) / scale(day.lowerSpread));
    const above = group.map((day) => (day.actual - day.peak) / scale(day.upperSpread));
    return { lower: quantileOf(below, 1 - TAIL), upper: quantileOf(above, 1 - TAIL) };
  };
  const pooled = sides(sorted);
  const seasons = Object.fromEntries(
    SEASONS.map((season) => {
      const group = sorted.filter((day) => seasonOf(day.date) === season);
      const own = group.length >= MIN_SEASON_DAYS ? sides(group) : pooled;
      return [season, { ...own, nDays: group.length >= MIN_SEASON_DAYS ? group.length : sorted.length }];
    }),
  ) as Record<Season, SeasonCalibration>;
  return { method, seasons, window };
}

const belowScore = (day: CalibrationDay): number => (day.peak - day.actual) / Math.max(day.lowerSpread, 1e-9);
const aboveScore = (day: CalibrationDay): number => (day.actual - day.peak) / Math.max(day.upperSpread, 1e-9);

/**
 * `balanced-band`: why not calibrate the level too? The raw band covered 72 % of 2022's held-out days and
 * 80 % of 2023's: a year's level moves more than one year of residuals can pin down (the season-wise
 * split-conformal bands carried 2022's quirks into 2023, README). Its shape did not move: in both years
 * the lower side missed more often than the upper (18 % vs 10 % of 2022's days), and hard days missed
 * below far more than above.
 */
function balancedBand(sorted: readonly CalibrationDay[], window: IntervalCalibration['window']): IntervalCalibration {
  const miss = sorted.filter((day) => belowScore(day) > 1 || aboveScore(day) > 1).length / sorted.length;
  // Each side's factor leaves half of the raw band's held-out misses outside it.
  const level = 1 - miss / 2;
  const sides = { lower: quantileOf(sorted.map(belowScore), level), upper: quantileOf(sorted.map(aboveScore), level) };
  const hard = sorted.filter((day) => isHardDay(day.date));
  const ordinary = sorted.filter((day) => !isHardDay(day.date));
  // How much further out hard days fall than ordinary ones, at the band's own tail; 1 when either is unknown.
  const ratio = (score: (day: CalibrationDay) => number): number => {
    if (hard.length < MIN_SEASON_DAYS || ordinary.length < MIN_SEASON_DAYS) return 1;
    const base = quantileOf(ordinary.map(score), 1 - TAIL);
    return base > 0 ? Math.max(0, quantileOf(hard.map(score), 1 - TAIL) / base) : 1;
  };
  const hardDays = { lower: ratio(belowScore), upper: ratio(aboveScore), nDays: hard.length };
  const seasons = Object.fromEntries(
    SEASONS.map((season) => [
      season,
      { lower: Math.max(0, sides.lower), upper: Math.max(0, sides.upper), nDays: sorted.length },
    ]),
  ) as Record<Season, SeasonCalibration>;
  return { method: 'balanced-band', seasons, hardDays, window };
}

/** The day's 80 % interval: the raw band as calibrated (null: the raw band as is); never crossing. */
export function calibratedInterval(band: RawBand, calibration: IntervalCalibration | null): PredictionInterval {
  const { peak, lowerSpread, upperSpread } = band;
  let p10 = peak - lowerSpread;
  let p90 = peak + upperSpread;
  if (calibration !== null && calibration.method !== 'quantile-band') {
    const season = calibration.seasons[seasonOf(band.date)];
    const extra =
      calibration.method === 'balanced-band' && calibration.hardDays && isHardDay(band.date)
        ? calibration.hardDays
        : { lower: 1, upper: 1 };
    p10 = peak - (calibration.method === 'conformal' ? season.lower : season.lower * extra.lower * lowerSpread);
    p90 = peak + (calibration.method === 'conformal' ? season.upper : season.upper * extra.upper * upperSpread);
  }
  // A residual percentile can sit on the "wrong" side of p50 (a strongly biased season): sort, never cross.
  const [low, mid, high] = [p10, peak, p90].sort((a, b) => a - b) as [number, number, number];
  return { p10: low, p50: mid, p90: high };
}
