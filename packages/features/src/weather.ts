/**
 * Weather text → category, exactly as the reference system's PreprocessData step does it.
 * The rule order matters: the first matching rule wins (snow beats thunder beats clear sky …).
 */
export const WEATHER_CATEGORIES = [
  '快晴',
  '晴れ',
  '晴れ時々曇り',
  '晴れ時々雨',
  '曇り',
  '曇り時々雨',
  '雨',
  '雷雨',
  '晴れ(雷あり)',
  '曇り(雷あり)',
  '雷',
  '雪',
  'その他',
  '不明',
] as const;

export type WeatherCategory = (typeof WEATHER_CATEGORIES)[number];

const hasSnow = (text: string): boolean => text.includes('雪') || text.includes('ゆき');
const hasRain = (text: string): boolean => text.includes('雨') || text.includes('あめ');
const hasSun = (text: string): boolean => text.includes('晴') || text.includes('日射');
const hasCloud = (text: string): boolean => text.includes('曇') || text.includes('くもり');

/**
 * Categorise a JMA 天気概況 text (e.g. `曇一時雨`, `晴後薄曇`, `大雨、雷を伴う`).
 * Missing or blank text is `不明` (the reference's NaN rule).
 */
export function categoriseWeather(text: string | null | undefined): WeatherCategory {
  if (text === null || text === undefined || text.trim() === '') return '不明';
  if (hasSnow(text)) return '雪';
  if (text.includes('雷')) {
    if (hasRain(text)) return '雷雨';
    if (hasSun(text)) return '晴れ(雷あり)';
    if (hasCloud(text)) return '曇り(雷あり)';
    return '雷';
  }
  if (text.includes('快晴')) return '快晴';
  if (hasSun(text)) {
    if (hasCloud(text)) return '晴れ時々曇り';
    if (hasRain(text)) return '晴れ時々雨';
    return '晴れ';
  }
  if (hasCloud(text)) return hasRain(text) ? '曇り時々雨' : '曇り';
  if (hasRain(text)) return '雨';
  return 'その他';
}
