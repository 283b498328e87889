import { z } from 'zod';
import { quantileOf } from '../metrics/quantile.js';
import type { PredictionInterval } from './forecast-model.js';

/** One held-out forecast day at some lead, with the interval served for it. */
export interface LeadCalibrationDay {
  date: string;
  /** Days after the JST date (1 = tomorrow). */
  leadDays: number;
  actual: number;
  interval: PredictionInterval;
  /** Whether JMA's weekly likely range widened the interval (leads 2–7 with a range). */
  widened: boolean;
}

/** Factors on the lower / upper side of the served interval at one lead (2–7). */
export interface LeadCalibration {
  leadDays: number;
  lower: number;
  upper: number;
  /** Held-out days of that lead they were set on. */
  nDays: number;
}

export const leadCalibrationSchema = z.object({
  leadDays: z.number().int().min(2),
  lower: z.number().finite().min(0),
  upper: z.number().finite().min(0),
  nDays: z.number().int().min(0),
});

/** Fewer held-out days than this at D+1 or at a lead: that lead keeps its band as is. */
export const MIN_LEAD_DAYS = 60;

const outside = (day: LeadCalibrationDay): boolean => day.actual < day.interval.p10 || day.actual > day.interval.p90;

/**
 * Calibration by lead, relative to D+1. Leads 2–7 add JMA's weekly likely range to the model's band
 * in quadrature, which on held-out 2022 covered 81–84 % at every lead while D+1 covered 72 %, and
 * 89–91 % in 2023 (D+1: 80 %): the range ends overstate the error of the weekly forecast's centre.
 * Each later lead is therefore scaled, side by side, to cover on the held-out days what D+1 covers
 * there, the misses split evenly between the tails (as `balanced-band` does for D+1): the year's
 * level stays D+1's, the lead sets only how much wider a later day is.
 */
export function calibrateLeads(days: readonly LeadCalibrationDay[]): LeadCalibration[] {
  const nextDay = days.filter((day) => day.leadDays === 1);
  if (nextDay.length < MIN_LEAD_DAYS) return [];
  const level = 1 - nextDay.filter(outside).length / nextDay.length / 2;
  const leads = [...new Set(days.map((day) => day.leadDays))].filter((lead) => lead >= 2).sort((a, b) => a - b);
  return leads.flatMap((leadDays) => {
    const group = days.filter((day) => day.leadDays === leadDays && day.widened);
    if (group.length < MIN_LEAD_DAYS) return [];
    const below = group.map(
      ({ actual, interval }) => (interval.p50 - actual) / Math.max(interval.p50 - interval.p10, 1e-9),
    );
    const above = group.map(
      ({ actual, interval }) => (actual - interval.p50) / Math.max(interval.p90 - interval.p50, 1e-9),
    );
    return [
      {
        leadDays,
        lower: Math.max(0, quantileOf(below, level)),
        upper: Math.max(0, quantileOf(above, level)),
        nDays: group.length,
      },
    ];
  });
}

/** The served interval of a widened day at `leadDays`, scaled by its lead's calibration (unchanged without one). */
export function leadCalibratedInterval(
  interval: PredictionInterval,
  leadDays: number,
  leads: readonly LeadCalibration[] | undefined,
): PredictionInterval {
  const lead = leads?.find((entry) => entry.leadDays === leadDays);
  if (lead === undefined) return interval;
  const { p10, p50, p90 } = interval;
  return { p10: p50 - lead.lower * (p50 - p10), p50, p90: p50 + lead.upper * (p90 - p50) };
}
