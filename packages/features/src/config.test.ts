import { describe, expect, it } from 'vitest';
import { defaultFeatureConfig, resolveFeatureConfig } from './config.js';
import { FeatureConfigError } from './errors.js';

describe('resolveFeatureConfig', () => {
  it('fills every default: extended set, hourly peak, reference thresholds, One-Hot weather', () => {
    expect(resolveFeatureConfig()).toEqual({
      featureSet: 'extended',
      target: 'peak_hourly',
      thresholds: { hotDay: 30, coldDay: 5, cddBase: 18, hddBase: 18 },
      encoders: [{ name: 'One-Hot', columns: ['weather_category'] }],
      extraWeatherColumns: [],
    });
    expect(resolveFeatureConfig()).toEqual(defaultFeatureConfig);
  });

  it('merges partial thresholds key by key', () => {
    expect(resolveFeatureConfig({ thresholds: { hotDay: 32 } }).thresholds).toEqual({
      hotDay: 32,
      coldDay: 5,
      cddBase: 18,
      hddBase: 18,
    });
  });

  it('lists every problem at once', () => {
    let message = '';
    try {
      resolveFeatureConfig({ featureSet: 'all', target: 'peak', extraWeatherColumns: ['wind'], colour: 1 });
    } catch (error) {
      expect(error).toBeInstanceOf(FeatureConfigError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/colour/);
    expect(() => resolveFeatureConfig({ featureSet: 'all', target: 'peak' })).toThrow(/featureSet.*target/);
  });

  it('rejects a column encoded twice', () => {
    expect(() =>
      resolveFeatureConfig({
        encoders: [
          { name: 'One-Hot', columns: ['weather_category'] },
          { name: 'Ordinal', columns: ['weather_category'] },
        ],
      }),
    ).toThrow(/encoded twice/);
  });

  it('cannot be mutated through the exported defaults', () => {
    expect(Object.isFrozen(defaultFeatureConfig.thresholds)).toBe(true);
  });
});
