import { ForecastIssueIndex } from '../load/forecast-selection.js';
import { addDays } from '../readers/dates.js';
import type { JmaDailyFile, JmaDailyField } from '../readers/jma-daily.js';
import type { ForecastIssueRow } from '../readers/jma-forecast-issues.js';
import type { JmaHourlyFile } from '../readers/jma-hourly.js';
import { detection, type Detection } from './finding.js';
import { qualityRule } from './rules.js';

const temperature = qualityRule('temperature-range').parameters;
const pops = qualityRule('pops-range').parameters;
const stale = qualityRule('stale-forecast-issue').parameters;

const TEMPERATURE_FIELDS: readonly JmaDailyField[] = ['max_temp', 'min_temp', 'mean_temp'];
const outsideTemperature = (value: number): boolean => value < temperature.minC || value > temperature.maxC;
const temperatureBounds = `${temperature.minC}..${temperature.maxC} ℃`;

/** JMA daily exports: temperatures in range, the maximum not below the minimum. */
export function checkJmaDaily(files: readonly JmaDailyFile[]): Detection[] {
  const found: Detection[] = [];
  for (const file of files) {
    for (const row of file.rows) {
      const at = (value: number): { date: string; line: number; value: number } => ({
        date: row.date,
        line: row.line,
        value,
      });
      for (const field of TEMPERATURE_FIELDS) {
        const value = row.values[field];
        if (typeof value === 'number' && outsideTemperature(value))
          found.push(
            detection(
              'temperature-range',
              file.origin,
              at(value),
              `${row.date} ${field} ${value} ℃ outside ${temperatureBounds}`,
            ),
          );
      }
      const { max_temp: max, min_temp: min } = row.values;
      if (typeof max === 'number' && typeof min === 'number' && max < min)
        found.push(
          detection('max-below-min', file.origin, at(max), `${row.date}: maximum ${max} ℃ below the minimum ${min} ℃`),
        );
    }
  }
  return found;
}

/** JMA hourly exports: each reading in range (one finding per day). */
export function checkJmaHourly(files: readonly JmaHourlyFile[]): Detection[] {
  const found: Detection[] = [];
  for (const file of files) {
    let reported = '';
    for (const reading of file.readings) {
      if (reading.tempC === null || !outsideTemperature(reading.tempC) || reading.date === reported) continue;
      reported = reading.date;
      found.push(
        detection(
          'temperature-range',
          file.origin,
          { date: reading.date, line: reading.line, value: reading.tempC },
          `${reading.date} hour ${reading.hour}: ${reading.tempC} ℃ outside ${temperatureBounds}`,
        ),
      );
    }
  }
  return found;
}

/**
 * Where exports overlap, the later download wins (the loader's rule); every value it replaces is a
 * finding naming both files and the winner. `null` (missing or low quality) counts as a value, as
 * in the merge.
 */
export function checkJmaConflicts(files: readonly JmaDailyFile[]): Detection[] {
  const ordered = [...files].sort((a, b) =>
    a.downloadedAt === b.downloadedAt
      ? a.origin.file < b.origin.file
        ? -1
        : 1
      : a.downloadedAt < b.downloadedAt
        ? -1
        : 1,
  );
  const seen = new Map<string, { file: JmaDailyFile; line: number; value: number | string | null }>();
  const found: Detection[] = [];
  for (const file of ordered) {
    for (const row of file.rows) {
      for (const field of file.fields) {
        const key = `${row.date} ${field}`;
        const value = row.values[field] ?? null;
        const previous = seen.get(key);
        if (previous !== undefined && previous.value !== value) {
          found.push(
            detection(
              'conflicting-rows',
              file.origin,
              { date: row.date, line: row.line, value: value === null ? null : String(value) },
              `${row.date} ${field}: ${JSON.stringify(value)} here (downloaded ${file.downloadedAt}) wins over ${JSON.stringify(previous.value)} in ${previous.file.origin.file} line ${previous.line} (downloaded ${previous.file.downloadedAt})`,
            ),
          );
        }
        seen.set(key, { file, line: row.line, value });
      }
    }
  }
  return found;
}

const FORECAST_TEMPERATURES = [
  'temp_min',
  'temp_max',
  'weekly_temp_min',
  'weekly_temp_min_lower',
  'weekly_temp_min_upper',
  'weekly_temp_max',
  'weekly_temp_max_lower',
  'weekly_temp_max_upper',
] as const;
const FORECAST_POPS = ['pop_00', 'pop_06', 'pop_12', 'pop_18', 'weekly_pop'] as const;

/**
 * JMA's forecasts as issued: temperatures and pops in range, and, for every target day the issues
 * cover, the issue an 18:00 JST forecast on D−1 would use no older than allowed. `fileOf` names the
 * file an issue came from (the rows carry no file).
 */
export function checkForecastIssues(
  rows: readonly ForecastIssueRow[],
  fileOf: (issuedAt: string) => string,
): Detection[] {
  const found: Detection[] = [];
  for (const row of rows) {
    const place = { file: fileOf(row.issued_at) };
    const at = (value: number): { date: string; line: null; value: number } => ({
      date: row.target_date,
      line: null,
      value,
    });
    for (const field of FORECAST_TEMPERATURES) {
      const value = row[field];
      if (value !== null && outsideTemperature(value))
        found.push(
          detection(
            'temperature-range',
            place,
            at(value),
            `issue ${row.issued_at} for ${row.target_date}: ${field} ${value} ℃ outside ${temperatureBounds}`,
          ),
        );
    }
    for (const field of FORECAST_POPS) {
      const value = row[field];
      if (value !== null && (value < pops.minPercent || value > pops.maxPercent))
        found.push(
          detection(
            'pops-range',
            place,
            at(value),
            `issue ${row.issued_at} for ${row.target_date}: ${field} ${value} % outside ${pops.minPercent}..${pops.maxPercent} %`,
          ),
        );
    }
  }
  if (rows.length === 0) return found;
  const index = new ForecastIssueIndex(rows);
  const issueDates = rows.map((row) => row.issue_date).sort();
  const first = addDays(issueDates[0]!, 1);
  const last = addDays(issueDates.at(-1)!, 1);
  const hour = String(stale.issueHourJst).padStart(2, '0');
  // The archive's coverage starts at the first target day an issue serves (its first file may begin late in a day).
  let covered = false;
  for (let target = first; target <= last; target = addDays(target, 1)) {
    const asOf = `${addDays(target, -1)}T${hour}:00:00+09:00`;
    const used = index.forTargetDay(target, asOf);
    covered ||= used !== null;
    if (!covered) continue;
    const ageHours = used === null ? null : (Date.parse(asOf) - Date.parse(used.issued_at)) / 3_600_000;
    if (ageHours !== null && ageHours <= stale.maxAgeHours) continue;
    found.push(
      detection(
        'stale-forecast-issue',
        { file: fileOf(used?.issued_at ?? asOf) },
        { date: target, line: null, value: used?.issued_at ?? null },
        used === null
          ? `${target}: no JMA issue at or before ${asOf} gives its maximum temperature`
          : `${target}: the latest issue at ${asOf} giving its maximum is ${used.issued_at}, ${ageHours!.toFixed(0)} h old (allowed ${stale.maxAgeHours} h)`,
      ),
    );
  }
  return found;
}
