import { describe, expect, it } from 'vitest';
import { syntheticChartInput } from './__fixtures__/synthetic-evaluation.js';
import { ChartInputError, parseChartInput } from './input.js';

describe('parseChartInput', () => {
  it('accepts a complete evaluation', () => {
    const input = syntheticChartInput();
    expect(parseChartInput(input)).toEqual(input);
  });

  it('names the field and the value of a non-finite prediction', () => {
    const input = syntheticChartInput();
    const predictions = input.predictions.map((p, i) => (i === 3 ? { ...p, predicted: Number.NaN } : p));
    expect(() => parseChartInput({ ...input, predictions })).toThrow(ChartInputError);
    expect(() => parseChartInput({ ...input, predictions })).toThrow(/predictions\.3\.predicted: .*\(got NaN\)/);
  });

  it('rejects dates that are not YYYY-MM-DD calendar dates', () => {
    const input = syntheticChartInput();
    const predictions = [{ date: '2023/01/05', actual: 3000, predicted: 3100 }];
    expect(() => parseChartInput({ ...input, predictions })).toThrow(/predictions\.0\.date: .*"2023\/01\/05"/);
  });

  it('rejects an evaluation without predictions', () => {
    expect(() => parseChartInput({ ...syntheticChartInput(), predictions: [] })).toThrow(/predictions: /);
  });
});
