import { describe, expect, it } from 'vitest';
import {
  calibrateIntervals,
  calibratedInterval,
  IntervalCalibrationError,
  intervalCalibrationSchema,
  isHardDay,
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

describe('isHardDay', () => {
  it('marks public holidays, year-end, Obon and Golden Week days off, not the working days between them', () => {
    const dates = ['2023-01-02', '2023-08-14', '2023-05-03', '2023-11-23', '2023-05-01', '2023-06-14', '2023-12-28'];
    expect(dates.map(isHardDay)).toEqual([true, true, true, true, false, false, false]);
  });
});

/**
 * A band of ±100 around 3000 every day and residuals with a known distribution: on ordinary days
 * evenly spaced over u ∈ [0.01, 0.99] (so every group's interpolated quantiles are the same) as
 * −300 (0.5 − u) below p50 and +100 (u − 0.5) above, so the raw band
 * misses 1/6 of the days, all below; on hard days the same, ×`hardBelow` below and ×`hardAbove` above.
 */
function skewedDays(from: string, n: number, hardBelow: number, hardAbove: number): CalibrationDay[] {
  const dates = Array.from({ length: n }, (_, i) => addDays(from, i));
  const hard = dates.filter(isHardDay);
  const ordinary = dates.filter((date) => !isHardDay(date));
  const residual = (k: number, count: number, below: number, above: number): number => {
    const u = 0.01 + (0.98 * k) / (count - 1);
    return u < 0.5 ? -300 * (0.5 - u) * below : 100 * (u - 0.5) * above;
  };
  const day = (date: string, r: number): CalibrationDay => ({
    date,
    actual: 3000 + r,
    peak: 3000,
    lowerSpread: 100,
    upperSpread: 100,
  });
  return [
    ...ordinary.map((date, k) => day(date, residual(k, ordinary.length, 1, 1))),
    ...hard.map((date, k) => day(date, residual(k, hard.length, hardBelow, hardAbove))),
  ];
}

describe('calibrateIntervals: balanced-band', () => {
  it('keeps the raw band’s held-out coverage and splits its misses evenly between the tails', () => {
    const days = skewedDays('2022-01-01', 365, 1, 1);
    const ordinary = days.filter((day) => !isHardDay(day.date));
    const rawMiss = share(ordinary, (day) => Math.abs(day.actual - day.peak) > 100);
    expect(rawMiss).toBeCloseTo((1 / 6 - 0.01) / 0.98, 2); // u < 1/6: −300 (0.5 − u) < −100
    const calibration = calibrateIntervals(days, 'balanced-band');
    // Each side leaves about 1/12 outside: u ≈ 1/12 below (−300 × 5/12 = −125) and u ≈ 11/12 above (+100 × 5/12).
    expect(calibration.seasons.summer.lower).toBeCloseTo(1.25, 1);
    expect(calibration.seasons.winter.upper).toBeCloseTo(5 / 12, 1);
    const below = share(ordinary, (day) => day.actual < calibratedInterval(day, calibration).p10);
    const above = share(ordinary, (day) => day.actual > calibratedInterval(day, calibration).p90);
    expect(Math.abs(below - rawMiss / 2)).toBeLessThan(0.01);
    expect(Math.abs(above - rawMiss / 2)).toBeLessThan(0.01);
    // The same width can cover the same days: the band moved from the side that never missed to the one that did.
    const band = calibratedInterval(ordinary[0]!, calibration);
    expect(band.p90 - band.p10).toBeLessThan(200);
  });

  it('widens hard days below and narrows them above by how much further out their residuals fall', () => {
    const days = skewedDays('2022-01-01', 365, 2, 0.5);
    const calibration = calibrateIntervals(days, 'balanced-band');
    expect(calibration.hardDays!.nDays).toBeGreaterThanOrEqual(MIN_SEASON_DAYS);
    expect(calibration.hardDays!.lower).toBeCloseTo(2, 9);
    expect(calibration.hardDays!.upper).toBeCloseTo(0.5, 9);
    const holiday = days.find((day) => day.date === '2022-11-23')!;
    const ordinary = days.find((day) => day.date === '2022-11-24')!;
    const onHoliday = calibratedInterval(holiday, calibration);
    const onOrdinary = calibratedInterval(ordinary, calibration);
    expect(onHoliday.p50 - onHoliday.p10).toBeCloseTo(2 * (onOrdinary.p50 - onOrdinary.p10), 0);
    expect(onHoliday.p90 - onHoliday.p50).toBeCloseTo(0.5 * (onOrdinary.p90 - onOrdinary.p50), 0);
  });

  it('leaves hard days uncorrected when the window holds too few of them', () => {
    const days = skewedDays('2022-06-01', 120, 2, 0.5);
    expect(days.filter((day) => isHardDay(day.date)).length).toBeLessThan(MIN_SEASON_DAYS);
    const calibration = calibrateIntervals(days, 'balanced-band');
    expect(calibration.hardDays).toMatchObject({ lower: 1, upper: 1 });
  });

  it('is stored with its hard-day factors, and calibrations written before them still parse', () => {
    const calibration = calibrateIntervals(skewedDays('2022-01-01', 365, 2, 0.5), 'balanced-band');
    expect(intervalCalibrationSchema.parse(JSON.parse(JSON.stringify(calibration)))).toEqual(calibration);
    const older = calibrateIntervals(year(), 'scaled-band');
    expect(older.hardDays).toBeUndefined();
    expect(intervalCalibrationSchema.parse(JSON.parse(JSON.stringify(older)))).toEqual(older);
  });
});
