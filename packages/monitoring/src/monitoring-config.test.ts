import { UserInputError } from '@powercast/contracts';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MONITORING_CONFIG, MonitoringConfigError, parseMonitoringConfig } from './monitoring-config.js';
import { DEFAULT_CLEAR_MARGINS, DEFAULT_THRESHOLDS } from './thresholds.js';

const FILE = '/repo/powercast.config.yaml';

function errorOf(section: unknown): MonitoringConfigError {
  try {
    parseMonitoringConfig(section, FILE);
  } catch (error) {
    if (error instanceof MonitoringConfigError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(section)}`);
}

describe('parseMonitoringConfig (the monitoring: section of powercast.config.yaml)', () => {
  it('is all defaults without a section: 28-day MAPE 3.5 %, coverage 70–90 %, 20 days, 7- and 28-day windows', () => {
    expect(parseMonitoringConfig(undefined, FILE)).toEqual({
      thresholds: DEFAULT_THRESHOLDS,
      clearMargins: DEFAULT_CLEAR_MARGINS,
      windowDays: [7, 28],
    });
    expect(DEFAULT_MONITORING_CONFIG).toEqual(parseMonitoringConfig({}, FILE));
    expect(DEFAULT_CLEAR_MARGINS).toEqual({ mapePercentPoints: 0.3, coveragePercentPoints: 2 });
  });

  it('reads the YAML keys into the thresholds, the clear margins and the windows; the rest default', () => {
    const config = parseMonitoringConfig(
      {
        mape_28d_percent: 4,
        coverage_min: 0.75,
        min_samples: 14,
        window_days: [14, 28, 56],
        clear_margin_mape_pt: 0.5,
      },
      FILE,
    );
    expect(config).toEqual({
      thresholds: { mape28dPercent: 4, coverageMin: 0.75, coverageMax: 0.9, minSamples: 14 },
      clearMargins: { mapePercentPoints: 0.5, coveragePercentPoints: 2 },
      windowDays: [14, 28, 56],
    });
  });

  it('refuses a bad value as a user-input error naming the file, the key, the value and what was expected', () => {
    const error = errorOf({ coverage_min: 1.5 });
    expect(error).toBeInstanceOf(UserInputError);
    expect(error.message).toBe(
      `${FILE}: key "monitoring.coverage_min" = 1.5; expected a share from 0 to 1, below coverage_max`,
    );
    expect(errorOf({ mape_28d_percent: '3.5%' }).message).toBe(
      `${FILE}: key "monitoring.mape_28d_percent" = "3.5%"; expected a number above 0 (percent)`,
    );
    expect(errorOf({ window_days: [7, 14] })).toMatchObject({ key: 'monitoring.window_days', value: [7, 14] });
    expect(errorOf({ min_samples: 40 }).expected).toBe('a whole number of days from 1 to 28');
  });

  it('refuses ranges that contradict each other, and unknown keys', () => {
    expect(errorOf({ coverage_min: 0.9, coverage_max: 0.8 }).key).toBe('monitoring.coverage_min');
    expect(errorOf({ mape_28d_percent: 1, clear_margin_mape_pt: 1 }).key).toBe('monitoring.clear_margin_mape_pt');
    // A threshold below the default margin: the message says the margin's value is the default.
    expect(errorOf({ mape_28d_percent: 0.2 }).message).toBe(
      `${FILE}: key "monitoring.clear_margin_mape_pt" = 0.3 (the default); expected a number of percentage points from 0 to below mape_28d_percent`,
    );
    // 70 % + 10 pt and 90 % − 10 pt leave nothing to clear into.
    expect(errorOf({ clear_margin_coverage_pt: 10 }).key).toBe('monitoring.clear_margin_coverage_pt');
    const unknown = errorOf({ mape_limit: 3 });
    expect(unknown.key).toBe('monitoring.mape_limit');
    expect(unknown.expected).toContain('mape_28d_percent');
    expect(errorOf([3.5]).message).toBe(`${FILE}: key "monitoring" = [3.5]; expected a mapping of keys to values`);
  });

  it('quotes at most about 80 characters of a long value', () => {
    const error = errorOf({ window_days: 'x'.repeat(500) });
    expect(error.message).toContain(`"${'x'.repeat(76)}...`);
    expect(error.message).not.toContain('x'.repeat(77));
  });
});
