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

  it('keeps an 80 % interval, and names a half-given or crossing one', () => {
    const input = syntheticChartInput();
    const banded = input.predictions.map((p) => ({ ...p, p10: p.predicted - 100, p90: p.predicted + 120 }));
    expect(parseChartInput({ ...input, predictions: banded }).predictions).toEqual(banded);
    const half = banded.map((p, i) =>
      i === 2 ? { date: p.date, actual: p.actual, predicted: p.predicted, p10: 1 } : p,
    );
    expect(() => parseChartInput({ ...input, predictions: half })).toThrow(
      /predictions\.2\.p90: expected both p10 and p90/,
    );
    const crossing = banded.map((p, i) => (i === 4 ? { ...p, p10: p.p90 + 1 } : p));
    expect(() => parseChartInput({ ...input, predictions: crossing })).toThrow(
      /predictions\.4\.p10: expected p10 ≤ p90/,
    );
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
