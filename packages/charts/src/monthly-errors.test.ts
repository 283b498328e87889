import { describe, expect, it } from 'vitest';
import { monthlyErrors } from './monthly-errors.js';

describe('monthlyErrors', () => {
  const predictions = [
    { date: '2023-02-01', actual: 4000, predicted: 3800 },
    { date: '2023-01-31', actual: 1000, predicted: 1100 },
    { date: '2023-01-30', actual: 2000, predicted: 2000 },
    { date: '2023-02-02', actual: 5000, predicted: 5500 },
  ];

  it('groups by calendar month in month order, whatever the input order', () => {
    expect(monthlyErrors(predictions).map((m) => [m.month, m.days])).toEqual([
      ['2023-01', 2],
      ['2023-02', 2],
    ]);
  });

  it('computes MAPE in percent, bias as predicted − actual and MAE per month', () => {
    const [january, february] = monthlyErrors(predictions);
    expect(january?.mapePct).toBeCloseTo((10 + 0) / 2, 10);
    expect(january?.biasManKw).toBeCloseTo(50, 10);
    expect(january?.maeManKw).toBeCloseTo(50, 10);
    expect(february?.mapePct).toBeCloseTo((5 + 10) / 2, 10);
    expect(february?.biasManKw).toBeCloseTo(150, 10);
    expect(february?.maeManKw).toBeCloseTo(350, 10);
  });

  it('labels the first month and every January with the year', () => {
    const labels = monthlyErrors([
      { date: '2023-11-03', actual: 1, predicted: 1 },
      { date: '2023-12-03', actual: 1, predicted: 1 },
      { date: '2024-01-03', actual: 1, predicted: 1 },
    ]).map((m) => m.label);
    expect(labels).toEqual(['2023年11月', '12月', '2024年1月']);
  });

  it('leaves days with an actual of 0 out of MAPE instead of dividing by zero', () => {
    const [month] = monthlyErrors([
      { date: '2023-05-01', actual: 0, predicted: 10 },
      { date: '2023-05-02', actual: 100, predicted: 120 },
    ]);
    expect(month?.mapePct).toBeCloseTo(20, 10);
    expect(month?.biasManKw).toBeCloseTo(15, 10);
  });
});
