import { describe, expect, it } from 'vitest';
import { intervalCalibrationSchema, type IntervalCalibration } from './interval-calibration.js';
import {
  calibrateLeads,
  leadCalibratedInterval,
  MIN_LEAD_DAYS,
  type LeadCalibration,
  type LeadCalibrationDay,
} from './interval-leads.js';

const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** `n` days at `leadDays` with a band of ±`halfWidth` around 3000 and residuals evenly spaced over ±`spread`. */
function lead(
  leadDays: number,
  n: number,
  halfWidth: number,
  spread: number,
  widened = leadDays > 1,
): LeadCalibrationDay[] {
  return Array.from({ length: n }, (_, k) => ({
    date: addDays('2022-01-01', k),
    leadDays,
    actual: 3000 - spread + (2 * spread * k) / (n - 1),
    interval: { p10: 3000 - halfWidth, p50: 3000, p90: 3000 + halfWidth },
    widened,
  }));
}

const coverage = (days: readonly LeadCalibrationDay[], leads: readonly LeadCalibration[]): number =>
  days.filter((day) => {
    const band = leadCalibratedInterval(day.interval, day.leadDays, leads);
    return day.actual >= band.p10 && day.actual <= band.p90;
  }).length / days.length;

describe('calibrateLeads', () => {
  // D+1 misses 1/5 of its days (residuals over ±125, band ±100); D+2's band (±200) is too wide for its ±150.
  const nextDay = lead(1, 101, 100, 125);
  const later = lead(2, 101, 200, 150);

  it('scales a later lead to cover on the held-out days what D+1 covers, half of the misses on each side', () => {
    const leads = calibrateLeads([...nextDay, ...later]);
    // Level 1 − 0.1 (×20/101 misses): the residual's score (p50 − actual) / 200 runs evenly over ±0.75.
    const level = 1 - 20 / 101 / 2;
    expect(leads).toHaveLength(1);
    expect(leads[0]!.leadDays).toBe(2);
    expect(leads[0]!.lower).toBeCloseTo(-0.75 + 1.5 * level, 9);
    expect(leads[0]!.upper).toBeCloseTo(-0.75 + 1.5 * level, 9);
    expect(leads[0]!.nDays).toBe(101);
    expect(coverage(later, leads)).toBeCloseTo(coverage(nextDay, leads), 1);
    expect(coverage(nextDay, leads)).toBeCloseTo(81 / 101, 9); // D+1 itself is never rescaled
  });

  it('keeps a lead as served when it has too few held-out days, was not widened, or D+1 is too short', () => {
    expect(calibrateLeads([...nextDay, ...lead(3, MIN_LEAD_DAYS - 1, 200, 150)])).toEqual([]);
    expect(calibrateLeads([...nextDay, ...lead(3, 101, 200, 150, false)])).toEqual([]);
    expect(calibrateLeads([...nextDay.slice(0, MIN_LEAD_DAYS - 1), ...later])).toEqual([]);
  });
});

describe('leadCalibratedInterval', () => {
  const band = { p10: 2800, p50: 3000, p90: 3300 };
  const leads: LeadCalibration[] = [{ leadDays: 4, lower: 0.5, upper: 2, nDays: 300 }];

  it('scales each side of its lead around p50 and leaves other leads alone', () => {
    expect(leadCalibratedInterval(band, 4, leads)).toEqual({ p10: 2900, p50: 3000, p90: 3600 });
    expect(leadCalibratedInterval(band, 3, leads)).toEqual(band);
    expect(leadCalibratedInterval(band, 4, undefined)).toEqual(band);
  });

  it('is stored in the interval calibration, which still parses without it', () => {
    const calibration: IntervalCalibration = {
      method: 'quantile-band',
      seasons: {
        winter: { lower: 1, upper: 1, nDays: 365 },
        spring: { lower: 1, upper: 1, nDays: 365 },
        summer: { lower: 1, upper: 1, nDays: 365 },
        autumn: { lower: 1, upper: 1, nDays: 365 },
      },
      window: { from: '2022-01-01', to: '2022-12-31', nDays: 365 },
    };
    expect(intervalCalibrationSchema.parse({ ...calibration, leads })).toEqual({ ...calibration, leads });
    expect(intervalCalibrationSchema.parse(calibration)).toEqual(calibration);
  });
});
