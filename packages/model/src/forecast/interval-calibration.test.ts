import { describe, expect, it } from 'vitest';
import {
  calibrateIntervals,
  calibratedInterval,
  IntervalCalibrationError,
  MIN_SEASON_DAYS,
  seasonOf,
  type CalibrationDay,
} from './interval-calibration.js';

const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A year of days with a band of ±100 around 3000 and residuals spread evenly over −200..+200 (winter: ×2). */
function year(): CalibrationDay[] {
  return Array.from({ length: 360 }, (_, i) => {
    const date = addDays('2022-01-01', i);
    const residual = -200 + ((i * 37) % 101) * 4; // a permutation of −200, −196, …, +200
    const scale = seasonOf(date) === 'winter' ? 2 : 1;
    return { date, actual: 3000 + scale * residual, peak: 3000, lowerSpread: 100, upperSpread: 100 };
  });
}

const share = (days: CalibrationDay[], test: (day: CalibrationDay) => boolean): number =>
  days.filter(test).length / days.length;

describe('seasonOf', () => {
  it('puts December–February in winter and the other quarters in their seasons', () => {
    expect(['2023-12-01', '2023-02-28', '2023-03-01', '2023-06-15', '2023-09-01', '2023-11-30'].map(seasonOf)).toEqual([
      'winter',
      'winter',
      'spring',
      'summer',
      'autumn',
      'autumn',
    ]);
  });
});

describe('calibrateIntervals', () => {
  const days = year();

  for (const method of ['conformal', 'scaled-band'] as const) {
    it(`${method}: leaves about 10 % of the held-out days below p10 and 10 % above p90 in each season`, () => {
      const calibration = calibrateIntervals(days, method);
      for (const season of ['winter', 'spring', 'summer', 'autumn'] as const) {
        const group = days.filter((day) => seasonOf(day.date) === season);
        const below = share(group, (day) => day.actual < calibratedInterval(day, calibration).p10);
        const above = share(group, (day) => day.actual > calibratedInterval(day, calibration).p90);
        expect(below, season).toBeGreaterThan(0.07);
        expect(below, season).toBeLessThan(0.13);
        expect(above, season).toBeGreaterThan(0.07);
        expect(above, season).toBeLessThan(0.13);
      }
      // Winter's residuals are twice as large: so is its band.
      const winter = calibratedInterval(days[0]!, calibration);
      const summer = calibratedInterval(days[180]!, calibration);
      expect(winter.p90 - winter.p10).toBeGreaterThan(1.8 * (summer.p90 - summer.p10));
    });
  }

  it('quantile-band keeps the raw band', () => {
    const calibration = calibrateIntervals(days, 'quantile-band');
    expect(calibratedInterval(days[5]!, calibration)).toEqual({ p10: 2900, p50: 3000, p90: 3100 });
    expect(calibratedInterval(days[5]!, null)).toEqual({ p10: 2900, p50: 3000, p90: 3100 });
  });

  it('scales the band day by day under scaled-band, adds a constant under conformal', () => {
    const wide = { ...days[180]!, lowerSpread: 200, upperSpread: 200 };
    const scaled = calibrateIntervals(days, 'scaled-band');
    const constant = calibrateIntervals(days, 'conformal');
    const width = (band: { p10: number; p90: number }): number => band.p90 - band.p10;
    expect(width(calibratedInterval(wide, scaled))).toBeCloseTo(2 * width(calibratedInterval(days[180]!, scaled)), 9);
    expect(width(calibratedInterval(wide, constant))).toBeCloseTo(width(calibratedInterval(days[180]!, constant)), 9);
  });

  it('pools the whole window for a season with too few held-out days', () => {
    const short = days.filter((day) => seasonOf(day.date) !== 'spring' || day.date < '2022-03-10');
    const calibration = calibrateIntervals(short, 'conformal');
    expect(calibration.seasons.spring.nDays).toBe(short.length);
    expect(calibration.seasons.summer.nDays).toBeGreaterThanOrEqual(MIN_SEASON_DAYS);
    expect(calibration.window).toEqual({ from: '2022-01-01', to: short.at(-1)!.date, nDays: short.length });
  });

  it('never lets the quantiles cross, even for a season biased past p50', () => {
    const biased = days.map((day) => ({ ...day, actual: day.actual + 1000 }));
    const calibration = calibrateIntervals(biased, 'conformal');
    const band = calibratedInterval(days[100]!, calibration);
    expect(band.p10).toBeLessThanOrEqual(band.p50);
    expect(band.p50).toBeLessThanOrEqual(band.p90);
  });

  it('refuses to calibrate on no days', () => {
    expect(() => calibrateIntervals([], 'conformal')).toThrow(IntervalCalibrationError);
  });
});
