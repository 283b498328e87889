import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { loadDailyDataset } from '../../load/load-daily-dataset.js';
import { loadJmaForecasts } from '../../load/load-jma-forecasts.js';
import { inspectSources } from '../inspect.js';
import type { QualityActions } from '../rules.js';
import { validateSources, type QualityReport } from '../validate.js';

/** Damaged copies of the real files for the quality tests: made in tmp dirs, never committed. */
const dataDir = process.env['POWERCAST_DATA_DIR'];

export const YEARLY = 'tepco/yearly/juyo-2019.csv';
export const WEATHER = 'jma/daily/weather_data.csv';
export const MONTHLY = 'tepco/monthly/202207_power_usage.zip';
export const MEMBER = '20220710_power_usage.csv';
export const FORECAST = 'jma/forecast/forecast_202307_130000.csv';
export const FULL_2022 = 'jma/daily-full/data20211020-20221019.csv';
export const BASE = [YEARLY, WEATHER, 'holidays/syukujitsu.csv', 'jma/hourly/temperature-2019.csv', FORECAST];

/** A tmp folder holding copies of the real files `paths` (same relative layout); never committed. */
export function realCopy(paths: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'powercast-quality-'));
  for (const path of paths) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    copyFileSync(join(dataDir!, path), join(root, path));
  }
  return root;
}

/**
 * Edits the lines of a copied file as bytes (latin1 keeps every CP932 byte as it is, so lines left
 * alone stay byte-identical). `edit` gets the lines (CR kept) and changes them in place.
 */
export function editLines(root: string, path: string, edit: (lines: string[]) => void): void {
  const lines = readFileSync(join(root, path), 'latin1').split('\n');
  edit(lines);
  writeFileSync(join(root, path), lines.join('\n'), 'latin1');
}

/** Lines of one date's rows (`2019/7/10,` …) as 1-based line numbers. */
export function linesOf(root: string, path: string, prefix: string): number[] {
  return readFileSync(join(root, path), 'latin1')
    .split('\n')
    .flatMap((line, index) => (line.startsWith(prefix) ? [index + 1] : []));
}

/** Sets the demand of `date`'s hours (all, or the listed ones) in a yearly file. */
export function setYearlyHours(
  root: string,
  date: string,
  value: (hour: number, old: number) => string,
  hours?: number[],
): void {
  editLines(root, YEARLY, (lines) => {
    lines.forEach((line, index) => {
      const match = new RegExp(`^(${date},(\\d+):00,)(\\d+)(\\r?)$`).exec(line);
      if (match === null) return;
      const hour = Number(match[2]);
      if (hours !== undefined && !hours.includes(hour)) return;
      lines[index] = `${match[1]}${value(hour, Number(match[3]))}${match[4]}`;
    });
  });
}

/** Edits one member of a copied monthly ZIP the same way. */
export function editMember(root: string, edit: (lines: string[]) => void): void {
  const members = unzipSync(readFileSync(join(root, MONTHLY)));
  const lines = Buffer.from(members[MEMBER]!).toString('latin1').split('\n');
  edit(lines);
  members[MEMBER] = new Uint8Array(Buffer.from(lines.join('\n'), 'latin1'));
  writeFileSync(join(root, MONTHLY), zipSync(members));
}

/** What ValidateData does: LoadData's reads (daily table, forecasts), then the rules over the files. */
export async function qualityOf(root: string, actions: QualityActions = {}): Promise<QualityReport> {
  const { table } = await loadDailyDataset({ source: root });
  const forecasts = await loadJmaForecasts({ source: root }).catch(() => ({ rows: [] }));
  return validateSources(
    {
      ...(await inspectSources({ source: root })),
      forecastIssues: forecasts.rows,
      daily: table.objects() as { date: string; weather_day: string | null }[],
    },
    actions,
  );
}
