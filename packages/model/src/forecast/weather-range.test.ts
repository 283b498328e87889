import { describe, expect, it } from 'vitest';
import { widenForWeatherRange } from './weather-range.js';

const interval = { p10: 4700, p50: 5000, p90: 5400 };

describe('widenForWeatherRange', () => {
  it('leaves the interval as it is when the forecast does not move across the range', () => {
    expect(widenForWeatherRange(interval, { centralManKw: 4980, atLowerManKw: 4980, atUpperManKw: 4980 })).toEqual(
      interval,
    );
  });

  it("adds the weather's spread to the model's in quadrature on each side, keeping P50", () => {
    // Summer: colder is lower demand. Lower side: hypot(300, 400) = 500; upper: hypot(400, 300) = 500.
    const widened = widenForWeatherRange(interval, { centralManKw: 4980, atLowerManKw: 4580, atUpperManKw: 5280 });
    expect(widened).toEqual({ p10: 4500, p50: 5000, p90: 5500 });
  });

  it('widens only the upper side when both ends raise the forecast (demand is U-shaped in temperature)', () => {
    const widened = widenForWeatherRange(interval, { centralManKw: 4000, atLowerManKw: 4300, atUpperManKw: 4100 });
    expect(widened.p10).toBe(4700);
    expect(widened.p90).toBeCloseTo(5000 + 500, 9);
  });

  it('is wider for a wider range, and never crosses', () => {
    const at = (spread: number) =>
      widenForWeatherRange(interval, {
        centralManKw: 5000,
        atLowerManKw: 5000 - spread,
        atUpperManKw: 5000 + spread,
      });
    const [narrow, wide] = [at(100), at(300)];
    expect(wide.p10).toBeLessThan(narrow.p10);
    expect(wide.p90).toBeGreaterThan(narrow.p90);
    expect(narrow.p10).toBeLessThan(interval.p10);
    for (const band of [narrow, wide]) expect(band.p10 <= band.p50 && band.p50 <= band.p90).toBe(true);
  });
});
