import { describe, expect, it } from 'vitest';
import {
  epochMsOfDate,
  formatDateJa,
  formatMonthJa,
  formatNumber,
  formatSigned,
  monthTicks,
  tickLabelExpr,
} from './format.js';

describe('epochMsOfDate', () => {
  it('reads a YYYY-MM-DD date as midnight UTC, whatever the process time zone', () => {
    expect(epochMsOfDate('2023-07-15')).toBe(Date.UTC(2023, 6, 15));
  });
});

describe('formatMonthJa', () => {
  it('writes the month in Japanese, with the year only when asked', () => {
    expect(formatMonthJa('2023-01', true)).toBe('2023年1月');
    expect(formatMonthJa('2023-12', false)).toBe('12月');
  });
});

describe('formatDateJa', () => {
  it('writes a date in Japanese without leading zeros', () => {
    expect(formatDateJa('2023-05-07')).toBe('2023年5月7日');
  });
});

describe('formatNumber', () => {
  it('groups thousands with commas and keeps the requested decimals', () => {
    expect(formatNumber(1234567.891, 1)).toBe('1,234,567.9');
    expect(formatNumber(19963.4, 0)).toBe('19,963');
    expect(formatNumber(0.9081, 3)).toBe('0.908');
  });

  it('writes negative values with a typographic minus but never prints −0', () => {
    expect(formatNumber(-1234.5, 1)).toBe('\u22121,234.5');
    expect(formatNumber(-0.01, 1)).toBe('0.0');
  });
});

describe('formatSigned', () => {
  it('adds + to positive values only', () => {
    expect(formatSigned(36.24, 1)).toBe('+36.2');
    expect(formatSigned(-5, 0)).toBe('\u22125');
    expect(formatSigned(0.004, 2)).toBe('0.00');
  });
});

describe('monthTicks', () => {
  it('puts one tick on every month start of a year, the year only on the first', () => {
    const ticks = monthTicks('2023-01-01', '2023-12-31');
    expect(ticks.map((t) => t.label)).toEqual([
      '2023年1月',
      '2月',
      '3月',
      '4月',
      '5月',
      '6月',
      '7月',
      '8月',
      '9月',
      '10月',
      '11月',
      '12月',
    ]);
    expect(ticks[6]?.value).toBe(Date.UTC(2023, 6, 1));
  });

  it('starts at the first month start inside the range and labels each January with its year', () => {
    const ticks = monthTicks('2023-10-15', '2024-02-10');
    expect(ticks.map((t) => t.label)).toEqual(['2023年11月', '12月', '2024年1月', '2月']);
  });

  it('thins ticks over several years to at most the requested count, on quarter or half-year starts', () => {
    const ticks = monthTicks('2021-01-01', '2023-12-31', 13);
    expect(ticks.length).toBeLessThanOrEqual(13);
    expect(ticks.length).toBeGreaterThan(4);
    for (const tick of ticks) expect([0, 3, 6, 9]).toContain(new Date(Number(tick.value)).getUTCMonth());
  });
});

describe('tickLabelExpr', () => {
  it('maps each tick value to its label and anything else to an empty string', () => {
    const expr = tickLabelExpr([
      { value: 10, label: '1月' },
      { value: '2023-02', label: "2月's" },
    ]);
    // The expression language of Vega is a subset of JavaScript, so JavaScript can evaluate it here.
    const evaluate = new Function('datum', `return ${expr};`) as (datum: { value: unknown }) => string;
    expect(evaluate({ value: 10 })).toBe('1月');
    expect(evaluate({ value: '2023-02' })).toBe("2月's");
    expect(evaluate({ value: 11 })).toBe('');
  });
});
