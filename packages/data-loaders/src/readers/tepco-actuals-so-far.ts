import { TableShapeError } from '../errors.js';
import { at, type FileOrigin } from './cells.js';
import { readTepcoDailyFile } from './tepco-daily.js';
import { splitLines, toText } from './text.js';

/**
 * TEPCO's demand of a day still running, as far as it is measured: the hours (and 5-minute
 * intervals) from midnight up to the last published one. Intervals not yet measured are absent
 * here; they are never zeros.
 */
export interface TepcoActualsSoFar {
  date: string;
  /** The file's UPDATE stamp, JST: 'YYYY-MM-DDTHH:MM:00+09:00'. */
  updatedAt: string;
  /** Hours measured so far: hour h (h:00–h+1:00) for h < hoursMeasured. */
  hoursMeasured: number;
  /** The measured hourly means (万kW), hour 0 first; length `hoursMeasured`. */
  hourlyManKw: number[];
  fiveMinutesMeasured: number;
  /** The measured 5-minute values (万kW), 0:00 first; length `fiveMinutesMeasured`. */
  fiveMinuteManKw: number[];
  /** Highest hourly value so far and its hour, null before the first hour is in. */
  peakSoFarManKw: number | null;
  peakHourSoFar: number | null;
  /** Every hour and 5-minute interval measured (an archived day). */
  complete: boolean;
}

const HOURLY_HEADER = 'DATE,TIME,当日実績(万kW)';
const FIVE_MINUTE_HEADER = 'DATE,TIME,当日実績(５分間隔値)(万kW)';

/**
 * Read a TEPCO daily file of a day still running (the live `juyo-d1-j.csv` during the day, or
 * any archived `YYYYMMDD_power_usage.csv`). The file publishes `0` or empty for intervals not
 * yet measured: these must all come after the measured ones, a gap is a `TableShapeError` naming
 * the line and column.
 */
export function readTepcoActualsSoFar(input: Uint8Array | string, origin: FileOrigin): TepcoActualsSoFar {
  const text = toText(input);
  const day = readTepcoDailyFile(text, origin);
  const lines = splitLines(text);
  const hourly = measuredPrefix(
    day.hourly.map((row) => row.demandManKw),
    origin,
    lines.findIndex((line) => line.startsWith(HOURLY_HEADER)) + 2,
    '当日実績(万kW)',
  );
  const fiveMinute = measuredPrefix(
    day.fiveMinute.map((row) => row.demandManKw),
    origin,
    lines.findIndex((line) => line.startsWith(FIVE_MINUTE_HEADER)) + 2,
    '当日実績(５分間隔値)(万kW)',
  );
  let peak: number | null = null;
  let peakHour: number | null = null;
  hourly.forEach((value, hour) => {
    if (peak === null || value > peak) {
      peak = value;
      peakHour = hour;
    }
  });
  return {
    date: day.date,
    updatedAt: `${day.updatedAt}:00+09:00`,
    hoursMeasured: hourly.length,
    hourlyManKw: hourly,
    fiveMinutesMeasured: fiveMinute.length,
    fiveMinuteManKw: fiveMinute,
    peakSoFarManKw: peak,
    peakHourSoFar: peakHour,
    complete: hourly.length === 24 && fiveMinute.length === 288,
  };
}

/** The measured values before the first unmeasured one; a measured value after it is an error. */
function measuredPrefix(
  values: readonly (number | null)[],
  origin: FileOrigin,
  firstRowLine: number,
  column: string,
): number[] {
  const end = values.indexOf(null);
  if (end < 0) return values as number[];
  const later = values.findIndex((value, i) => i > end && value !== null);
  if (later >= 0) {
    throw new TableShapeError(
      { ...at(origin, firstRowLine + later, column), value: String(values[later]) },
      `a measured value after the unmeasured row at line ${firstRowLine + end}`,
      'a running day to be measured from midnight without gaps (0 or empty only after the last measured interval)',
    );
  }
  return values.slice(0, end) as number[];
}
