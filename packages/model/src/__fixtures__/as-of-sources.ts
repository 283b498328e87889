import type { ColumnTable } from 'arquero';
import type { AsOfSources, DemandDay, ForecastLookup, IssuedForecast, TemperatureReading } from '@powercast/features';
import { createRng } from '../tree/rng.js';

/** Share of the daily peak in each hour: the peak at 14:00, the evening lower (hand-made shape). */
const HOURLY_SHAPE = Array.from({ length: 24 }, (_, h) => 0.7 + 0.3 * Math.exp(-(((h - 14) / 5) ** 2)));

const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A lookup over hand-made issues: the latest issue for the target at or before the time (as data-loaders'). */
export function forecastLookupOf(issues: readonly IssuedForecast[]): ForecastLookup {
  return {
    forTargetDay(targetDate: string, issuedAt: string): IssuedForecast | null {
      const cut = Date.parse(issuedAt);
      let best: IssuedForecast | null = null;
      for (const issue of issues) {
        if (issue.target_date !== targetDate || issue.temp_max === null || Date.parse(issue.issued_at) > cut) continue;
        if (best === null || Date.parse(issue.issued_at) > Date.parse(best.issued_at)) best = issue;
      }
      return best;
    },
  };
}

export interface SyntheticAsOfWorld {
  sources: AsOfSources;
  issues: IssuedForecast[];
  nightBefore: { targetDate: string; valueManKw: number }[];
}

/**
 * Ex-ante inputs around a synthetic daily table: hourly demand shaped from each day's peak,
 * hourly temperatures between the day's min and max, and JMA-like issues (05:00, 11:00 and 17:00
 * on D−1, 17:00 on D−2) whose maximum temperature is the observed one plus noise.
 */
export function syntheticAsOfWorld(table: ColumnTable, seed: number, issuesFrom: string): SyntheticAsOfWorld {
  const random = createRng(seed);
  const rows = table.objects() as { date: string; peak_hourly: number; max_temp: number; min_temp: number }[];
  const demand: DemandDay[] = rows.map((row) => ({
    date: row.date,
    hourlyManKw: HOURLY_SHAPE.map((share) => Math.round(row.peak_hourly * share)),
  }));
  const temperatures: TemperatureReading[] = rows.flatMap((row) =>
    Array.from({ length: 24 }, (_, i) => ({
      date: row.date,
      hour: i + 1,
      tempC: Math.round((row.min_temp + (row.max_temp - row.min_temp) * HOURLY_SHAPE[i]! ** 3) * 10) / 10,
    })),
  );
  const issues: IssuedForecast[] = [];
  for (const row of rows) {
    if (row.date < issuesFrom) continue;
    const issue = (issuedAt: string, lead: number, error: number): IssuedForecast => ({
      issued_at: issuedAt,
      target_date: row.date,
      lead_days: lead,
      weather_code: null,
      weather_text: random() < 0.5 ? '晴れ' : 'くもり',
      pop_00: 10,
      pop_06: 20,
      pop_12: 20,
      pop_18: 10,
      temp_min: Math.round((row.min_temp + error) * 10) / 10,
      temp_max: Math.round((row.max_temp + error) * 10) / 10,
      weekly_weather_code: null,
      weekly_pop: null,
      weekly_temp_min: null,
      weekly_temp_max: null,
    });
    issues.push(issue(`${addDays(row.date, -2)}T17:00:00+09:00`, 2, 3 * (random() - 0.5)));
    for (const hour of ['05', '11', '17']) {
      issues.push(issue(`${addDays(row.date, -1)}T${hour}:00:00+09:00`, 1, 2 * (random() - 0.5)));
    }
  }
  const nightBefore = rows.map((row) => ({ targetDate: row.date, valueManKw: row.peak_hourly + 50 }));
  return {
    sources: { daily: table, forecasts: forecastLookupOf(issues), weatherCodes: [], demand, temperatures },
    issues,
    nightBefore,
  };
}
