import * as aq from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDateFromDayNumber, parseIsoDate } from './dates.js';
import type { ForecastRecord } from './inputs.js';
import { fitFeatureSpec } from './spec.js';
import { transform, transformRecords } from './transform.js';
import { dailyTable, syntheticDays } from '../test/tables.js';

const spec = fitFeatureSpec(dailyTable(syntheticDays('2022-01-01', 365)));
const width = spec.featureNames.length;
const texts = ['晴', '曇', '雨', '快晴', '曇一時雨', '晴後曇', '雪', '大雨、雷を伴う', null];

/** Random days: distinct dates (with gaps) in 2022–2024, temperatures, texts and optional peaks. */
const daysArbitrary = fc
  .uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 40 })
  .chain((offsets) =>
    fc.tuple(
      fc.constant(offsets),
      fc.array(
        fc.record({
          max: fc.double({ min: -5, max: 39, noNaN: true }),
          spread: fc.double({ min: 0, max: 15, noNaN: true }),
          text: fc.constantFrom(...texts),
          peak: fc.option(fc.integer({ min: 2200, max: 6000 }), { nil: null }),
        }),
        { minLength: offsets.length, maxLength: offsets.length },
      ),
    ),
  )
  .map(([offsets, values]) => {
    const first = parseIsoDate('2022-01-01')!;
    return offsets.map((offset, i) => ({
      date: isoDateFromDayNumber(first + offset),
      max_temp: values[i].max,
      min_temp: values[i].max - values[i].spread,
      weather_day: values[i].text,
      peak_hourly: values[i].peak,
    }));
  });

describe('transform ≡ transformRecords (property)', () => {
  it('gives every day the same vector in any row order, in a batch or alone', () => {
    fc.assert(
      fc.property(daysArbitrary, (days) => {
        const table = dailyTable(days);
        const batch = transform(table, spec);
        const records: ForecastRecord[] = days.map((d) => ({
          date: d.date,
          max_temp: d.max_temp,
          min_temp: d.min_temp,
          weather: d.weather_day,
        }));
        const history = days.filter((d) => d.peak_hourly !== null).map((d) => ({ date: d.date, peak: d.peak_hourly! }));
        const reversed = transform(aq.from([...days].reverse()), spec);
        for (let r = 0; r < days.length; r++) {
          const single = transformRecords([records[r]], spec, { history, weatherHistory: records });
          const row = Array.from(batch.values.subarray(r * width, (r + 1) * width));
          expect(Array.from(single.values)).toEqual(row);
          expect(single.hasRecentDemand[0]).toBe(batch.hasRecentDemand[r]);
          const mirrored = days.length - 1 - r;
          expect(Array.from(reversed.values.subarray(mirrored * width, (mirrored + 1) * width))).toEqual(row);
        }
      }),
      { numRuns: 60, seed: 20231 },
    );
  });
});
