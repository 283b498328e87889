import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isJapaneseHoliday, japaneseHolidayDates, japaneseHolidayName } from './holidays.js';
import { dataDir, warnIfNoData } from '../test/real-data.js';

/** The Cabinet Office list (CP932, `YYYY/M/D,name`) as ISO date → name. */
function readCabinetOfficeHolidays(file: string): Map<string, string> {
  const holidays = new Map<string, string>();
  const lines = new TextDecoder('shift_jis').decode(readFileSync(file)).split(/\r?\n/);
  for (const line of lines.slice(1)) {
    const match = /^(\d{4})\/(\d{1,2})\/(\d{1,2}),(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, y, m, d, name] = match;
    holidays.set(`${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`, name);
  }
  return holidays;
}

describe('Japanese public holidays', () => {
  it('knows one-off and moved holidays', () => {
    expect(isJapaneseHoliday('2019-05-01')).toBe(true); // 即位の日
    expect(isJapaneseHoliday('2019-10-22')).toBe(true); // 即位礼正殿の儀
    expect(isJapaneseHoliday('2020-07-24')).toBe(true); // スポーツの日 moved for the Olympics
    expect(isJapaneseHoliday('2020-10-12')).toBe(false); // its usual date that year
    expect(isJapaneseHoliday('2021-08-09')).toBe(true); // 振替休日 for 山の日 on 8/8
  });

  it('includes substitute and citizens’ holidays', () => {
    expect(japaneseHolidayName('2023-01-02')).toContain('振替休日');
    expect(isJapaneseHoliday('2019-04-30')).toBe(true); // 国民の休日
  });

  it('looks dates up by string, so the machine time zone cannot shift them', () => {
    expect(isJapaneseHoliday('2024-01-01')).toBe(true);
    expect(isJapaneseHoliday('2023-12-31')).toBe(false);
    expect(isJapaneseHoliday('2024-01-02')).toBe(false);
  });

  it('rejects non-ISO spellings rather than guessing', () => {
    expect(isJapaneseHoliday('2024/1/1')).toBe(false);
  });
});

warnIfNoData('holidays');
describe.skipIf(!dataDir)('holidays against the Cabinet Office list (syukujitsu.csv)', () => {
  it('finds no difference in 2016–2027', () => {
    const official = readCabinetOfficeHolidays(join(dataDir!, 'holidays', 'syukujitsu.csv'));
    const inRange = (date: string): boolean => date >= '2016-01-01' && date <= '2027-12-31';
    const officialDates = [...official.keys()].filter(inRange).sort();
    const libraryDates = japaneseHolidayDates().filter(inRange);
    expect(officialDates.length).toBeGreaterThan(200);
    expect(officialDates.filter((d) => !isJapaneseHoliday(d))).toEqual([]);
    expect(libraryDates.filter((d) => !official.has(d))).toEqual([]);
    expect(official.get('2019-05-01')).toBe('休日（祝日扱い）');
    expect(official.get('2020-07-24')).toBe('スポーツの日');
  });

  it('reads the same list through the data-loaders holiday reader', async () => {
    const { readHolidayList } = await import('@powercast/data-loaders/readers');
    const file = join(dataDir!, 'holidays', 'syukujitsu.csv');
    const viaLoader = readHolidayList(readFileSync(file), { file });
    expect(new Map(viaLoader.map((h) => [h.date, h.name]))).toEqual(readCabinetOfficeHolidays(file));
    const differences = viaLoader.filter(
      (h) => h.date >= '2016-01-01' && h.date <= '2027-12-31' && !isJapaneseHoliday(h.date),
    );
    expect(differences).toEqual([]);
  });
});
