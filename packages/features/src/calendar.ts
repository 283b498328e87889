import {
  civilFromDayNumber,
  dayNumberFromCivil,
  dayOfWeekMon0,
  isLeapYear,
  isoDateFromDayNumber,
  parseIsoDate,
} from './dates.js';
import { FeatureInputError } from './errors.js';
import { HOLIDAY_YEARS, isJapaneseHoliday } from './holidays.js';

/** Everything the calendar features need to know about one date. */
export interface CalendarDay {
  date: string;
  year: number;
  month: number;
  day: number;
  /** Monday = 0 .. Sunday = 6. */
  dow: number;
  /** 1 on January 1st. */
  dayOfYear: number;
  daysInYear: number;
  weekend: boolean;
  /** Japanese public holiday, including substitute (振替休日) and citizens' (国民の休日) holidays. */
  holiday: boolean;
  /** December 29 .. January 3: offices close although only January 1st is a public holiday. */
  yearEnd: boolean;
  /** August 13 .. 16 (お盆): many businesses close; not a public holiday. */
  obon: boolean;
  /** April 29 .. May 6 (the Golden Week season; which of its days are off is in `dayOff`). */
  goldenWeek: boolean;
  /** Weekend, public holiday or year-end day. */
  dayOff: boolean;
  /** Length in days of the run of consecutive days off this date belongs to; 0 on working days. */
  daysOffRun: number;
  /** A working day whose previous and next days are both days off (飛び石). */
  bridge: boolean;
}

/**
 * Calendar facts for every day the holiday library covers, computed once in typed arrays so the
 * batch and single-record transforms only index into them.
 */
export class CalendarTable {
  readonly firstDayNumber = dayNumberFromCivil(HOLIDAY_YEARS.first, 1, 1);
  readonly lastDayNumber = dayNumberFromCivil(HOLIDAY_YEARS.last, 12, 31);
  readonly size = this.lastDayNumber - this.firstDayNumber + 1;
  readonly year = new Int16Array(this.size);
  readonly month = new Int8Array(this.size);
  readonly day = new Int8Array(this.size);
  readonly dow = new Int8Array(this.size);
  readonly dayOfYear = new Int16Array(this.size);
  readonly daysInYear = new Int16Array(this.size);
  readonly holiday = new Uint8Array(this.size);
  readonly yearEnd = new Uint8Array(this.size);
  readonly obon = new Uint8Array(this.size);
  readonly goldenWeek = new Uint8Array(this.size);
  readonly dayOff = new Uint8Array(this.size);
  readonly daysOffRun = new Uint8Array(this.size);
  readonly bridge = new Uint8Array(this.size);

  constructor() {
    for (let i = 0; i < this.size; i++) {
      const dayNumber = this.firstDayNumber + i;
      const { year, month, day } = civilFromDayNumber(dayNumber);
      const dow = dayOfWeekMon0(dayNumber);
      this.year[i] = year;
      this.month[i] = month;
      this.day[i] = day;
      this.dow[i] = dow;
      this.dayOfYear[i] = dayNumber - dayNumberFromCivil(year, 1, 1) + 1;
      this.daysInYear[i] = isLeapYear(year) ? 366 : 365;
      this.holiday[i] = isJapaneseHoliday(isoDateFromDayNumber(dayNumber)) ? 1 : 0;
      this.yearEnd[i] = (month === 12 && day >= 29) || (month === 1 && day <= 3) ? 1 : 0;
      this.obon[i] = month === 8 && day >= 13 && day <= 16 ? 1 : 0;
      this.goldenWeek[i] = (month === 4 && day >= 29) || (month === 5 && day <= 6) ? 1 : 0;
      this.dayOff[i] = dow >= 5 || this.holiday[i] === 1 || this.yearEnd[i] === 1 ? 1 : 0;
    }
    // Runs of days off, measured once from each run's start.
    for (let i = 0; i < this.size;) {
      if (this.dayOff[i] === 0) {
        i++;
        continue;
      }
      let end = i;
      while (end + 1 < this.size && this.dayOff[end + 1] === 1) end++;
      this.daysOffRun.fill(Math.min(end - i + 1, 255), i, end + 1);
      i = end + 1;
    }
    for (let i = 1; i < this.size - 1; i++) {
      this.bridge[i] = this.dayOff[i] === 0 && this.dayOff[i - 1] === 1 && this.dayOff[i + 1] === 1 ? 1 : 0;
    }
  }

  /** Row of a day number in the arrays, or -1 outside the covered years. */
  indexOf(dayNumber: number): number {
    const index = dayNumber - this.firstDayNumber;
    return index >= 0 && index < this.size ? index : -1;
  }
}

let sharedTable: CalendarTable | undefined;

/** The process-wide calendar table (built on first use, ~30,000 days, about a millisecond). */
export function calendarTable(): CalendarTable {
  sharedTable ??= new CalendarTable();
  return sharedTable;
}

/**
 * Calendar index of an ISO date, throwing a `FeatureInputError` for malformed dates and dates
 * outside the holiday library's years (a holiday flag there would be a silent guess).
 */
export function calendarIndexOf(date: unknown, field = 'date', row?: number): number {
  const dayNumber = typeof date === 'string' ? parseIsoDate(date) : undefined;
  if (dayNumber === undefined) throw new FeatureInputError(field, row, date, 'a real calendar date as YYYY-MM-DD');
  const index = calendarTable().indexOf(dayNumber);
  if (index < 0) {
    throw new FeatureInputError(
      field,
      row,
      date,
      `a date in ${HOLIDAY_YEARS.first}..${HOLIDAY_YEARS.last} (holiday table range)`,
    );
  }
  return index;
}

/** All calendar facts of one date (for inspection and documentation; the transforms use the arrays). */
export function calendarDay(date: string): CalendarDay {
  const t = calendarTable();
  const i = calendarIndexOf(date);
  return {
    date,
    year: t.year[i],
    month: t.month[i],
    day: t.day[i],
    dow: t.dow[i],
    dayOfYear: t.dayOfYear[i],
    daysInYear: t.daysInYear[i],
    weekend: t.dow[i] >= 5,
    holiday: t.holiday[i] === 1,
    yearEnd: t.yearEnd[i] === 1,
    obon: t.obon[i] === 1,
    goldenWeek: t.goldenWeek[i] === 1,
    dayOff: t.dayOff[i] === 1,
    daysOffRun: t.daysOffRun[i],
    bridge: t.bridge[i] === 1,
  };
}
