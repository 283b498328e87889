import { describe, expect, it } from 'vitest';
import { syntheticHourly, tepcoYearlyText } from '../__fixtures__/builders.js';
import { encodeCp932 } from '../__fixtures__/cp932.js';
import { expectDataError } from '../__fixtures__/expect-error.js';
import { DateOrderError, InvalidValueError, TableShapeError, UnknownHeaderError } from '../errors.js';
import { readTepcoYearlyFile } from './tepco-yearly.js';

const origin = { file: 'tepco/yearly/juyo-2016.csv' };
const days = [
  { date: '2016-04-01', hourly: syntheticHourly(2900) },
  { date: '2016-04-02', hourly: syntheticHourly(3000) },
];

describe('readTepcoYearlyFile', () => {
  it('reads the older variant (DATE,TIME,実績(万kW), unpadded dates)', () => {
    const file = readTepcoYearlyFile(encodeCp932(tepcoYearlyText(days)), origin);
    expect(file.headerVariant).toBe('実績(万kW)');
    expect(file.days.map((day) => day.date)).toEqual(['2016-04-01', '2016-04-02']);
    expect(file.days[1]!.hourlyManKw).toEqual(days[1]!.hourly);
    expect(file.days[0]!.line).toBe(4);
  });

  it('reads the newer variant (DATE,TIME,KW, zero-padded, trailing commas on the preamble)', () => {
    const file = readTepcoYearlyFile(tepcoYearlyText(days, 'KW'), origin);
    expect(file.headerVariant).toBe('KW');
    expect(file.days[0]!.hourlyManKw).toEqual(days[0]!.hourly);
  });

  it('keeps a running last day with the hours published so far', () => {
    const text = tepcoYearlyText([
      { date: '2016-04-01', hourly: syntheticHourly() },
      { date: '2016-04-02', hourly: syntheticHourly().slice(0, 10) },
    ]);
    const file = readTepcoYearlyFile(text, origin);
    expect(file.days[1]!.hourlyManKw.filter((value) => value === null)).toHaveLength(14);
  });

  it('rejects an unknown value header', async () => {
    const error = await expectDataError(() =>
      readTepcoYearlyFile(tepcoYearlyText(days).replace('実績(万kW)', '需要(MW)'), origin),
    );
    expect(error).toBeInstanceOf(UnknownHeaderError);
    expect(error.message).toContain('expected DATE,TIME,実績(万kW) or DATE,TIME,KW');
  });

  it('rejects a day with 23 hours', async () => {
    const text = tepcoYearlyText([{ date: '2016-04-01', hourly: syntheticHourly().slice(0, 23) }, days[1]!]);
    const error = await expectDataError(() => readTepcoYearlyFile(text, origin));
    expect(error).toBeInstanceOf(TableShapeError);
    expect(error.message).toContain('2016-04-01 has 23 hourly rows');
  });

  it('rejects dates out of order', async () => {
    const error = await expectDataError(() => readTepcoYearlyFile(tepcoYearlyText([days[1]!, days[0]!]), origin));
    expect(error).toBeInstanceOf(DateOrderError);
    expect(error.location).toMatchObject({ file: 'tepco/yearly/juyo-2016.csv', line: 28, value: '2016/4/1' });
  });

  it('rejects a non-numeric value', async () => {
    const error = await expectDataError(() =>
      readTepcoYearlyFile(tepcoYearlyText(days).replace('2016/4/1,3:00,', '2016/4/1,3:00,x'), origin),
    );
    expect(error).toBeInstanceOf(InvalidValueError);
    expect(error.location).toMatchObject({ line: 7, column: '実績(万kW)' });
  });
});
