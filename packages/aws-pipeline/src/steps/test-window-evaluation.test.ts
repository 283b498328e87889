import type { ColumnTable } from 'arquero';
import type { ForecastModel } from '@powercast/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { asOfInputsDocument, type AsOfInputsDocument } from './as-of-inputs.js';
import { demandHistory } from './daily-table.js';
import { evaluateTestWindow, type TestWindowInput } from './test-window-evaluation.js';

const dataDir = process.env['POWERCAST_DATA_DIR'];

const between = (table: ColumnTable, from: string, to: string): ColumnTable =>
  table
    .params({ from, to })
    .filter((d: { date: string }, $: { from: string; to: string }) => d.date >= $.from && d.date <= $.to);

describe.skipIf(!dataDir)('EvaluateModel on the shared data', () => {
  let daily: ColumnTable;
  let asOf: AsOfInputsDocument;
  let model: ForecastModel;
  const input = (from: string, to: string, overrides: Partial<TestWindowInput> = {}): TestWindowInput => ({
    model,
    test: between(daily, from, to),
    history: demandHistory(daily, 'peak_hourly'),
    daily,
    asOf,
    ...overrides,
  });

  beforeAll(async () => {
    // Loaded as the steps load them (lazily), so this file keeps the package's import rule.
    const [{ loadAsOfInputs }, { ForecastModel }] = await Promise.all([
      import('@powercast/data-loaders'),
      import('@powercast/model'),
    ]);
    const inputs = await loadAsOfInputs({ source: dataDir! });
    daily = inputs.daily;
    asOf = asOfInputsDocument(inputs);
    model = ForecastModel.train(between(daily, '2016-04-01', '2022-03-31'));
  }, 60_000);

  it('leads with the ex-ante figure, gates on it, and puts the backcast and TEPCO (with n) beside it', async () => {
    const { document, gated, days } = await evaluateTestWindow(input('2022-04-02', '2022-06-30'));
    expect(document.basis).toBe('ex-ante');
    expect(document.ex_ante?.n_days).toBe(90);
    expect(document.ex_ante?.issue_time).toBe('18:00');
    expect(document.regression_metrics).toEqual(document.ex_ante?.regression_metrics);
    expect(gated.mse).toBe(document.regression_metrics.mse.value);
    expect(document.backcast.n_days).toBe(90);
    expect(document.backcast.regression_metrics.mse.value).not.toBe(gated.mse);
    // TEPCO's night-before series covers 2022-04-02 .. 2022-12-01: every day of this window.
    const tepcoDays = days.filter((day) => day.tepcoNightBefore !== null).length;
    expect(tepcoDays).toBeGreaterThan(80);
    expect(document.tepco_night_before?.n_days).toBe(tepcoDays);
    expect(document.tepco_night_before?.ex_ante_same_days?.n_days).toBe(tepcoDays);
    expect(document.no_tepco_reason).toBeNull();
    expect(document.ex_ante?.variants.weather_calendar.n_days).toBe(90);
    expect(days.every((day) => day.weatherSource?.startsWith('jma 2022-'))).toBe(true);
  });

  it('scores the ex-ante 80 % intervals when the predictions carry them: pinball loss, coverage, width', async () => {
    // The real model with a hand-made ±100 万kW interval around each answer (what a quantile model gives).
    const banded = Object.create(model) as ForecastModel;
    banded.predictMatrix = (matrix, forceVariant) =>
      model.predictMatrix(matrix, forceVariant).map((prediction) => ({
        ...prediction,
        interval: { p10: prediction.peak - 100, p50: prediction.peak, p90: prediction.peak + 100 },
      }));
    const { document, days } = await evaluateTestWindow(input('2022-07-01', '2022-07-31', { model: banded }));
    const intervals = document.intervals!;
    expect(document.no_intervals_reason).toBeNull();
    expect(intervals.n_days).toBe(document.ex_ante?.n_days);
    expect(intervals.mean_width_80).toBeCloseTo(200, 9);
    const inside = days.filter(
      (day) =>
        day.exAnteInterval !== null && day.exAnteInterval.p10 <= day.actual && day.actual <= day.exAnteInterval.p90,
    ).length;
    expect(intervals.coverage_80).toBeCloseTo(inside / days.length, 12);
    expect(intervals.pinball_loss.p50).toBeGreaterThan(0);
    // The reference-shaped MSE stays the figure the gate reads.
    expect(document.regression_metrics).toEqual(document.ex_ante?.regression_metrics);
  });

  it("scores the model's calibrated band and says which method and held-out window calibrated it", async () => {
    const { ForecastModel } = await import('@powercast/model');
    const quantiles = ForecastModel.train(between(daily, '2016-04-01', '2022-03-31'), { quantiles: {} });
    const side = { lower: 2, upper: 2, nDays: 147 };
    const calibrated = quantiles.withIntervalCalibration({
      method: 'balanced-band',
      seasons: { winter: side, spring: side, summer: side, autumn: side },
      hardDays: { lower: 1, upper: 1, nDays: 0 },
      window: { from: '2021-11-05', to: '2022-03-31', nDays: 147, retrain: 'quarterly' },
    });
    const raw = (await evaluateTestWindow(input('2022-07-01', '2022-07-31', { model: quantiles }))).document;
    const { document } = await evaluateTestWindow(input('2022-07-01', '2022-07-31', { model: calibrated }));
    expect(raw.intervals?.calibration).toBeNull();
    expect(raw.intervals?.description).toContain("the quantile models' band as is (uncalibrated)");
    expect(document.intervals?.calibration).toEqual({
      method: 'balanced-band',
      window: { from: '2021-11-05', to: '2022-03-31', n_days: 147, retrain: 'quarterly' },
    });
    expect(document.intervals?.description).toContain(
      'calibrated balanced-band on the held-out ex-ante days 2021-11-05..2022-03-31',
    );
    // Both sides doubled around the same p50: twice the width, the point forecast untouched.
    expect(document.intervals!.mean_width_80).toBeCloseTo(2 * raw.intervals!.mean_width_80, 6);
    expect(document.intervals!.pinball_loss.p50).toBeCloseTo(raw.intervals!.pinball_loss.p50, 9);
    expect(document.regression_metrics).toEqual(raw.regression_metrics);
  });

  it('says intervals are unavailable for a model without quantiles, and still scores the point forecasts', async () => {
    const { document, days } = await evaluateTestWindow(input('2022-07-01', '2022-07-31'));
    expect(document.intervals).toBeNull();
    expect(document.no_intervals_reason).toBe('intervals unavailable: model has no quantiles');
    expect(days.every((day) => day.exAnteInterval === null)).toBe(true);
    expect(document.ex_ante?.n_days).toBe(31);
  });

  it("never lets a test day's observed weather into its ex-ante forecast (the backcast moves, the ex-ante does not)", async () => {
    const window = ['2023-07-01', '2023-07-31'] as const;
    const before = await evaluateTestWindow(input(...window));
    // +5 °C on the observed max temperature of the window's last day (after every issue time of the
    // window), in the test rows and the daily table alike.
    const hotter = (table: ColumnTable): ColumnTable =>
      table.params({ day: window[1] }).derive({
        max_temp: (d: { date: string; max_temp: number | null }, $: { day: string }) =>
          d.date === $.day && d.max_temp !== null ? d.max_temp + 5 : d.max_temp,
      });
    const after = await evaluateTestWindow(
      input(...window, { test: hotter(between(daily, ...window)), daily: hotter(daily) }),
    );
    expect(after.days.map((day) => day.exAnte)).toEqual(before.days.map((day) => day.exAnte));
    expect(after.days.at(-1)!.backcast).not.toBe(before.days.at(-1)!.backcast);
  });

  it('has no ex-ante figure, says why, and gates on the backcast when the data has no JMA forecast archive', async () => {
    const noArchive: AsOfInputsDocument = {
      ...asOf,
      forecastIssues: [],
      report: { ...asOf.report, forecastArchive: false, issueCount: 0, firstIssuedAt: null, lastIssuedAt: null },
    };
    const { document, gated, days } = await evaluateTestWindow(input('2023-10-01', '2023-12-31', { asOf: noArchive }));
    expect(document.ex_ante).toBeNull();
    expect(document.basis).toBe('backcast');
    expect(document.no_ex_ante_reason).toContain('no JMA forecast archive (jma/forecast/)');
    expect(document.regression_metrics).toEqual(document.backcast.regression_metrics);
    expect(gated.n).toBe(92);
    expect(days.every((day) => day.exAnte === null && day.weatherSource === null)).toBe(true);
    expect(document.tepco_night_before).toBeNull();
    expect(document.no_tepco_reason).toContain('2023-10-01 .. 2023-12-31');
  });

  it('has no ex-ante figure for a window before the first JMA issue, naming what the archive covers', async () => {
    const { document } = await evaluateTestWindow(input('2021-06-01', '2021-06-30'));
    expect(document.ex_ante).toBeNull();
    expect(document.no_ex_ante_reason).toMatch(
      /no JMA forecast issue existed at 18:00 JST .* \(the archive covers 2021-11-0/,
    );
  });

  it('scores the days of a window that straddles the first JMA issue ex-ante only where an issue existed', async () => {
    const { document, days } = await evaluateTestWindow(input('2021-10-20', '2021-11-20'));
    const covered = days.filter((day) => day.exAnte !== null);
    expect(covered.length).toBeGreaterThan(0);
    expect(covered.length).toBeLessThan(days.length);
    expect(document.ex_ante?.n_days).toBe(covered.length);
    expect(document.ex_ante?.from).toBe(covered[0]!.date);
  });
});
