import { DataConflictError } from '../errors.js';
import type { DataWarning } from '../warnings.js';
import { missingDates } from '../readers/dates.js';
import { summariseHourlyDays, type JmaHourlyDay } from '../readers/jma-hourly.js';
import type { JmaDailyField, JmaDailyFile, JmaDailyValues } from '../readers/jma-daily.js';
import type { TepcoDailyFile } from '../readers/tepco-daily.js';
import type { Holiday } from '../readers/holidays.js';
import type { ParsedSources, SourceKind } from './parse-files.js';

/** One row of the daily table (see the package README for units and provenance). */
export interface DailyRow {
  date: string;
  peak_hourly: number | null;
  peak_5min: number | null;
  peak_hour: number | null;
  max_temp: number | null;
  min_temp: number | null;
  mean_temp: number | null;
  max_temp_hourly: number | null;
  min_temp_hourly: number | null;
  mean_temp_hourly: number | null;
  weather_day: string | null;
  weather_night?: string | null;
  precipitation_mm?: number | null;
  sunshine_hours?: number | null;
  humidity_mean?: number | null;
  tepco_forecast_peak: number | null;
  sources: string;
}

export type JoinMode = 'target' | 'inner';

export interface FileInventory {
  path: string;
  firstDate: string | null;
  lastDate: string | null;
  dayCount: number;
}

export interface SourceInventory {
  kind: SourceKind;
  files: FileInventory[];
  firstDate: string | null;
  lastDate: string | null;
  dayCount: number;
  /** Dates missing between firstDate and lastDate. */
  gaps: string[];
  warnings: number;
}

export interface MergeResult {
  rows: DailyRow[];
  /** Optional weather columns that at least one JMA export provided. */
  optionalColumns: OptionalWeatherColumn[];
  gaps: string[];
  warnings: DataWarning[];
  inventory: SourceInventory[];
  duplicatesDropped: number;
  holidays: Holiday[];
}

export const OPTIONAL_WEATHER_COLUMNS = [
  'weather_night',
  'precipitation_mm',
  'sunshine_hours',
  'humidity_mean',
] as const;
export type OptionalWeatherColumn = (typeof OPTIONAL_WEATHER_COLUMNS)[number];

/** Hourly values of daily and yearly files may differ by rounding only. */
const HOURLY_TOLERANCE_MAN_KW = 0.5;

interface YearlyDay {
  file: string;
  line: number;
  hourlyManKw: (number | null)[];
}

