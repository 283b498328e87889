import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from './load-config.js';

function writeConfig(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'powercast-config-')), 'powercast.config.yaml');
  writeFileSync(file, text);
  return file;
}

function errorOf(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives every key a default when the config is empty', () => {
    const config = parseConfig({});
    expect(config.target).toBe('peak_hourly');
    expect(config.split).toEqual({ test_days: 92 });
    expect(config.thresholds).toEqual({ hot_day: 30, cold_day: 5, cdd_base: 18, hdd_base: 18 });
    expect(config.registry_group).toBe('PowerForecastPackageGroup');
    expect(config.aws.environment).toBe('dev');
  });

  it('overrides defaults with the values in the file', () => {
    const file = writeConfig('target: peak_5min\nsplit:\n  split_date: 2023-10-01\nmse_threshold: 123\n');
    const config = loadConfig(file);
    expect(config.target).toBe('peak_5min');
    expect(config.split).toEqual({ split_date: '2023-10-01' });
    expect(config.mse_threshold).toBe(123);
    expect(config.feature_set).toBe('extended');
  });

  it('names an unknown key, however deep', () => {
    const error = errorOf(() => loadConfig(writeConfig('aws:\n  regoin: us-east-1\n')));
    expect(error.key).toBe('aws.regoin');
    expect(error.message).toContain('unknown key');
  });

  it('names a key with the wrong type and what was expected', () => {
    const error = errorOf(() => loadConfig(writeConfig('mse_threshold: lots\n')));
    expect(error.key).toBe('mse_threshold');
    expect(error.message).toMatch(/expected number/);
  });

  it('rejects a split with more than one rule', () => {
    const error = errorOf(() => parseConfig({ split: { test_days: 10, test_ratio: 0.2 } }));
    expect(error.key).toBe('split');
    expect(error.message).toContain('exactly one');
  });

  it('keeps a monitoring section for @powercast/monitoring to validate, but only as a mapping', () => {
    const config = loadConfig(writeConfig('monitoring:\n  mape_28d_percent: 4\n'));
    expect(config.monitoring).toEqual({ mape_28d_percent: 4 });
    expect(parseConfig({}).monitoring).toBeUndefined();
    expect(errorOf(() => loadConfig(writeConfig('monitoring: 4\n'))).key).toBe('monitoring');
  });

  it('rejects invalid YAML with its line', () => {
    const error = errorOf(() => loadConfig(writeConfig('target: [unclosed\nfoo: 1\n')));
    expect(error.message).toMatch(/invalid YAML at line \d+/);
  });

  it('uses all defaults when the default file is absent but fails when an explicit path is missing', () => {
    expect(errorOf(() => loadConfig('/nonexistent/powercast.config.yaml')).message).toContain('file not found');
  });

  it('refuses a serving image named by tag, naming the key (a registered package names a digest)', () => {
    const error = errorOf(() =>
      parseConfig({ aws: { inference_image_uri: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/predict:latest' } }),
    );
    expect(error.message).toContain('aws.inference_image_uri');
    expect(error.message).toContain('by digest');
  });
});
