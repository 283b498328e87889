import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { resolveParameters } from '../pipeline/definition.js';
import { powercastPipeline } from '../pipeline/powercast-pipeline.js';
import {
  StepParameterError,
  featureConfigFrom,
  hyperparametersFrom,
  intervalCalibrationFrom,
  joinModeFrom,
  splitRuleFrom,
} from './step-settings.js';

const parametersOf = (config: unknown, overrides: Record<string, string | number> = {}) =>
  resolveParameters(powercastPipeline(parseConfig(config), '/data'), overrides);

describe('step settings from pipeline parameters', () => {
  it('maps the config defaults to the features package config', () => {
    expect(featureConfigFrom(parametersOf({}))).toEqual({
      target: 'peak_hourly',
      featureSet: 'extended',
      thresholds: { hotDay: 30, coldDay: 5, cddBase: 18, hddBase: 18 },
      encoders: [{ name: 'One-Hot', columns: ['weather_category'] }],
    });
  });

  it('maps snake_case hyperparameters and leaves unset ones to the model defaults', () => {
    expect(hyperparametersFrom(parametersOf({ hyperparameters: { n_estimators: 50, learning_rate: 0.1 } }))).toEqual({
      nEstimators: 50,
      learningRate: 0.1,
    });
  });

  it('turns each split setting into one split rule', () => {
    expect(splitRuleFrom(parametersOf({}))).toEqual({ testDays: 92 });
    expect(splitRuleFrom(parametersOf({ split: { split_date: '2023-10-01' } }))).toEqual({ splitDate: '2023-10-01' });
    expect(splitRuleFrom(parametersOf({ split: { test_ratio: 0.2 } }))).toEqual({ testRatio: 0.2 });
  });

  it('calibrates the served interval with balanced-band by default, and not at all with none', () => {
    expect(intervalCalibrationFrom(parametersOf({}))).toBe('balanced-band');
    expect(intervalCalibrationFrom(parametersOf({ interval_calibration: 'none' }))).toBe('none');
    expect(intervalCalibrationFrom(parametersOf({}, { interval_calibration: 'none' }))).toBe('none');
    expect(() => intervalCalibrationFrom(parametersOf({}, { interval_calibration: 'conformal' }))).toThrow(
      'pipeline parameter "interval_calibration": expected one of balanced-band, none, got "conformal"',
    );
  });

  it('names the parameter when an override is unusable', () => {
    expect(() => featureConfigFrom(parametersOf({}, { target: 'peak_daily' }))).toThrow(
      'pipeline parameter "target": expected one of peak_hourly, peak_5min, got "peak_daily"',
    );
    expect(() => hyperparametersFrom(parametersOf({}, { hyperparameters: '{"n_estimators": "many"}' }))).toThrow(
      StepParameterError,
    );
    expect(() => hyperparametersFrom(parametersOf({}, { hyperparameters: 'not json' }))).toThrow(
      /"hyperparameters": expected JSON/,
    );
    expect(() => joinModeFrom(parametersOf({}, { join: 'outer' }))).toThrow(
      'pipeline parameter "join": expected one of target, inner, got "outer"',
    );
    expect(() => splitRuleFrom(parametersOf({}, { split_date: '2023-10-01' }))).toThrow(
      /exactly one of split_date, test_days, test_ratio \(got 2\)/,
    );
  });
});
