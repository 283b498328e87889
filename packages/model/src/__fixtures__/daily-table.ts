import { table, type ColumnTable } from 'arquero';
import { createRng } from '../tree/rng.js';

const WEATHER = ['晴', '曇', '雨', '晴後曇', '曇一時雨', '快晴'];

/**
 * A synthetic daily table in the data-loaders layout (hand-made, not cut from real files):
 * seasonal temperatures, random weather text, and a peak that depends on temperature,
 * weekday and a slow level drift, so lag features carry information.
 */
export function syntheticDailyTable(options: { from: string; days: number; seed: number }): ColumnTable {
  const random = createRng(options.seed);
  const start = Date.parse(`${options.from}T00:00:00Z`);
  const date: string[] = [];
  const peak: number[] = [];
  const maxTemp: number[] = [];
  const minTemp: number[] = [];
  const weather: string[] = [];
  let level = 3000;
  for (let i = 0; i < options.days; i++) {
    const day = new Date(start + i * 86_400_000);
    const doy = (day.getTime() - Date.UTC(day.getUTCFullYear(), 0, 1)) / 86_400_000;
    const seasonal = 16 - 10 * Math.cos((2 * Math.PI * (doy - 20)) / 365);
    const max = Math.round((seasonal + 5 + 4 * (random() - 0.5)) * 10) / 10;
    const min = Math.round((seasonal - 4 + 4 * (random() - 0.5)) * 10) / 10;
    const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
    level += 8 * (random() - 0.5);
    date.push(day.toISOString().slice(0, 10));
    maxTemp.push(max);
    minTemp.push(min);
    weather.push(WEATHER[Math.floor(random() * WEATHER.length)]);
    peak.push(Math.round(level + 6 * (max - 20) ** 2 - (weekend ? 350 : 0) + 60 * (random() - 0.5)));
  }
  return table({
    date,
    peak_hourly: peak,
    peak_5min: peak.map(() => null),
    max_temp: maxTemp,
    min_temp: minTemp,
    mean_temp: maxTemp.map((max, i) => Math.round(((max + minTemp[i]) / 2) * 10) / 10),
    weather_day: weather,
    weather_night: weather.map(() => null),
    precipitation_mm: weather.map(() => null),
    sunshine_hours: weather.map(() => null),
    humidity_mean: weather.map(() => null),
    tepco_forecast_peak: weather.map(() => null),
    sources: weather.map(() => 'synthetic'),
  });
}
