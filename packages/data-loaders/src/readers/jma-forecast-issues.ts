import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { DataConflictError, InvalidValueError, type FileLocation } from '../errors.js';
import { daysBetween } from './dates.js';
import { jstDate, jstHour, jstIso, parseInstant } from './jst-time.js';

/** JMA forecast area 東京地方 (weather, pops) and point 東京 (temperatures) of the Tokyo office 130000. */
export const JMA_TOKYO_FORECAST_AREA = '130010';
export const JMA_TOKYO_FORECAST_POINT = '44132';

/** JMA's confidence in a weekly forecast day: A (high) … C (low). */
export type ForecastReliability = 'A' | 'B' | 'C';

/**
 * One row of the forecast-issue table: what one JMA issue said about one target day. The live
 * `130000.json` and the monthly archive CSV give the same rows for the same issue.
 *
 * Short-range columns come from report [0] (today, tomorrow, the day after), weekly ones from
 * report [1] (D+1..D+7); a column is null when that issue did not forecast it for that day.
 * Temperatures are ℃, probabilities of precipitation %.
 */
export interface ForecastIssueRow {
  /** The report's `reportDatetime`, canonical JST: `2023-07-31T17:00:00+09:00`. */
  issued_at: string;
  /** JST calendar date of `issued_at`. */
  issue_date: string;
  /** The day forecast, `YYYY-MM-DD` (JST). */
  target_date: string;
  /** Days from `issue_date` to `target_date` (0 = the day of issue). */
  lead_days: number;
  /** Short-range weather code (100..450) for area 130010; `weatherCode.csv` maps it to 天気概況 words. */
  weather_code: number | null;
  /** Short-range forecast phrasing as published, full-width spaces kept (`晴れ　時々　くもり`). */
  weather_text: string | null;
  /** Short-range probability of precipitation of the 6-hour block starting 00:00, 06:00, 12:00, 18:00 JST. */
  pop_00: number | null;
  pop_06: number | null;
  pop_12: number | null;
  pop_18: number | null;
  /**
   * Short-range morning minimum (JMA's `T00:00` point value). Null on the day of issue: there the
   * `T00:00` slot repeats or exceeds the day's maximum (all 1,588 morning and midday issues 2021–2023),
   * it is not a minimum.
   */
  temp_min: number | null;
  /** Short-range daytime maximum (JMA's `T09:00` point value). */
  temp_max: number | null;
  /** Weekly forecast: weather code, probability of precipitation (whole day) and reliability. */
  weekly_weather_code: number | null;
  weekly_pop: number | null;
  weekly_reliability: ForecastReliability | null;
  /** Weekly forecast temperatures with JMA's likely range (lower … upper). */
  weekly_temp_min: number | null;
  weekly_temp_min_lower: number | null;
  weekly_temp_min_upper: number | null;
  weekly_temp_max: number | null;
  weekly_temp_max_lower: number | null;
  weekly_temp_max_upper: number | null;
}

/** Column order of the forecast-issue table. */
export const FORECAST_ISSUE_COLUMNS = [
  'issued_at',
  'issue_date',
  'target_date',
  'lead_days',
  'weather_code',
  'weather_text',
  'pop_00',
  'pop_06',
  'pop_12',
  'pop_18',
  'temp_min',
  'temp_max',
  'weekly_weather_code',
  'weekly_pop',
  'weekly_reliability',
  'weekly_temp_min',
  'weekly_temp_min_lower',
  'weekly_temp_min_upper',
  'weekly_temp_max',
  'weekly_temp_max_lower',
  'weekly_temp_max_upper',
] as const satisfies readonly (keyof ForecastIssueRow)[];

type ValueField = Exclude<keyof ForecastIssueRow, 'issued_at' | 'issue_date' | 'target_date' | 'lead_days'>;

/** The five series of a JMA forecast, told apart by which values an entry carries. */
export type ForecastSeries =
  'short-range-weather' | 'short-range-pops' | 'short-range-temps' | 'weekly' | 'weekly-temps';

/** Field names as in the archive header (the JSON uses their plurals: `weatherCodes`, `tempsMin`, …). */
export type RawForecastField =
  | 'weatherCode'
  | 'weather'
  | 'pop'
  | 'temp'
  | 'tempMin'
  | 'tempMax'
  | 'tempMinUpper'
  | 'tempMaxUpper'
  | 'tempMinLower'
  | 'tempMaxLower'
  | 'reliability';

/** Builds the location of a raw value only when it is needed for an error. */
export type LocateField = (field: RawForecastField | 'reportDatetime' | 'timeDefine') => FileLocation;

const WEEKLY_TEMPS: [RawForecastField, ValueField][] = [
  ['tempMin', 'weekly_temp_min'],
  ['tempMinLower', 'weekly_temp_min_lower'],
  ['tempMinUpper', 'weekly_temp_min_upper'],
  ['tempMax', 'weekly_temp_max'],
  ['tempMaxLower', 'weekly_temp_max_lower'],
  ['tempMaxUpper', 'weekly_temp_max_upper'],
];

