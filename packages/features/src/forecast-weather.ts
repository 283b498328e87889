import { categoriseWeather, type WeatherCategory } from './weather.js';

/** A row of JMA's `weatherCode.csv` (data-loaders' `readJmaWeatherCodes` gives these). */
export interface WeatherCodeWords {
  code: number;
  /** 天気概況-style words, e.g. 101 → `晴時々曇`. */
  weatherJ: string;
}

/** How the category of a forecast day was found. */
export type ForecastWeatherSource = 'code' | 'phrase' | 'none';

/**
 * The weather category of a forecast day, in the vocabulary the model was trained on: the weather
 * code through `weatherCode.csv` (101 → `晴時々曇` → 晴れ時々曇り, the words of the observed
 * 天気概況); the published phrasing (`晴れ　時々　くもり`) when the code is unknown; else 不明.
 */
export function categoriseForecastWeather(
  code: number | null,
  phrase: string | null,
  codes: ReadonlyMap<number, string>,
): { category: WeatherCategory; source: ForecastWeatherSource; words: string | null } {
  const words = code === null ? undefined : codes.get(code);
  if (words !== undefined) return { category: categoriseWeather(words), source: 'code', words };
  if (phrase !== null && phrase.trim() !== '')
    return { category: categoriseWeather(phrase), source: 'phrase', words: phrase };
  return { category: '不明', source: 'none', words: null };
}

/** Code → words, from the rows of `weatherCode.csv`. */
export function weatherCodeMap(codes: readonly WeatherCodeWords[]): Map<number, string> {
  return new Map(codes.map((entry) => [entry.code, entry.weatherJ]));
}
