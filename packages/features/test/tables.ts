import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';

export interface DayRow {
  date: string;
  max_temp: number | null;
  min_temp: number | null;
  weather_day: string | null;
  peak_hourly?: number | null;
}

/** A hand-made daily table with the data-loaders column names. */
export function dailyTable(rows: DayRow[]): ColumnTable {
  return aq.table({
    date: rows.map((r) => r.date),
    max_temp: rows.map((r) => r.max_temp),
    min_temp: rows.map((r) => r.min_temp),
    weather_day: rows.map((r) => r.weather_day),
    peak_hourly: rows.map((r) => r.peak_hourly ?? null),
  });
}

/** `days` consecutive synthetic days from `first` with smooth weather and demand. */
export function syntheticDays(first: string, days: number): DayRow[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  const texts = ['晴', '曇', '晴後曇', '雨', '曇一時雨', '快晴'];
  return Array.from({ length: days }, (_, i) => {
    const date = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    const season = Math.cos((2 * Math.PI * (i + 30)) / 365);
    const max = Math.round((22 - 9 * season + ((i * 7) % 5)) * 10) / 10;
    return {
      date,
      max_temp: max,
      min_temp: Math.round((max - 7 - (i % 3)) * 10) / 10,
      weather_day: texts[i % texts.length],
      peak_hourly: 3300 + Math.round(400 * Math.abs(season)) + (i % 7) * 10,
    };
  });
}

/** Row `r` of a row-major matrix as a plain array. */
export function matrixRow(values: Float64Array, width: number, r: number): number[] {
  return Array.from(values.subarray(r * width, (r + 1) * width));
}
