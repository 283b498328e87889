import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DemandObservation, TargetColumn } from '@powercast/features';

export const DAILY_JSON = 'daily.json';
export const DAILY_CSV = 'daily.csv';
export const HISTORY_JSON = 'history.json';

/** Thrown by a step whose input files are missing or not what the previous step writes. */
export class StepInputError extends Error {
  override readonly name = 'StepInputError';
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

interface DailyTableDocument {
  columns: string[];
  rows: Record<string, string | number | null>[];
}

/**
 * Writes a daily table as `daily.json` (exact types: dates stay strings, nulls stay null, which a
 * CSV round trip through arquero would not keep) and `daily.csv` for people.
 */
export async function writeDailyTable(dir: string, table: ColumnTable): Promise<void> {
  const document: DailyTableDocument = {
    columns: table.columnNames(),
    rows: table.objects() as DailyTableDocument['rows'],
  };
  await writeFile(join(dir, DAILY_JSON), JSON.stringify(document));
  await writeFile(join(dir, DAILY_CSV), table.toCSV());
}

export async function readDailyTable(dir: string): Promise<ColumnTable> {
  const path = join(dir, DAILY_JSON);
  let document: DailyTableDocument;
  try {
    document = JSON.parse(await readFile(path, 'utf8')) as DailyTableDocument;
  } catch (error) {
    throw new StepInputError(
      path,
      `cannot read the daily table (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (!Array.isArray(document.columns) || !Array.isArray(document.rows) || !document.columns.includes('date')) {
    throw new StepInputError(path, 'expected {"columns": [...,"date",...], "rows": [...]}');
  }
  const columns = Object.fromEntries(
    document.columns.map((name) => [name, document.rows.map((row) => row[name] ?? null)]),
  );
  return aq.table(columns);
}

/** Actual daily peaks of `table` (rows with a value): the lag history for day-ahead forecasts. */
export function demandHistory(table: ColumnTable, target: TargetColumn): DemandObservation[] {
  const dates = table.array('date') as string[];
  const peaks = table.array(target) as (number | null)[];
  const history: DemandObservation[] = [];
  dates.forEach((date, row) => {
    const peak = peaks[row];
    if (typeof peak === 'number' && Number.isFinite(peak)) history.push({ date, peak });
  });
  return history;
}

export async function readJsonFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    throw new StepInputError(path, `cannot read JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}
