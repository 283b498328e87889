/**
 * Calendar arithmetic on ISO `YYYY-MM-DD` strings without `Date` objects: the machine runs in
 * UTC and serving runs in JST, so a local `Date` would silently shift days. A date is handled as
 * a day number (days since 1970-01-01) computed with the proleptic Gregorian civil-day formula.
 */

export interface CivilDate {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

const ZERO = 48; // '0'
const DASH = 45; // '-'

function digit(text: string, index: number): number {
  const code = text.charCodeAt(index) - ZERO;
  return code >= 0 && code <= 9 ? code : -1;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a civil date (valid for any proleptic Gregorian date). */
export function dayNumberFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The civil date of a day number (inverse of `dayNumberFromCivil`). */
export function civilFromDayNumber(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * Day number of a strict `YYYY-MM-DD` string that names a real calendar date, else `undefined`
 * (so `2023-02-29`, `2023-2-1` and `2023-02-01T00:00` are all rejected).
 */
export function parseIsoDate(text: string): number | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return undefined;
  const d = [0, 1, 2, 3, 5, 6, 8, 9].map((i) => digit(text, i));
  if (d.some((x) => x < 0)) return undefined;
  const year = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3];
  const month = d[4] * 10 + d[5];
  const day = d[6] * 10 + d[7];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return dayNumberFromCivil(year, month, day);
}

/** The `YYYY-MM-DD` string of a day number. */
export function isoDateFromDayNumber(dayNumber: number): string {
  const { year, month, day } = civilFromDayNumber(dayNumber);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** Day of week with Monday = 0 .. Sunday = 6 (1970-01-01 was a Thursday). */
export function dayOfWeekMon0(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}
