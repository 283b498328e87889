import { describe, expect, it } from 'vitest';
import { categoriseForecastWeather, weatherCodeMap } from './forecast-weather.js';

const codes = weatherCodeMap([
  { code: 101, weatherJ: '晴時々曇' },
  { code: 203, weatherJ: '曇時々雨' },
  { code: 240, weatherJ: '曇時々雨で雷を伴う' },
  { code: 400, weatherJ: '雪' },
]);

describe('categoriseForecastWeather', () => {
  it("maps a code through weatherCode.csv's words to the observed 天気概況 categories", () => {
    expect(categoriseForecastWeather(101, '晴れ　時々　くもり', codes)).toEqual({
      category: '晴れ時々曇り',
      source: 'code',
      words: '晴時々曇',
    });
    expect(categoriseForecastWeather(240, null, codes).category).toBe('雷雨');
    expect(categoriseForecastWeather(400, null, codes).category).toBe('雪');
  });

  it('categorises the forecast phrasing when the code is missing or unknown', () => {
    const phrase = (text: string) => categoriseForecastWeather(null, text, codes).category;
    expect(phrase('晴れ　時々　くもり')).toBe('晴れ時々曇り');
    expect(phrase('くもり　一時　雨')).toBe('曇り時々雨');
    expect(phrase('くもり　所により　明け方　まで　雨　で　雷を伴い　激しく　降る')).toBe('雷雨');
    expect(phrase('雨　夜遅く　から　雪')).toBe('雪');
    expect(phrase('晴れ')).toBe('晴れ');
    expect(categoriseForecastWeather(999, 'くもり', codes)).toEqual({
      category: '曇り',
      source: 'phrase',
      words: 'くもり',
    });
  });

  it('is 不明 with neither', () => {
    expect(categoriseForecastWeather(null, null, codes)).toEqual({ category: '不明', source: 'none', words: null });
    expect(categoriseForecastWeather(999, '　', codes).source).toBe('none');
  });
});
