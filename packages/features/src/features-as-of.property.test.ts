import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ForecastIssueRow } from '@powercast/data-loaders';
import { addDays, forecastRow, sourcesOf, type World } from './__fixtures__/as-of-world.js';
import type { ForecastLookup } from './as-of-sources.js';
import { parseIsoDate } from './dates.js';
import { featuresAsOf, type AsOfFeatures } from './features-as-of.js';
import { parseJstMoment } from './issue-time.js';
import { fitFeatureSpec } from './spec.js';
import { dailyTable, syntheticDays } from '../test/tables.js';

const { ForecastIssueIndex } = await import('@powercast/data-loaders');
const index = (rows: ForecastIssueRow[]): ForecastLookup => new ForecastIssueIndex(rows);
const spec = fitFeatureSpec(dailyTable(syntheticDays('2022-01-01', 365)));

const TARGET = '2023-08-10';
const TARGET_DAY = parseIsoDate(TARGET)!;
/** JST minutes since the epoch at 00:00 of the day `k` days from the target. */
const dayStart = (k: number): number => (TARGET_DAY + k) * 1440;
const isoAt = (minutes: number): string => {
  const day = Math.floor(minutes / 1440);
  const inDay = minutes - day * 1440;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${addDays(TARGET, day - TARGET_DAY)}T${two(Math.floor(inDay / 60))}:${two(inDay % 60)}:00+09:00`;
};
const codes = [100, 101, 200, 300, 999];

/** Random inputs around the target: 70 days of daily rows, intraday data of D-3..D, JMA issues of D-3..D+1. */
const worldArbitrary: fc.Arbitrary<World> = fc
  .record({
    peaks: fc.array(fc.integer({ min: 2500, max: 6000 }), { minLength: 72, maxLength: 72 }),
    maxTemps: fc.array(fc.integer({ min: 0, max: 38 }), { minLength: 72, maxLength: 72 }),
    hourly: fc.array(fc.integer({ min: 2000, max: 6000 }), { minLength: 96, maxLength: 96 }),
    readings: fc.array(fc.option(fc.integer({ min: -50, max: 380 }), { freq: 8, nil: null }), {
      minLength: 96,
      maxLength: 96,
    }),
    issues: fc.array(
      fc.record({
        minute: fc.integer({ min: 0, max: 5 * 1440 - 1 }),
        code: fc.constantFrom(...codes),
        max: fc.integer({ min: 0, max: 38 }),
        min: fc.option(fc.integer({ min: -5, max: 28 }), { nil: null }),
        pop: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
        weekly: fc.boolean(),
      }),
      { maxLength: 12 },
    ),
  })
  .map(({ peaks, maxTemps, hourly, readings, issues }) => {
    const daily = peaks.map((peak, i) => ({
      date: addDays(TARGET, i - 70),
      peak_hourly: peak,
      max_temp: maxTemps[i]!,
      min_temp: maxTemps[i]! - 8,
      weather_day: '晴',
    }));
    const demand = [0, 1, 2, 3].map((d) => ({
      date: addDays(TARGET, d - 3),
      hourlyManKw: hourly.slice(d * 24, d * 24 + 24),
    }));
    const temperatures = readings.map((tenths, i) => ({
      date: addDays(TARGET, Math.floor(i / 24) - 3),
      hour: (i % 24) + 1,
      tempC: tenths === null ? null : tenths / 10,
    }));
    // An early issue always exists, so a cut has something before it to see.
    const forecasts = [
      forecastRow(isoAt(dayStart(-3) + 300), TARGET, {
        weekly_weather_code: 200,
        weekly_temp_max: 20,
        weekly_temp_min: 12,
      }),
    ];
    const taken = new Set([forecasts[0]!.issued_at]);
    for (const issue of issues) {
      const issuedAt = isoAt(dayStart(-3) + issue.minute);
      if (taken.has(issuedAt)) continue;
      taken.add(issuedAt);
      forecasts.push(
        forecastRow(
          issuedAt,
          TARGET,
          issue.weekly
            ? {
                weekly_weather_code: issue.code,
                weekly_temp_max: issue.max,
                weekly_temp_min: issue.min,
                weekly_pop: issue.pop,
              }
            : {
                weather_code: issue.code,
                weather_text: 'くもり　時々　雨',
                temp_max: issue.max,
                temp_min: issue.min,
                pop_12: issue.pop,
              },
        ),
      );
    }
    return { target: TARGET, daily, demand, temperatures, forecasts };
  });

/** Issue times from D-2 00:00 to D 12:00, often on the hour (where the boundaries are). */
const cutArbitrary = fc.oneof(
  fc.integer({ min: 0, max: 60 }).map((hours) => dayStart(-2) + hours * 60),
  fc.integer({ min: 0, max: 60 * 60 - 1 }).map((minutes) => dayStart(-2) + minutes),
);

/** Change everything stamped after the cut (values from `seed`), and add JMA issues after it. */
function changeAfterCut(world: World, cut: number, seed: number): World {
  let state = seed >>> 0 || 1;
  const noise = (): number => {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    return (state >>> 8) % 1000;
  };
  const dayOf = (date: string): number => parseIsoDate(date)! * 1440;
  const issued = (row: ForecastIssueRow): number => parseJstMoment(row.issued_at).minutes;
  return {
    ...world,
    // A TEPCO day is published in full when it ends; a JMA day's last reading is at its end.
    daily: world.daily.map((day) => ({
      ...day,
      peak_hourly: dayOf(day.date) + 1440 > cut ? 2000 + noise() * 5 : day.peak_hourly,
      max_temp: dayOf(day.date) + 1440 >= cut ? noise() / 25 : day.max_temp,
      min_temp: dayOf(day.date) + 1440 >= cut ? -5 + noise() / 40 : day.min_temp,
    })),
    demand: world.demand.map((day) => ({
      ...day,
      hourlyManKw: day.hourlyManKw.map((value, hour) =>
        dayOf(day.date) + (hour + 1) * 60 > cut ? 9000 + noise() : value,
      ),
    })),
    temperatures: world.temperatures.map((reading) =>
      dayOf(reading.date) + reading.hour * 60 >= cut ? { ...reading, tempC: noise() / 20 } : reading,
    ),
    forecasts: [
      ...world.forecasts.map((row) =>
        issued(row) > cut
          ? {
              ...row,
              temp_max: noise() / 25,
              weekly_temp_max: noise() / 25,
              weather_code: 300,
              weekly_weather_code: 100,
            }
          : row,
      ),
      forecastRow(isoAt(Math.floor(cut) + 1), TARGET, { weather_code: 100, temp_max: 40, temp_min: 30 }),
      forecastRow(isoAt(Math.floor(cut) + 1 + (noise() % 600)), TARGET, {
        weekly_weather_code: 300,
        weekly_temp_max: -3,
      }),
    ].filter((row, i, all) => all.findIndex((other) => other.issued_at === row.issued_at) === i),
  };
}

const asOf = (world: World, cut: number): AsOfFeatures =>
  featuresAsOf({ target: TARGET, issuedAt: isoAt(cut), spec, sources: sourcesOf(world, index) });

/** Bit-for-bit equality, NaN included. */
const sameValues = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && a.every((value, i) => Object.is(value, b[i]));

describe('featuresAsOf (property)', () => {
  it('changing any input stamped after the issue time leaves every feature unchanged', () => {
    fc.assert(
      fc.property(worldArbitrary, cutArbitrary, fc.integer(), (world, cut, seed) => {
        const before = asOf(world, cut);
        const after = asOf(changeAfterCut(world, cut, seed), cut);
        expect(sameValues(after.values, before.values)).toBe(true);
        expect(sameValues(after.forecastValues, before.forecastValues)).toBe(true);
        expect(after.provenance).toEqual(before.provenance);
        expect(after.weatherCategory).toBe(before.weatherCategory);
      }),
      { numRuns: 300 },
    );
  });

  it('changing an input stamped before the issue time changes a feature (the check above can fail)', () => {
    const change = fc.constantFrom(
      'forecast used',
      'peak of D-7',
      'hour 0 of the issue day',
      'reading 1:00 of the issue day',
    );
    fc.assert(
      fc.property(worldArbitrary, cutArbitrary, change, (world, cut, what) => {
        const issueDay = addDays(TARGET, Math.floor(cut / 1440) - TARGET_DAY);
        const used = new ForecastIssueIndex(world.forecasts).forTargetDay(TARGET, isoAt(cut))!;
        let changed: World;
        if (what === 'forecast used') {
          changed = {
            ...world,
            forecasts: world.forecasts.map((row) =>
              row === used
                ? { ...row, temp_max: (row.temp_max ?? row.weekly_temp_max!) + 7, weekly_temp_max: 50 }
                : row,
            ),
          };
        } else if (what === 'hour 0 of the issue day' && cut >= Math.floor(cut / 1440) * 1440 + 60) {
          changed = {
            ...world,
            demand: world.demand.map((day) =>
              day.date === issueDay && issueDay < TARGET
                ? { ...day, hourlyManKw: [99_999, ...day.hourlyManKw.slice(1)] }
                : day,
            ),
          };
          if (issueDay >= TARGET) return; // the target's own demand is never a feature
        } else if (
          what === 'reading 1:00 of the issue day' &&
          cut > Math.floor(cut / 1440) * 1440 + 60 &&
          // D-2's reading shows only through avg_3d, which needs the target's forecast minimum.
          (issueDay === addDays(TARGET, -1) || (used.temp_min ?? used.weekly_temp_min) !== null)
        ) {
          if (issueDay >= TARGET) return;
          changed = {
            ...world,
            temperatures: world.temperatures.map((r) =>
              r.date === issueDay && r.hour === 1 ? { ...r, tempC: 60 } : r,
            ),
          };
        } else {
          changed = {
            ...world,
            daily: world.daily.map((day) =>
              day.date === addDays(TARGET, -7) ? { ...day, peak_hourly: day.peak_hourly! + 500 } : day,
            ),
          };
        }
        expect(sameValues(asOf(changed, cut).values, asOf(world, cut).values)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
