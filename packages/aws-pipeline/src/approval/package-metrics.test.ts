import { describe, expect, it } from 'vitest';
import type { EvaluationReportInput } from './evaluation-report.js';
import { flatPackageMetrics, packageMetricsFrom, packageMetricsFromReport } from './package-metrics.js';

const metrics = (mse: number, mape: number): EvaluationReportInput['regression_metrics'] => ({
  mse: { value: mse },
  rmse: { value: Math.sqrt(mse) },
  mae: { value: mse / 150 },
  mape: { value: mape },
  r2: { value: 0.9 },
  max_error: { value: 400 },
  bias: { value: 10 },
});

const exAnteReport: EvaluationReportInput = {
  regression_metrics: metrics(13_900, 2.48),
  basis: 'ex-ante',
  ex_ante: {
    n_days: 92,
    issue_time: '18:00',
    regression_metrics: metrics(13_900, 2.48),
    variants: {
      with_history: { n_days: 92, regression_metrics: metrics(13_900, 2.48) },
      weather_calendar: { n_days: 92, regression_metrics: metrics(16_100, 2.74) },
    },
  },
  no_ex_ante_reason: null,
  backcast: { n_days: 92, regression_metrics: metrics(9_350, 2.12) },
  tepco_night_before: {
    n_days: 80,
    regression_metrics: metrics(15_000, 2.57),
    ex_ante_same_days: { n_days: 80, regression_metrics: metrics(14_000, 2.5) },
  },
  no_tepco_reason: null,
};

describe('package metrics', () => {
  it('reads the ex-ante, backcast and TEPCO figures of an evaluation report, the gated one at the top', () => {
    const read = packageMetricsFromReport(exAnteReport);
    expect(read).toMatchObject({ basis: 'ex-ante', mse: 13_900, n: 92, issueTime: '18:00' });
    expect(read.exAnte?.mape).toBe(2.48);
    expect(read.exAnteWeatherCalendar?.mape).toBe(2.74);
    expect(read.backcast).toMatchObject({ mape: 2.12, n: 92 });
    expect(read.tepcoNightBefore).toMatchObject({ mape: 2.57, n: 80 });
    expect(read.exAnteOnTepcoDays).toMatchObject({ mape: 2.5, n: 80 });
  });

  it('survives the round trip through the registry’s flat metric map', () => {
    const read = packageMetricsFromReport(exAnteReport);
    const flat = flatPackageMetrics(read);
    expect(flat['mse']).toBe(13_900);
    expect(flat['ex_ante_mape']).toBe(2.48);
    expect(flat['tepco_night_before_n']).toBe(80);
    const { issueTime: _issueTime, ...withoutText } = read;
    expect(packageMetricsFrom(flat)).toEqual(withoutText);
  });

  it('reads a report written before the ex-ante evaluation as metrics without a basis (a backcast)', () => {
    const legacy = packageMetricsFromReport({ regression_metrics: { mse: { value: 52_900 } } });
    expect(legacy).toEqual({ mse: 52_900, rmse: 230 });
    expect(packageMetricsFrom({ mse: 52_900, rmse: 230, maxError: 800 })).toEqual({ mse: 52_900, rmse: 230 });
  });

  it('records a report without JMA issues as basis backcast with a reason', () => {
    const read = packageMetricsFrom(
      flatPackageMetrics(
        packageMetricsFromReport({
          ...exAnteReport,
          regression_metrics: metrics(9_350, 2.12),
          basis: 'backcast',
          ex_ante: null,
          no_ex_ante_reason: 'the data has no JMA forecast archive (jma/forecast/)',
          tepco_night_before: null,
        }),
      ),
    );
    expect(read.basis).toBe('backcast');
    expect(read.exAnte).toBeUndefined();
    expect(read.noExAnteReason).toContain('no JMA forecast issue');
    expect(read.mse).toBe(9_350);
  });
});
