import type { TepcoDailyFile } from '../readers/tepco-daily.js';
import type { TepcoYearlyFile } from '../readers/tepco-yearly.js';
import { detection, type Detection } from './finding.js';
import { qualityRule } from './rules.js';

interface HourlyDay {
  place: { file: string; member?: string };
  date: string;
  /** 24 values, null where none was given. */
  values: (number | null)[];
  /** The line of each hour's row. */
  lines: number[];
}

const range = qualityRule('hourly-demand-range').parameters;
const fiveMinuteRange = qualityRule('five-minute-demand-range').parameters;
const flat = qualityRule('flat-line').parameters;
const jump = qualityRule('hourly-jump').parameters;
const mismatch = qualityRule('hourly-five-minute-mismatch').parameters;
const complete = qualityRule('day-completeness').parameters;

/** Range, completeness, flat lines and jumps of one day of 24 hourly values. */
function checkHourlyDay(day: HourlyDay): Detection[] {
  const found: Detection[] = [];
  const at = (hour: number, value: number | null): { date: string; line: number; value: number | null } => ({
    date: day.date,
    line: day.lines[hour] ?? day.lines[0]!,
    value,
  });
  const outside = day.values.flatMap((value, hour) =>
    value !== null && (value < range.minManKw || value > range.maxManKw) ? [hour] : [],
  );
  if (outside.length > 0) {
    const first = outside[0]!;
    found.push(
      detection(
        'hourly-demand-range',
        day.place,
        at(first, day.values[first]!),
        `${day.date}: ${outside.length} of 24 hourly values outside ${range.minManKw}..${range.maxManKw} 万kW (first ${first}:00 = ${day.values[first]})`,
      ),
    );
  }
  const missing = day.values.flatMap((value, hour) => (value === null ? [hour] : []));
  if (missing.length > 0) {
    found.push(
      detection(
        'day-completeness',
        day.place,
        at(missing[0]!, null),
        `${day.date}: ${missing.length} of ${complete.hours} hourly values missing (first ${missing[0]}:00)`,
      ),
    );
  }
  const flatStart = flatRunStart(day.values, flat.minHours);
  if (flatStart !== null) {
    const value = day.values[flatStart]!;
    let end = flatStart;
    while (end + 1 < 24 && day.values[end + 1] === value) end++;
    found.push(
      detection(
        'flat-line',
        day.place,
        at(flatStart, value),
        `${day.date}: ${value} 万kW for ${end - flatStart + 1} consecutive hours from ${flatStart}:00 (flat from ${flat.minHours})`,
      ),
    );
  }
  for (let hour = 1; hour < 24; hour++) {
    const before = day.values[hour - 1];
    const value = day.values[hour];
    if (before === null || before === undefined || value === null || value === undefined) continue;
    if (Math.abs(value - before) > jump.maxChangeManKw) {
      found.push(
        detection(
          'hourly-jump',
          day.place,
          at(hour, value),
          `${day.date}: demand changes by ${value - before} 万kW from ${hour - 1}:00 (${before}) to ${hour}:00 (${value}), more than ${jump.maxChangeManKw}`,
        ),
      );
      break;
    }
  }
  return found;
}

/** The first hour of a run of at least `minHours` equal values, or null. */
function flatRunStart(values: readonly (number | null)[], minHours: number): number | null {
  let run = 1;
  for (let hour = 1; hour < values.length; hour++) {
    run = values[hour] !== null && values[hour] === values[hour - 1] ? run + 1 : 1;
    if (run === minHours) return hour - minHours + 1;
  }
  return null;
}

/** TEPCO's yearly files: each day's 24 hours. */
export function checkTepcoYearly(files: readonly TepcoYearlyFile[]): Detection[] {
  return files.flatMap((file) =>
    file.days.flatMap((day) =>
      checkHourlyDay({
        place: file.origin,
        date: day.date,
        values: day.hourlyManKw,
        lines: day.hourlyManKw.map((_, hour) => day.line + hour),
      }),
    ),
  );
}

/**
 * TEPCO's daily files: the 24 hours as above, the 288 five-minute values (range, completeness) and
 * each hour against the mean of its twelve 5-minute values. Unmeasured intervals (published as 0 or
 * empty) are the readers' null.
 */
export function checkTepcoDaily(files: readonly TepcoDailyFile[]): Detection[] {
  const found: Detection[] = [];
  for (const file of files) {
    found.push(
      ...checkHourlyDay({
        place: file.origin,
        date: file.date,
        values: file.hourly.map((row) => row.demandManKw),
        lines: file.hourly.map((row) => row.line),
      }),
    );
    const outside = file.fiveMinute.filter(
      (row) =>
        row.demandManKw !== null &&
        (row.demandManKw < fiveMinuteRange.minManKw || row.demandManKw > fiveMinuteRange.maxManKw),
    );
    if (outside.length > 0) {
      const first = outside[0]!;
      found.push(
        detection(
          'five-minute-demand-range',
          file.origin,
          { date: file.date, line: first.line, value: first.demandManKw },
          `${file.date}: ${outside.length} of 288 five-minute values outside ${fiveMinuteRange.minManKw}..${fiveMinuteRange.maxManKw} 万kW (first ${clock(first.minute)} = ${first.demandManKw})`,
        ),
      );
    }
    const missing = file.fiveMinute.filter((row) => row.demandManKw === null);
    if (missing.length > 0) {
      found.push(
        detection(
          'day-completeness',
          file.origin,
          { date: file.date, line: missing[0]!.line, value: null },
          `${file.date}: ${missing.length} of ${complete.fiveMinuteValues} five-minute values missing (first ${clock(missing[0]!.minute)})`,
        ),
      );
    }
    for (const row of file.hourly) {
      const twelve = file.fiveMinute.slice(row.hour * 12, row.hour * 12 + 12).map((five) => five.demandManKw);
      if (row.demandManKw === null || twelve.length !== 12 || twelve.some((value) => value === null)) continue;
      const mean = (twelve as number[]).reduce((sum, value) => sum + value, 0) / 12;
      if (Math.abs(mean - row.demandManKw) > mismatch.maxRelativeDifference * row.demandManKw) {
        found.push(
          detection(
            'hourly-five-minute-mismatch',
            file.origin,
            { date: file.date, line: row.line, value: row.demandManKw },
            `${file.date} ${row.hour}:00: hourly ${row.demandManKw} 万kW but its twelve 5-minute values average ${mean.toFixed(1)} (more than ${mismatch.maxRelativeDifference * 100} % apart)`,
          ),
        );
        break;
      }
    }
  }
  return found;
}

function clock(minute: number): string {
  return `${Math.floor(minute / 60)}:${String(minute % 60).padStart(2, '0')}`;
}
