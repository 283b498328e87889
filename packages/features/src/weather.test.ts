import { describe, expect, it } from 'vitest';
import { expectedWeatherCategories } from './__fixtures__/weather-texts.js';
import { categoriseWeather, WEATHER_CATEGORIES, type WeatherCategory } from './weather.js';
import { dataDir, distinctJmaWeatherTexts, warnIfNoData } from '../test/real-data.js';

const expectedByText = new Map<string, WeatherCategory>(
  Object.entries(expectedWeatherCategories).flatMap(([category, texts]) =>
    texts.map((text) => [text, category as WeatherCategory] as const),
  ),
);

describe('categoriseWeather', () => {
  it('maps every hand-categorised JMA text to its expected category', () => {
    const wrong = [...expectedByText].filter(([text, category]) => categoriseWeather(text) !== category);
    expect(wrong.map(([text, category]) => `${text}: expected ${category}, got ${categoriseWeather(text)}`)).toEqual(
      [],
    );
  });

  it('treats null, undefined, empty and blank text as 不明', () => {
    for (const text of [null, undefined, '', '  ', '\u3000']) expect(categoriseWeather(text)).toBe('不明');
  });

  it('gives thunder without rain, sun or cloud its own category', () => {
    expect(categoriseWeather('雷')).toBe('雷');
    expect(categoriseWeather('雷を伴う')).toBe('雷');
  });

  it('falls back to その他 for texts without any rule keyword', () => {
    expect(categoriseWeather('霧')).toBe('その他');
    expect(categoriseWeather('みぞれ')).toBe('その他');
    expect(categoriseWeather('あられ')).toBe('その他');
  });

  it('accepts the hiragana and 日射 spellings the rules name', () => {
    expect(categoriseWeather('ゆき')).toBe('雪');
    expect(categoriseWeather('くもり')).toBe('曇り');
    expect(categoriseWeather('くもり時々あめ')).toBe('曇り時々雨');
    expect(categoriseWeather('あめ')).toBe('雨');
    expect(categoriseWeather('日射あり')).toBe('晴れ');
    expect(categoriseWeather('雷、日射')).toBe('晴れ(雷あり)');
    expect(categoriseWeather('くもり、雷')).toBe('曇り(雷あり)');
  });

  it('applies the rules in the reference order (snow before thunder before 快晴 before 晴)', () => {
    expect(categoriseWeather('雪、雷を伴う')).toBe('雪');
    expect(categoriseWeather('快晴、雷を伴う')).toBe('晴れ(雷あり)');
    expect(categoriseWeather('快晴後曇')).toBe('快晴');
    expect(categoriseWeather('晴後曇後雨')).toBe('晴れ時々曇り');
  });

  it('only returns the 14 reference categories', () => {
    expect(WEATHER_CATEGORIES).toHaveLength(14);
    const seen = new Set([...expectedByText.keys(), '雷', '霧', ''].map((t) => categoriseWeather(t)));
    for (const category of seen) expect(WEATHER_CATEGORIES).toContain(category);
  });
});

warnIfNoData('weather');
describe.skipIf(!dataDir)('categoriseWeather on the real JMA texts', () => {
  const texts = dataDir ? distinctJmaWeatherTexts(dataDir) : { day: new Set<string>(), night: new Set<string>() };

  it('finds the 141 distinct daytime texts of jma/daily among more in jma/daily-full', () => {
    expect(texts.day.size).toBeGreaterThanOrEqual(141);
  });

  it('has a hand-derived expected category for every real day and night text', () => {
    const missing = [...texts.day, ...texts.night].filter((text) => !expectedByText.has(text));
    expect(missing).toEqual([]);
  });

  it('categorises no real text as その他 or 不明', () => {
    const fallThrough = [...texts.day, ...texts.night].filter((text) =>
      ['その他', '不明'].includes(categoriseWeather(text)),
    );
    expect(fallThrough).toEqual([]);
  });
});
