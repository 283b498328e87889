import holidayJp from '@holiday-jp/holiday_jp';

/**
 * Japanese public holidays (国民の祝日, 振替休日 and 国民の休日) from @holiday-jp/holiday_jp,
 * whose table is keyed by `YYYY-MM-DD`. Looking dates up by that string (never through a local
 * `Date`) keeps the answer right whatever the machine's time zone.
 */
const holidayTable: Readonly<Record<string, { name: string }>> = holidayJp.holidays;

/** First and last year the library's table covers. */
export const HOLIDAY_YEARS = { first: 1970, last: 2050 } as const;

export function isJapaneseHoliday(date: string): boolean {
  return Object.hasOwn(holidayTable, date);
}

/** The holiday's Japanese name (e.g. `元日`, `振替休日` variants), or undefined on other days. */
export function japaneseHolidayName(date: string): string | undefined {
  return Object.hasOwn(holidayTable, date) ? holidayTable[date].name : undefined;
}

/** Every holiday date string in the library's table (sorted). */
export function japaneseHolidayDates(): string[] {
  return Object.keys(holidayTable).sort();
}
