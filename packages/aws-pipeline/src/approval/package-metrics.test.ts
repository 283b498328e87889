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

describe('package metrics: the comparison with the deployed model', () => {
  const compared: EvaluationReportInput = {
    ...exAnteReport,
    champion: {
      outcome: 'compared',
      margin_pct: 5,
      candidate_mse: 13_900,
      deployed_mse: 12_000,
      allowed_mse: 12_600,
      passes: false,
      reason: 'worse than the deployed model: candidate ex-ante mse 13900.0 > allowed 12600.0 (…)',
      deployed: {
        version: 3,
        days_in_training: 0,
        gated: { n_days: 92, regression_metrics: metrics(12_000, 2.2) },
        variants: {
          with_history: { n_days: 92, regression_metrics: metrics(12_000, 2.2) },
          weather_calendar: { n_days: 92, regression_metrics: metrics(15_500, 2.7) },
        },
      },
    },
  };

  it('reads both variants and the deployed model on the same days from the report', () => {
    const read = packageMetricsFromReport(compared);
    expect(read.exAnteWithHistory).toMatchObject({ mse: 13_900, mape: 2.48, n: 92 });
    expect(read.exAnteWeatherCalendar).toMatchObject({ mse: 16_100, mape: 2.74, n: 92 });
    expect(read.champion).toMatchObject({
      outcome: 'compared',
      passes: false,
      marginPct: 5,
      allowedMse: 12_600,
      deployedVersion: 3,
      deployed: { mse: 12_000, mape: 2.2, n: 92 },
      deployedWeatherCalendar: { mape: 2.7 },
      reason: compared.champion!.reason,
    });
  });

  it('keeps the comparison through the registry metric map (all but the reason text)', () => {
    const read = packageMetricsFromReport(compared);
    const { reason: _reason, ...numbers } = read.champion!;
    expect(packageMetricsFrom(flatPackageMetrics(read)).champion).toEqual(numbers);
    const none = packageMetricsFromReport({
      ...exAnteReport,
      champion: {
        ...compared.champion!,
        outcome: 'no-deployed-model',
        passes: true,
        deployed_mse: null,
        deployed: null,
      },
    });
    expect(packageMetricsFrom(flatPackageMetrics(none)).champion).toMatchObject({
      outcome: 'no-deployed-model',
      passes: true,
    });
    // A package registered before the comparison has none.
    expect(packageMetricsFrom(flatPackageMetrics(packageMetricsFromReport(exAnteReport))).champion).toBeUndefined();
  });
});
