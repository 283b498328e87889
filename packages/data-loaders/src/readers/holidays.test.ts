import { describe, expect, it } from 'vitest';
import { encodeCp932 } from '../__fixtures__/cp932.js';
import { expectDataError } from '../__fixtures__/expect-error.js';
import { readHolidayList } from './holidays.js';

describe('readHolidayList', () => {
  it('reads dates and names, including substitute holidays (休日)', () => {
    const text = '国民の祝日・休日月日,国民の祝日・休日名称\r\n2019/5/1,休日（祝日扱い）\r\n2020/5/6,休日\r\n';
    expect(readHolidayList(encodeCp932(text), { file: 'syukujitsu.csv' })).toEqual([
      { date: '2019-05-01', name: '休日（祝日扱い）' },
      { date: '2020-05-06', name: '休日' },
    ]);
  });

  it('rejects another header and a malformed date', async () => {
    expect((await expectDataError(() => readHolidayList('日付,名前\r\n', { file: 'h.csv' }))).kind).toBe(
      'unknown-header',
    );
    const error = await expectDataError(() =>
      readHolidayList('国民の祝日・休日月日,国民の祝日・休日名称\r\n2019/13/1,x\r\n', { file: 'h.csv' }),
    );
    expect(error.location).toMatchObject({ line: 2, value: '2019/13/1' });
  });
});
