import { describe, expect, it } from 'vitest';
import { encodeInto, encoderOutputNames, fitEncoder, ORDINAL_UNKNOWN } from './encoders.js';

describe('encoders', () => {
  it('orders categories deterministically whatever the order of the training rows', () => {
    const a = fitEncoder('One-Hot', 'weather_category', ['雨', '晴れ', '曇り', '晴れ']);
    const b = fitEncoder('One-Hot', 'weather_category', ['曇り', '晴れ', '雨']);
    expect(a).toEqual(b);
    expect(encoderOutputNames(a)).toEqual(['weather_category_晴れ', 'weather_category_曇り', 'weather_category_雨']);
  });

  it('orders numeric calendar categories numerically', () => {
    const month = fitEncoder('One-Hot', 'month', ['10', '2', '1', '12']);
    expect(month.categories).toEqual(['1', '2', '10', '12']);
    expect(encoderOutputNames(month)).toEqual(['month_1', 'month_2', 'month_10', 'month_12']);
  });

  it('one-hot encodes a seen category and gives an unseen one all zeros', () => {
    const state = fitEncoder('One-Hot', 'weather_category', ['晴れ', '曇り', '雨']);
    const out = new Float64Array(5).fill(7);
    encodeInto(state, '曇り', out, 1);
    expect(Array.from(out)).toEqual([7, 0, 1, 0, 7]); // categories 晴れ, 曇り, 雨 from offset 1
    encodeInto(state, '雪', out, 1);
    expect(Array.from(out)).toEqual([7, 0, 0, 0, 7]);
  });

  it('ordinal encodes by position and gives an unseen category -1', () => {
    const state = fitEncoder('Ordinal', 'weather_category', ['晴れ', '曇り', '雨']);
    expect(encoderOutputNames(state)).toEqual(['weather_category']);
    const out = new Float64Array(1);
    encodeInto(state, '雨', out, 0);
    expect(out[0]).toBe(2);
    encodeInto(state, '雷', out, 0);
    expect(out[0]).toBe(ORDINAL_UNKNOWN);
  });

  it('survives a JSON round trip unchanged', () => {
    const state = fitEncoder('One-Hot', 'weather_category', ['晴れ(雷あり)', '不明']);
    const copy = JSON.parse(JSON.stringify(state));
    const out = new Float64Array(2);
    encodeInto(copy, '晴れ(雷あり)', out, 0);
    expect(Array.from(out)).toEqual([0, 1]);
  });
});