const emptyRow = (issuedAt: string, issueDate: string, targetDate: string): ForecastIssueRow => ({
  issued_at: issuedAt,
  issue_date: issueDate,
  target_date: targetDate,
  lead_days: daysBetween(issueDate, targetDate),
  weather_code: null,
  weather_text: null,
  pop_00: null,
  pop_06: null,
  pop_12: null,
  pop_18: null,
  temp_min: null,
  temp_max: null,
  weekly_weather_code: null,
  weekly_pop: null,
  weekly_reliability: null,
  weekly_temp_min: null,
  weekly_temp_min_lower: null,
  weekly_temp_min_upper: null,
  weekly_temp_max: null,
  weekly_temp_max_lower: null,
  weekly_temp_max_upper: null,
});

const quote = (text: string): string => (text.length > 80 ? `${text.slice(0, 77)}...` : text);

/**
 * Collects the values of any number of archive files and live JSONs into one row per
 * (issue, target day). The same value twice (the archive repeats some issues, months overlap)
 * is counted, a different value for the same field is a `DataConflictError` naming both places.
 */
export class ForecastIssueAssembler {
  private readonly rowsByKey = new Map<string, AssembledRow>();
  private readonly issueTimes = new Map<string, { iso: string; date: string }>();
  private readonly timeDefines = new Map<string, { date: string; hour: number } | null>();
  /** Values seen again with the same content. */
  repeatedValues = 0;

  /**
   * Add one entry of a series: the values one report gives for one `timeDefine`. `raw` returns
   * the text of a field ('' or undefined = not given).
   */
  add(
    series: ForecastSeries,
    reportDatetime: string,
    timeDefine: string,
    raw: (field: RawForecastField) => string | undefined,
    locate: LocateField,
  ): void {
    const issue = this.issueTime(reportDatetime, locate);
    const defined = this.timeDefine(timeDefine, locate);
    const key = `${issue.iso}|${defined.date}`;
    let entry = this.rowsByKey.get(key);
    if (!entry) {
      entry = { row: emptyRow(issue.iso, issue.date, defined.date), origins: {} };
      this.rowsByKey.set(key, entry);
    }
    switch (series) {
      case 'short-range-weather':
        this.set(entry, 'weather_code', weatherCode(raw('weatherCode'), locate), locate);
        this.set(entry, 'weather_text', textOrNull(raw('weather')), locate);
        break;
      case 'short-range-pops': {
        const field = POP_FIELDS[defined.hour];
        if (field === undefined) {
          throw new InvalidValueError(
            { ...locate('timeDefine'), value: timeDefine },
            'a 6-hour precipitation block starting at 00:00, 06:00, 12:00 or 18:00 JST',
          );
        }
        this.set(entry, field, percent(raw('pop'), locate, 'pop'), locate);
        break;
      }
      case 'short-range-temps': {
        if (defined.hour !== 0 && defined.hour !== 9) {
          throw new InvalidValueError(
            { ...locate('timeDefine'), value: timeDefine },
            'a short-range temperature at T00:00 (minimum) or T09:00 (maximum)',
          );
        }
        const value = celsius(raw('temp'), locate, 'temp');
        if (defined.hour === 9) this.set(entry, 'temp_max', value, locate);
        else if (entry.row.lead_days > 0) this.set(entry, 'temp_min', value, locate);
        break;
      }
      case 'weekly':
        this.set(entry, 'weekly_weather_code', weatherCode(raw('weatherCode'), locate), locate);
        this.set(entry, 'weekly_pop', percent(raw('pop'), locate, 'pop'), locate);
        this.set(entry, 'weekly_reliability', reliability(raw('reliability'), locate), locate);
        break;
      case 'weekly-temps':
        for (const [name, field] of WEEKLY_TEMPS) this.set(entry, field, celsius(raw(name), locate, name), locate);
        break;
    }
  }

  /** The rows, sorted by issue time then target date. */
  rows(): ForecastIssueRow[] {
    return [...this.rowsByKey.values()].map((entry) => entry.row).sort(compareRows);
  }

  private issueTime(reportDatetime: string, locate: LocateField): { iso: string; date: string } {
    const known = this.issueTimes.get(reportDatetime);
    if (known) return known;
    const instant = parseInstant(reportDatetime);
    if (instant === null) {
      throw new InvalidValueError(
        { ...locate('reportDatetime'), value: quote(reportDatetime) },
        'an ISO 8601 time with offset such as 2023-07-31T17:00:00+09:00',
      );
    }
    const parsed = { iso: jstIso(instant), date: jstDate(instant) };
    this.issueTimes.set(reportDatetime, parsed);
    return parsed;
  }