/** Merge parsed sources into one row per date. Pure: throws on conflicting TEPCO numbers. */
export function mergeSources(parsed: ParsedSources, join: JoinMode = 'target'): MergeResult {
  const warnings: DataWarning[] = [...parsed.warnings];
  let duplicatesDropped = 0;

  // TEPCO daily files: one per date; identical repeats dropped, different numbers are an error.
  const dailyByDate = new Map<string, TepcoDailyFile>();
  for (const day of parsed.tepcoDaily) {
    const existing = dailyByDate.get(day.date);
    if (!existing) {
      dailyByDate.set(day.date, day);
      continue;
    }
    const difference = dailyDifference(existing, day);
    if (difference === null) duplicatesDropped++;
    else
      throw new DataConflictError(
        { ...day.origin, value: day.date },
        label(existing.origin),
        `${day.date}: ${difference}`,
      );
  }
  for (const day of dailyByDate.values()) {
    if (day.unmeasuredHours > 0 || day.unmeasuredFiveMinutes > 0) {
      warnings.push({
        ...day.origin,
        date: day.date,
        field: 'peak_hourly',
        message: `${day.date} is incomplete (${day.unmeasuredHours} hours, ${day.unmeasuredFiveMinutes} five-minute intervals not measured); its peaks are null`,
      });
    }
  }

  const yearlyByDate = new Map<string, YearlyDay>();
  for (const file of parsed.tepcoYearly) {
    for (const day of file.days) {
      const existing = yearlyByDate.get(day.date);
      const record = { file: file.origin.file, line: day.line, hourlyManKw: day.hourlyManKw };
      if (!existing) {
        yearlyByDate.set(day.date, record);
        continue;
      }
      const hour = day.hourlyManKw.findIndex((value, h) => value !== existing.hourlyManKw[h]);
      if (hour < 0) duplicatesDropped++;
      else {
        throw new DataConflictError(
          { file: file.origin.file, line: day.line + hour, column: 'TIME', value: `${day.date} ${hour}:00` },
          `${existing.file} line ${existing.line + hour}`,
          `hour ${hour}:00 is ${day.hourlyManKw[hour]} here but ${existing.hourlyManKw[hour]} there`,
        );
      }
    }
  }

  // Daily files win over yearly ones, but their hourly actuals must agree.
  for (const [date, day] of dailyByDate) {
    const yearly = yearlyByDate.get(date);
    if (!yearly) continue;
    for (const row of day.hourly) {
      const other = yearly.hourlyManKw[row.hour];
      if (row.demandManKw === null || other === null || other === undefined) continue;
      if (Math.abs(row.demandManKw - other) > HOURLY_TOLERANCE_MAN_KW) {
        throw new DataConflictError(
          { ...day.origin, column: '当日実績(万kW)', value: `${date} ${row.hour}:00 = ${row.demandManKw}` },
          `${yearly.file} line ${yearly.line + row.hour} (${other})`,
          `hourly actual differs from the yearly file`,
        );
      }
    }
  }

  const jmaDaily = mergeJmaDaily(parsed.jmaDaily, warnings);
  const jmaHourly = mergeJmaHourly(parsed, warnings);
  const optionalColumns = OPTIONAL_WEATHER_COLUMNS.filter((column) =>
    parsed.jmaDaily.some((file) => file.fields.includes(column)),
  );

  const tepcoDates = [...new Set([...dailyByDate.keys(), ...yearlyByDate.keys()])].sort();
  const rows: DailyRow[] = [];
  for (const date of tepcoDates) {
    const daily = dailyByDate.get(date);
    const yearly = yearlyByDate.get(date);
    const fromYearly = yearly ? yearlyPeak(yearly.hourlyManKw) : null;
    const peakHourly = daily?.summary.peak_hourly ?? fromYearly?.peak ?? null;
    if (peakHourly === null) {
      if (!daily)
        warnings.push({
          file: yearly!.file,
          line: yearly!.line,
          date,
          field: 'peak_hourly',
          message: `${date} has missing hourly actuals; no target, row left out`,
        });
      continue;
    }
    const weather = jmaDaily.get(date);
    if (join === 'inner' && !weather) continue;
    const hourly = jmaHourly.days.get(date);
    const sources: string[] = [];
    if (daily) sources.push(label(daily.origin));
    if (yearly) sources.push(yearly.file);
    if (weather) sources.push(...weather.files);
    if (hourly) sources.push(...(jmaHourly.files.get(date) ?? []));
    const values: JmaDailyValues = weather?.values ?? {};
    const row: DailyRow = {
      date,
      peak_hourly: peakHourly,
      peak_5min: daily?.summary.peak_5min ?? null,
      peak_hour: daily?.summary.peak_hour ?? fromYearly?.hour ?? null,
      max_temp: numberOrNull(values.max_temp) ?? hourly?.max_temp_hourly ?? null,
      min_temp: numberOrNull(values.min_temp) ?? hourly?.min_temp_hourly ?? null,
      mean_temp: numberOrNull(values.mean_temp) ?? hourly?.mean_temp_hourly ?? null,
      max_temp_hourly: hourly?.max_temp_hourly ?? null,
      min_temp_hourly: hourly?.min_temp_hourly ?? null,
      mean_temp_hourly: hourly?.mean_temp_hourly ?? null,
      weather_day: textOrNull(values.weather_day),
      tepco_forecast_peak: daily?.summary.tepco_forecast_peak ?? null,
      sources: [...new Set(sources)].join(';'),
    };
    for (const column of optionalColumns) {
      row[column] = (column === 'weather_night' ? textOrNull(values[column]) : numberOrNull(values[column])) as never;
    }
    rows.push(row);
  }

  const holidays = parsed.holidays.flatMap((list) => list.holidays);
  const inventory = buildInventory(parsed, dailyByDate, yearlyByDate, jmaDaily, jmaHourly.days, holidays, warnings);
  return {
    rows,
    optionalColumns,
    gaps: missingDates(rows.map((row) => row.date)),
    warnings,
    inventory,
    duplicatesDropped,
    holidays,
  };
}

