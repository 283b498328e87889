import fc from 'fast-check';
import type { ForecastModel } from '@powercast/model';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DemandObservation, ForecastRecord } from '../domain.js';
import { trainSyntheticArtifact } from '../../test/support/trained-model.js';
import { CoalescingEngine } from './coalescing-engine.js';

let model: ForecastModel;
beforeAll(async () => {
  ({ model } = await trainSyntheticArtifact());
});

/** Dates packed into two weeks so calls often fall on the same or neighbouring days. */
const recordArbitrary: fc.Arbitrary<ForecastRecord> = fc
  .record({
    day: fc.integer({ min: 1, max: 14 }),
    maxTemp: fc.integer({ min: 0, max: 38 }),
    spread: fc.integer({ min: 0, max: 12 }),
    weather: fc.constantFrom('晴', '曇', '雨', '晴後曇', '不思議な空', null),
  })
  .map(({ day, maxTemp, spread, weather }) => ({
    date: `2022-06-${String(day).padStart(2, '0')}`,
    max_temp: maxTemp,
    min_temp: maxTemp - spread,
    weather,
  }));

const sharedHistory: DemandObservation[] = Array.from({ length: 40 }, (_, i) => ({
  date: new Date(Date.UTC(2022, 4, 31) - i * 86_400_000).toISOString().slice(0, 10),
  peak: 3300 + 10 * i,
}));

describe('CoalescingEngine', () => {
  it('answers every call exactly as the model answers it alone, whatever is batched together', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ records: fc.array(recordArbitrary, { minLength: 1, maxLength: 4 }), withHistory: fc.boolean() }),
          { minLength: 1, maxLength: 12 },
        ),
        async (calls) => {
          const engine = new CoalescingEngine(model);
          const batched = await Promise.all(
            calls.map((call) => engine.predict(call.records, call.withHistory ? sharedHistory : undefined)),
          );
          const alone = calls.map((call) => model.predict(call.records, call.withHistory ? sharedHistory : undefined));
          expect(batched).toEqual(alone);
        },
      ),
      { seed: 7, numRuns: 150 },
    );
  });

  it('makes one model call for compatible calls in the same turn', async () => {
    let modelCalls = 0;
    const engine = new CoalescingEngine({
      predict: (records, history) => ((modelCalls += 1), model.predict(records, history)),
    });
    const day = (date: string): ForecastRecord => ({ date, max_temp: 30, min_temp: 22, weather: '晴' });
    await Promise.all([
      engine.predict([day('2022-06-01')]),
      engine.predict([day('2022-06-01')]),
      engine.predict([day('2022-06-10')]),
    ]);
    expect(modelCalls).toBe(1);
    modelCalls = 0;
    // 06-02 looks up 06-01's weather: it must not see another call's record for that day.
    await Promise.all([engine.predict([day('2022-06-01')]), engine.predict([day('2022-06-02')])]);
    expect(modelCalls).toBe(2);
  });

  it('gives a failing call its own error and the others their answers', async () => {
    const engine = new CoalescingEngine(model);
    const good: ForecastRecord = { date: '2022-06-01', max_temp: 30, min_temp: 22, weather: '晴' };
    const bad: ForecastRecord = { date: '1800-01-01', max_temp: 30, min_temp: 22, weather: '晴' };
    const [first, second] = await Promise.allSettled([engine.predict([good]), engine.predict([bad])]);
    expect(first).toMatchObject({ status: 'fulfilled', value: model.predict([good]) });
    expect(second).toMatchObject({ status: 'rejected' });
  });
});
