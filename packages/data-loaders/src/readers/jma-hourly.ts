import { DateOrderError, InvalidValueError, UnknownHeaderError } from '../errors.js';
import type { DataWarning } from '../warnings.js';
import { at, parseNumberCell, type FileOrigin } from './cells.js';
import { addDays, parseClockMinutes, parseSlashDate } from './dates.js';
import { findGroup, readJmaExport, type JmaExport } from './jma-export.js';
import { MIN_QUALITY } from './jma-daily.js';

/** One hourly temperature reading assigned to its JMA day. */
export interface JmaHourlyReading {
  /** The JMA day: readings stamped D 1:00 .. D+1 0:00 belong to D. */
  date: string;
  /** 1..24 (24 = the reading stamped D+1 0:00). */
  hour: number;
  /** ℃, null when empty or quality below 5. */
  tempC: number | null;
  quality: number | null;
  line: number;
}

export interface JmaHourlyFile {
  origin: FileOrigin;
  downloadedAt: string;
  station: string;
  readings: JmaHourlyReading[];
}

export interface JmaHourlyDay {
  date: string;
  max_temp_hourly: number | null;
  min_temp_hourly: number | null;
  mean_temp_hourly: number | null;
  /** How many of the 24 readings were missing (absent, empty or low quality). */
  missingReadings: number;
}

const TEMPERATURE = '気温(℃)';
const TEMPERATURE_QUALITY = '気温(℃) 品質情報';
/** More missing readings than this and the day's temperatures are not trusted. */
export const MAX_MISSING_READINGS = 3;

export function readJmaHourlyFile(
  input: Uint8Array | string,
  origin: FileOrigin,
  expectedStation = '東京',
): JmaHourlyFile {
  return jmaHourlyFromExport(readJmaExport(input, origin, expectedStation));
}

export function jmaHourlyFromExport(exported: JmaExport): JmaHourlyFile {
  const origin = exported.origin;
  if (exported.period !== '年月日時') {
    throw new UnknownHeaderError(
      at(origin, exported.headerLine),
      `a daily export (${exported.period}) where an hourly one was expected`,
      'an hourly export whose first header cell is 年月日時',
    );
  }
  const group = findGroup(exported, TEMPERATURE);
  if (!group) {
    throw new UnknownHeaderError(
      at(origin, exported.headerLine),
      `no ${TEMPERATURE} column`,
      `an hourly export containing ${TEMPERATURE}`,
    );
  }
  const readings: JmaHourlyReading[] = [];
  let previousDay = '';
  let previousHour = -1;
  let previousDayText = '';
  let previousDayValue: string | null = null;
  let previousDayBefore = '';
  for (const { cells, line } of exported.rows) {
    const stampText = cells[0] ?? '';
    const space = stampText.indexOf(' ');
    const dayText = space < 0 ? stampText : stampText.slice(0, space);
    // Consecutive rows share the day text: parse it (and the day before, for 24:00) once.
    if (dayText !== previousDayText) {
      previousDayText = dayText;
      previousDayValue = parseSlashDate(dayText);
      previousDayBefore = previousDayValue === null ? '' : addDays(previousDayValue, -1);
    }
    const calendarDay = previousDayValue;
    const minutes = space < 0 ? null : parseClockMinutes(stampText.slice(space + 1));
    if (!calendarDay || minutes === null || minutes % 60 !== 0) {
      throw new InvalidValueError(
        { ...at(origin, line, '年月日時'), value: stampText.trim() },
        'a stamp YYYY/M/D H:00:00',
      );
    }
    const hour = minutes / 60;
    if (calendarDay < previousDay || (calendarDay === previousDay && hour <= previousHour)) {
      throw new DateOrderError(
        { ...at(origin, line, '年月日時'), value: stampText.trim() },
        `${previousDay} ${previousHour}:00`,
      );
    }
    previousDay = calendarDay;
    previousHour = hour;
    const quality =
      group.qualityColumn === null
        ? null
        : parseNumberCell(cells[group.qualityColumn], origin, line, TEMPERATURE_QUALITY, 'a quality number 0..8');
    const value = parseNumberCell(cells[group.valueColumn], origin, line, TEMPERATURE);
    const usable = value !== null && (group.qualityColumn === null || (quality !== null && quality >= MIN_QUALITY));
    readings.push({
      date: hour === 0 ? previousDayBefore : calendarDay,
      hour: hour === 0 ? 24 : hour,
      tempC: usable ? value : null,
      quality,
      line,
    });
  }
  return { origin, downloadedAt: exported.downloadedAt, station: exported.station, readings };
}

/**
 * Daily max/min/mean from hourly readings (JMA day convention). A day with more than three
 * missing readings gets null temperatures and a warning; the mean is rounded to 0.1 ℃ like JMA's.
 */
export function dailyFromHourly(
  readings: readonly JmaHourlyReading[],
  fileOfDate: string | ((date: string) => string),
): { days: JmaHourlyDay[]; warnings: DataWarning[] } {
  const fileFor = typeof fileOfDate === 'string' ? (): string => fileOfDate : fileOfDate;
  const byDate = new Map<string, (number | null)[]>();
  for (const reading of readings) {
    let hours = byDate.get(reading.date);
    if (!hours) {
      hours = new Array<number | null>(24).fill(null);
      byDate.set(reading.date, hours);
    }
    hours[reading.hour - 1] = reading.tempC;
  }
  return summariseHourlyDays(byDate, fileFor);
}

/** Per JMA day, 24 temperatures (index 0 = 1:00 … 23 = 24:00; null = missing) → daily figures. */
export function summariseHourlyDays(
  byDate: ReadonlyMap<string, readonly (number | null)[]>,
  fileFor: (date: string) => string,
): { days: JmaHourlyDay[]; warnings: DataWarning[] } {
  const days: JmaHourlyDay[] = [];
  const warnings: DataWarning[] = [];
  for (const date of [...byDate.keys()].sort()) {
    const hours = byDate.get(date)!;
    let max = -Infinity;
    let min = Infinity;
    let sum = 0;
    let count = 0;
    for (const value of hours) {
      if (value === null) continue;
      if (value > max) max = value;
      if (value < min) min = value;
      sum += value;
      count++;
    }
    const missingReadings = 24 - count;
    if (missingReadings > MAX_MISSING_READINGS) {
      warnings.push({
        file: fileFor(date),
        date,
        field: 'mean_temp_hourly',
        message: `${date}: ${missingReadings} of 24 hourly temperatures missing (more than ${MAX_MISSING_READINGS}); hourly-derived temperatures set to null`,
      });
      days.push({ date, max_temp_hourly: null, min_temp_hourly: null, mean_temp_hourly: null, missingReadings });
      continue;
    }
    days.push({
      date,
      max_temp_hourly: max,
      min_temp_hourly: min,
      mean_temp_hourly: roundTenth(sum / count),
      missingReadings,
    });
  }
  return { days, warnings };
}

function roundTenth(value: number): number {
  return Math.round(value * 10 + Number.EPSILON * 100) / 10;
}
