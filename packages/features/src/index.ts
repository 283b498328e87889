export { categoriseWeather, WEATHER_CATEGORIES, type WeatherCategory } from './weather.js';
export { isJapaneseHoliday, japaneseHolidayName, japaneseHolidayDates, HOLIDAY_YEARS } from './holidays.js';
export { calendarDay, type CalendarDay } from './calendar.js';
export { parseIsoDate, isoDateFromDayNumber, dayOfWeekMon0 } from './dates.js';
export { temperatureFeatures, type TemperatureFeatures, type TemperatureThresholds } from './temperature.js';
export { FeaturesError, FeatureInputError, FeatureConfigError, SplitError } from './errors.js';