  /** JST date and hour of a `timeDefine` (the same few hundred strings recur thousands of times). */
  private timeDefine(text: string, locate: LocateField): { date: string; hour: number } {
    let parsed = this.timeDefines.get(text);
    if (parsed === undefined) {
      const instant = parseInstant(text);
      parsed = instant === null ? null : { date: jstDate(instant), hour: jstHour(instant) };
      this.timeDefines.set(text, parsed);
    }
    if (parsed === null) {
      throw new InvalidValueError(
        { ...locate('timeDefine'), value: quote(text) },
        'an ISO 8601 time with offset such as 2023-08-01T00:00:00+09:00',
      );
    }
    return parsed;
  }

  private set<F extends ValueField>(
    entry: AssembledRow,
    field: F,
    value: ForecastIssueRow[F],
    locate: LocateField,
  ): void {
    if (value === null) return;
    const { row } = entry;
    const current = row[field];
    if (current === null) {
      row[field] = value;
      // Keep how to find the value, not its location: locations are built only for an error.
      entry.origins[field] = locate;
      return;
    }
    if (current === value) {
      this.repeatedValues++;
      return;
    }
    const here = locate(RAW_FIELD[field]);
    const there = entry.origins[field]!(RAW_FIELD[field]);
    throw new DataConflictError(
      { ...here, value: quote(String(value)) },
      describePlace(there),
      `${field} of the ${row.issued_at} issue for ${row.target_date} is ${JSON.stringify(value)} here but ${JSON.stringify(current)} there`,
    );
  }
}

interface AssembledRow {
  row: ForecastIssueRow;
  origins: Partial<Record<ValueField, LocateField>>;
}

/** The raw field each value comes from (for error locations). */
const RAW_FIELD: Record<ValueField, RawForecastField> = {
  weather_code: 'weatherCode',
  weather_text: 'weather',
  pop_00: 'pop',
  pop_06: 'pop',
  pop_12: 'pop',
  pop_18: 'pop',
  temp_min: 'temp',
  temp_max: 'temp',
  weekly_weather_code: 'weatherCode',
  weekly_pop: 'pop',
  weekly_reliability: 'reliability',
  weekly_temp_min: 'tempMin',
  weekly_temp_min_lower: 'tempMinLower',
  weekly_temp_min_upper: 'tempMinUpper',
  weekly_temp_max: 'tempMax',
  weekly_temp_max_lower: 'tempMaxLower',
  weekly_temp_max_upper: 'tempMaxUpper',
};

const POP_FIELDS: Partial<Record<number, ValueField & `pop_${string}`>> = {
  0: 'pop_00',
  6: 'pop_06',
  12: 'pop_12',
  18: 'pop_18',
};

function describePlace(location: FileLocation): string {
  const parts = [location.member ? `${location.file} [member ${location.member}]` : location.file];
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.column !== undefined) parts.push(`column "${location.column}"`);
  return parts.join(', ');
}

function compareRows(a: ForecastIssueRow, b: ForecastIssueRow): number {
  if (a.issued_at !== b.issued_at) return a.issued_at < b.issued_at ? -1 : 1;
  return a.target_date < b.target_date ? -1 : a.target_date > b.target_date ? 1 : 0;
}

function textOrNull(text: string | undefined): string | null {
  return text === undefined || text.trim() === '' ? null : text;
}

function weatherCode(text: string | undefined, locate: LocateField): number | null {
  if (text === undefined || text === '') return null;
  if (/^[1-4]\d{2}$/.test(text)) return Number(text);
  throw new InvalidValueError({ ...locate('weatherCode'), value: quote(text) }, 'a JMA weather code 100..499');
}

function percent(text: string | undefined, locate: LocateField, field: RawForecastField): number | null {
  if (text === undefined || text === '') return null;
  if (/^\d{1,3}$/.test(text) && Number(text) <= 100) return Number(text);
  throw new InvalidValueError({ ...locate(field), value: quote(text) }, 'a probability of precipitation 0..100 (%)');
}

function celsius(text: string | undefined, locate: LocateField, field: RawForecastField): number | null {
  if (text === undefined || text === '') return null;
  if (/^-?\d{1,2}(\.\d)?$/.test(text)) return Number(text);
  throw new InvalidValueError({ ...locate(field), value: quote(text) }, 'a temperature in ℃ such as "26" or "-3"');
}

function reliability(text: string | undefined, locate: LocateField): ForecastReliability | null {
  if (text === undefined || text === '') return null;
  if (text === 'A' || text === 'B' || text === 'C') return text;
  throw new InvalidValueError({ ...locate('reliability'), value: quote(text) }, 'a reliability A, B or C');
}

/** The rows as an Arquero table with `FORECAST_ISSUE_COLUMNS` in order (rows keep their order). */
export function forecastIssueTable(rows: readonly ForecastIssueRow[]): ColumnTable {
  const data: Record<string, unknown[]> = {};
  for (const column of FORECAST_ISSUE_COLUMNS) data[column] = rows.map((row) => row[column]);
  return aq.table(data, [...FORECAST_ISSUE_COLUMNS]);
}

/** Rows of a forecast-issue table, typed (the inverse of `forecastIssueTable`). */
export function forecastIssueRows(table: ColumnTable): ForecastIssueRow[] {
  return table.objects() as ForecastIssueRow[];
}