function label(origin: { file: string; member?: string }): string {
  return origin.member === undefined ? origin.file : `${origin.file}#${origin.member}`;
}

function numberOrNull(value: number | string | null | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

function textOrNull(value: number | string | null | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

function yearlyPeak(hourly: (number | null)[]): { peak: number; hour: number } | null {
  let peak = -Infinity;
  let hour = -1;
  for (let h = 0; h < 24; h++) {
    const value = hourly[h];
    if (value === null || value === undefined) return null;
    if (value > peak) {
      peak = value;
      hour = h;
    }
  }
  return { peak, hour };
}

/** null when two daily files carry the same numbers; otherwise what differs. */
function dailyDifference(a: TepcoDailyFile, b: TepcoDailyFile): string | null {
  for (let h = 0; h < 24; h++) {
    if (a.hourly[h]!.demandManKw !== b.hourly[h]!.demandManKw) {
      return `hour ${h}:00 is ${b.hourly[h]!.demandManKw} here but ${a.hourly[h]!.demandManKw} there`;
    }
  }
  for (let i = 0; i < a.fiveMinute.length; i++) {
    if (a.fiveMinute[i]!.demandManKw !== b.fiveMinute[i]!.demandManKw) {
      const minute = a.fiveMinute[i]!.minute;
      return `5-minute value at ${Math.floor(minute / 60)}:${String(minute % 60).padStart(2, '0')} is ${b.fiveMinute[i]!.demandManKw} here but ${a.fiveMinute[i]!.demandManKw} there`;
    }
  }
  if ((a.sameDayForecast?.peakManKw ?? null) !== (b.sameDayForecast?.peakManKw ?? null)) {
    return `same-day forecast peak is ${b.sameDayForecast?.peakManKw ?? 'absent'} here but ${a.sameDayForecast?.peakManKw ?? 'absent'} there`;
  }
  return null;
}

interface MergedWeather {
  values: JmaDailyValues;
  files: string[];
  from: Partial<Record<JmaDailyField, JmaDailyFile>>;
}

/** Where exports overlap, the one downloaded later wins; every differing value is a warning. */
function mergeJmaDaily(files: readonly JmaDailyFile[], warnings: DataWarning[]): Map<string, MergedWeather> {
  const ordered = [...files].sort((a, b) =>
    a.downloadedAt === b.downloadedAt
      ? a.origin.file < b.origin.file
        ? -1
        : 1
      : a.downloadedAt < b.downloadedAt
        ? -1
        : 1,
  );
  const merged = new Map<string, MergedWeather>();
  for (const file of ordered) {
    warnings.push(...file.warnings);
    for (const row of file.rows) {
      let entry = merged.get(row.date);
      if (!entry) {
        entry = { values: {}, files: [], from: {} };
        merged.set(row.date, entry);
      }
      entry.files.push(file.origin.file);
      for (const field of file.fields) {
        const value = row.values[field] ?? null;
        const previous = entry.from[field];
        const previousValue = entry.values[field] ?? null;
        if (previous && previousValue !== value) {
          warnings.push({
            file: file.origin.file,
            line: row.line,
            field,
            date: row.date,
            message: `${row.date} ${field}: ${JSON.stringify(previousValue)} in ${previous.origin.file} (downloaded ${previous.downloadedAt}) replaced by ${JSON.stringify(value)} from this export (downloaded ${file.downloadedAt})`,
          });
        }
        entry.values[field] = value;
        entry.from[field] = file;
      }
    }
  }
  for (const entry of merged.values())
    entry.files = [...new Set(Object.values(entry.from).map((file) => file.origin.file))];
  return merged;
}

function mergeJmaHourly(
  parsed: ParsedSources,
  warnings: DataWarning[],
): { days: Map<string, JmaHourlyDay>; files: Map<string, string[]> } {
  const ordered = [...parsed.jmaHourly].sort((a, b) =>
    a.downloadedAt < b.downloadedAt ? -1 : a.downloadedAt > b.downloadedAt ? 1 : 0,
  );
  const temperatures = new Map<string, (number | null)[]>();
  const seen = new Map<string, string[]>();
  const filesByDate = new Map<string, string[]>();
  for (const file of ordered) {
    const name = file.origin.file;
    for (const reading of file.readings) {
      let hours = temperatures.get(reading.date);
      let from = seen.get(reading.date);
      if (!hours || !from) {
        hours = new Array<number | null>(24).fill(null);
        from = new Array<string>(24).fill('');
        temperatures.set(reading.date, hours);
        seen.set(reading.date, from);
        filesByDate.set(reading.date, [name]);
      } else if (!filesByDate.get(reading.date)!.includes(name)) filesByDate.get(reading.date)!.push(name);
      const index = reading.hour - 1;
      if (from[index] !== '' && hours[index] !== reading.tempC) {
        warnings.push({
          file: name,
          line: reading.line,
          field: 'temperature',
          date: reading.date,
          message: `${reading.date} hour ${reading.hour}: ${hours[index]} in ${from[index]} replaced by ${reading.tempC} from this later export`,
        });
      }
      hours[index] = reading.tempC;
      from[index] = name;
    }
  }
  const { days, warnings: dayWarnings } = summariseHourlyDays(temperatures, (date) => filesByDate.get(date)?.[0] ?? '');
  warnings.push(...dayWarnings);
  return { days: new Map(days.map((day) => [day.date, day])), files: filesByDate };
}

function summarise(
  kind: SourceKind,
  files: FileInventory[],
  dates: string[],
  warnings: DataWarning[],
): SourceInventory {
  const sorted = [...dates].sort();
  const paths = new Set(files.map((file) => file.path));
  return {
    kind,
    files,
    firstDate: sorted[0] ?? null,
    lastDate: sorted.at(-1) ?? null,
    dayCount: sorted.length,
    gaps: kind === 'holidays' ? [] : missingDates(sorted),
    warnings: warnings.filter((warning) => paths.has(warning.file)).length,
  };
}

function fileInventory(path: string, dates: readonly string[]): FileInventory {
  const sorted = [...dates].sort();
  return { path, firstDate: sorted[0] ?? null, lastDate: sorted.at(-1) ?? null, dayCount: new Set(sorted).size };
}

function buildInventory(
  parsed: ParsedSources,
  dailyByDate: Map<string, TepcoDailyFile>,
  yearlyByDate: Map<string, YearlyDay>,
  jmaDaily: Map<string, MergedWeather>,
  jmaHourlyDays: Map<string, JmaHourlyDay>,
  holidays: Holiday[],
  warnings: DataWarning[],
): SourceInventory[] {
  const inventory: SourceInventory[] = [];
  if (parsed.tepcoDaily.length > 0) {
    const files = parsed.tepcoDailyContainers.map((path) =>
      fileInventory(
        path,
        parsed.tepcoDaily.filter((day) => day.origin.file === path).map((day) => day.date),
      ),
    );
    inventory.push(summarise('tepco-daily', files, [...dailyByDate.keys()], warnings));
  }
  if (parsed.tepcoYearly.length > 0) {
    const files = parsed.tepcoYearly.map((file) =>
      fileInventory(
        file.origin.file,
        file.days.map((day) => day.date),
      ),
    );
    inventory.push(summarise('tepco-yearly', files, [...yearlyByDate.keys()], warnings));
  }
  if (parsed.jmaDaily.length > 0) {
    const files = parsed.jmaDaily.map((file) =>
      fileInventory(
        file.origin.file,
        file.rows.map((row) => row.date),
      ),
    );
    inventory.push(summarise('jma-daily', files, [...jmaDaily.keys()], warnings));
  }
  if (parsed.jmaHourly.length > 0) {
    const files = parsed.jmaHourly.map((file) =>
      fileInventory(
        file.origin.file,
        file.readings.map((reading) => reading.date),
      ),
    );
    inventory.push(summarise('jma-hourly', files, [...jmaHourlyDays.keys()], warnings));
  }
  if (parsed.holidays.length > 0) {
    const files = parsed.holidays.map((list) =>
      fileInventory(
        list.file,
        list.holidays.map((holiday) => holiday.date),
      ),
    );
    inventory.push(
      summarise(
        'holidays',
        files,
        holidays.map((holiday) => holiday.date),
        warnings,
      ),
    );
  }
  return inventory;
}
