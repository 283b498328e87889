// `@powercast/features/calendar`: the calendar parts behind the date features, on `YYYY-MM-DD`
// strings and day numbers (never a local `Date`).
export { calendarDay, type CalendarDay } from '../calendar.js';
export { HOLIDAY_YEARS, isJapaneseHoliday, japaneseHolidayDates, japaneseHolidayName } from '../holidays.js';
export { dayOfWeekMon0, isoDateFromDayNumber, parseIsoDate } from '../dates.js';
