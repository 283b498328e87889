import type { ColumnTable } from 'arquero';
import type { DemandObservation } from '@powercast/features';
import type { ForecastModel, ForecastVariant, PredictionInterval, RegressionMetrics } from '@powercast/model';
import type { EvaluationDocument, MetricsBlock } from '../approval/evaluation-report.js';
import { asOfSourcesOf, type AsOfInputsDocument } from './as-of-inputs.js';
import { intervalScores, type IntervalScores } from './interval-scores.js';

/** The issue time of the ex-ante evaluation: 18:00 JST on D−1, as issue 12 defines the product. */
export const EX_ANTE_ISSUE_TIME = '18:00';

/** One test day as EvaluateModel scored it (predictions.csv). */
export interface EvaluatedDay {
  date: string;
  actual: number;
  /** The ex-ante forecast (null when no JMA issue existed at the issue time). */
  exAnte: number | null;
  exAnteVariant: ForecastVariant | null;
  /** The weather+calendar variant's ex-ante forecast (null without a JMA issue). */
  exAnteWeatherCalendar: number | null;
  /** `jma <issued_at>` (+ ` weekly`, + `(latest earlier issue)`), or null. */
  weatherSource: string | null;
  backcast: number;
  backcastVariant: ForecastVariant;
  backcastWeatherCalendar: number;
  tepcoNightBefore: number | null;
  /** The ex-ante forecast's 80 % interval (null without one, or for a model without quantiles). */
  exAnteInterval: PredictionInterval | null;
}

/** How the scored band was calibrated (the model's stored calibration), or null for the quantile band as is. */
export interface IntervalCalibrationReport {
  method: string;
  /** The held-out ex-ante days it was set on, and how often the models answering them were retrained. */
  window: { from: string; to: string; n_days: number; retrain: string | null };
}

/** evaluation.json's interval block, beside the reference-shaped MSE (#15 item 4). */
export interface IntervalReport {
  /** The ex-ante forecasts' 80 % intervals scored on the days that have one; null when none does. */
  intervals: (IntervalScores & { description: string; calibration: IntervalCalibrationReport | null }) | null;
  no_intervals_reason: string | null;
}

export interface TestWindowEvaluation {
  document: EvaluationDocument & IntervalReport;
  /** The figure CheckMSE gates on (ex-ante when it exists, else the backcast). */
  gated: RegressionMetrics;
  days: EvaluatedDay[];
}

export interface TestWindowInput {
  model: ForecastModel;
  /** The test days (PreprocessData's `test` daily table). */
  test: ColumnTable;
  /** Actual daily peaks before and in the test window (lag features of the backcast). */
  history: DemandObservation[];
  /** LoadData's whole daily table: the ex-ante rows look back from each issue time. */
  daily: ColumnTable;
  asOf: AsOfInputsDocument;
  issueTime?: string;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

type ModelLibrary = Pick<typeof import('@powercast/model'), 'evaluationReport' | 'regressionMetrics'>;

/** Metric blocks of evaluation.json, computed with @powercast/model's metrics (loaded on first use, as every step does). */
function metricTools({ evaluationReport, regressionMetrics }: ModelLibrary) {
  const block = (metrics: RegressionMetrics): MetricsBlock => ({
    n_days: metrics.n,
    regression_metrics: evaluationReport(metrics).regression_metrics,
  });
  const metricsOf = (rows: readonly { actual: number; predicted: number }[]): RegressionMetrics | null =>
    rows.length === 0
      ? null
      : regressionMetrics(
          rows.map((row) => row.actual),
          rows.map((row) => row.predicted),
        );
  const blockOrNull = (metrics: RegressionMetrics | null): MetricsBlock | null =>
    metrics === null ? null : block(metrics);
  /** With-history on the days that variant answered (it needs recent demand), weather+calendar on every day. */
  const variantBlocks = (
    served: readonly { actual: number; predicted: number; variant: ForecastVariant }[],
    weatherCalendar: readonly { actual: number; predicted: number }[],
  ): { with_history: MetricsBlock | null; weather_calendar: MetricsBlock } => ({
    with_history: blockOrNull(metricsOf(served.filter((row) => row.variant === 'with-history'))),
    weather_calendar: block(metricsOf(weatherCalendar)!),
  });
  return { block, metricsOf, blockOrNull, variantBlocks };
}

/** `jma <issue>`, flagged when no issue of the issue day had been published by the issue time. */
function weatherSourceOf(used: string, weekly: boolean, issuedAt: string): string {
  const issueDay = issuedAt.slice(0, 10);
  const source = `jma ${used}${weekly ? ' weekly' : ''}`;
  return used.slice(0, 10) < issueDay ? `${source} (latest earlier issue)` : source;
}

function noExAnteReason(asOf: AsOfInputsDocument, from: string, to: string, issueTime: string): string {
  if (!asOf.report.forecastArchive || asOf.forecastIssues.length === 0)
    return 'the data has no JMA forecast archive (jma/forecast/), so no forecast as issued can be replayed';
  const range = `${asOf.report.firstIssuedAt ?? '?'} .. ${asOf.report.lastIssuedAt ?? '?'}`;
  return `no JMA forecast issue existed at ${issueTime} JST the day before any test day ${from} .. ${to} (the archive covers ${range})`;
}

/**
 * Scores the trained model on the test window twice: ex-ante (each day D from `featureTableAsOf`
 * as of the issue time on D−1: JMA's latest issue, D−1's demand and temperatures so far, with the
 * model's own spec) and as a backcast (observed weather of D, full demand to D−1), both variants
 * each, and TEPCO's night-before forecast on the days it exists. No I/O: the inputs are data.
 */
export async function evaluateTestWindow(input: TestWindowInput): Promise<TestWindowEvaluation> {
  const [{ transform }, modelLibrary] = await Promise.all([import('@powercast/features'), import('@powercast/model')]);
  const { block, metricsOf, blockOrNull, variantBlocks } = metricTools(modelLibrary);
  const { model, test, asOf } = input;
  const issueTime = input.issueTime ?? EX_ANTE_ISSUE_TIME;
  const target = model.spec.config.target;
  const dates = test.array('date') as string[];
  const actuals = test.array(target) as (number | null)[];
  const rows = dates.flatMap((date, r) => {
    const actual = actuals[r];
    return typeof actual === 'number' && Number.isFinite(actual) ? [{ row: r, date, actual }] : [];
  });
  if (rows.length === 0) throw new RangeError(`the test days have no "${target}" values to evaluate against`);
  const from = rows[0]!.date;
  const to = rows.at(-1)!.date;

  const settings = model.answerSettings;
  const answerer = modelLibrary.answererOf(model);
  const levelRows = settings.blend === null ? undefined : modelLibrary.levelRowsOf(input.daily, model.spec);
  const backcastMatrix = transform(test, model.spec, { history: input.history });
  // The backcast answers as the model does, less the temperature averaging (the weather is observed).
  const backcastServed = modelLibrary.answerRows({
    answerer,
    matrices: [{ weight: 1, matrix: backcastMatrix }],
    targets: dates,
    knownThrough: dates.map((date) => addDays(date, -2)),
    blend: settings.blend,
    levelRows,
  });
  const backcastWeatherCalendar = model.predictMatrix(backcastMatrix, 'weather-calendar');

  const issuedAtOf = (day: string): string => `${addDays(day, -1)}T${issueTime}:00+09:00`;
  const sources = await asOfSourcesOf(input.daily, asOf);
  const targets = rows.map((row) => row.date);
  // The model's own ex-ante answer (blend, temperature averaging): what the backtest scores and the service serves.
  const exAnteAnswer =
    asOf.forecastIssues.length === 0
      ? null
      : modelLibrary.answerExAnte({ answerer, sources, targets, issuedAt: issuedAtOf, settings, levelRows });
  const exAnteTable = exAnteAnswer?.table ?? null;
  const exAnteServed = exAnteAnswer?.predictions ?? null;
  const exAnteWeatherCalendar =
    exAnteTable === null ? null : model.predictMatrix(exAnteTable.matrix, 'weather-calendar');
  const tepcoByDate = new Map((asOf.tepcoNightBefore ?? []).map((value) => [value.targetDate, value.valueManKw]));

  const scored: EvaluatedDay[] = rows.map(({ row, date, actual }, i) => {
    const provenance = exAnteTable?.provenance[i];
    const issued = provenance?.forecastIssuedAt ?? null;
    const served = issued === null ? undefined : exAnteServed?.[i];
    const exAnte = served !== undefined && Number.isFinite(served.peak) ? served : undefined;
    return {
      date,
      actual,
      exAnte: exAnte?.peak ?? null,
      exAnteVariant: exAnte?.variant ?? null,
      exAnteWeatherCalendar: exAnte === undefined ? null : exAnteWeatherCalendar![i]!.peak,
      weatherSource:
        issued === null ? null : weatherSourceOf(issued, provenance?.temperatureSource === 'weekly', issuedAtOf(date)),
      backcast: backcastServed[row]!.peak,
      backcastVariant: backcastServed[row]!.variant,
      backcastWeatherCalendar: backcastWeatherCalendar[row]!.peak,
      tepcoNightBefore: tepcoByDate.get(date) ?? null,
      exAnteInterval: exAnte?.interval ?? null,
    };
  });

  // A day the model cannot score (a feature it needs is missing) is left out, as before.
  const days = scored.filter((day) => Number.isFinite(day.backcast) && Number.isFinite(day.backcastWeatherCalendar));
  if (days.length === 0) throw new RangeError(`no test day could be forecast (missing feature values)`);
  const backcastRows = days.map((day) => ({
    actual: day.actual,
    predicted: day.backcast,
    variant: day.backcastVariant,
  }));
  const backcastMetrics = metricsOf(backcastRows)!;
  const exAnteIndex = days.flatMap((day, i) => (day.exAnte === null ? [] : [i]));
  const exAnteRows = exAnteIndex.map((i) => ({
    actual: days[i]!.actual,
    predicted: days[i]!.exAnte!,
    variant: days[i]!.exAnteVariant!,
  }));
  const exAnteMetrics = metricsOf(exAnteRows);
  const tepcoIndex = days.flatMap((day, i) => (day.tepcoNightBefore === null ? [] : [i]));
  const tepcoMetrics = metricsOf(
    tepcoIndex.map((i) => ({ actual: days[i]!.actual, predicted: days[i]!.tepcoNightBefore! })),
  );
  const tepcoExAnte = tepcoIndex.filter((i) => days[i]!.exAnte !== null);

  const intervalDays = exAnteIndex.flatMap((i) => {
    const { actual, exAnteInterval } = days[i]!;
    return exAnteInterval === null ? [] : [{ actual, interval: exAnteInterval }];
  });
  const scoredIntervals = intervalScores(intervalDays);
  const calibration = model.intervalCalibration;
  const calibrationReport: IntervalCalibrationReport | null =
    calibration === null
      ? null
      : {
          method: calibration.method,
          window: {
            from: calibration.window.from,
            to: calibration.window.to,
            n_days: calibration.window.nDays,
            retrain: calibration.window.retrain ?? null,
          },
        };
  const calibratedHow =
    calibrationReport === null
      ? "the quantile models' band as is (uncalibrated)"
      : `calibrated ${calibrationReport.method} on the held-out ex-ante days ${calibrationReport.window.from}..${calibrationReport.window.to}`;
  const document: EvaluationDocument & IntervalReport = {
    regression_metrics: block(exAnteMetrics ?? backcastMetrics).regression_metrics,
    basis: exAnteMetrics === null ? 'backcast' : 'ex-ante',
    ex_ante:
      exAnteMetrics === null
        ? null
        : {
            ...block(exAnteMetrics),
            description: `each test day D forecast as of ${issueTime} JST on D−1 from JMA's latest issue and demand so far${modelLibrary.describeAnswerSettings(settings)}`,
            issue_time: issueTime,
            from: days[exAnteIndex[0]!]!.date,
            to: days[exAnteIndex.at(-1)!]!.date,
            days_with_earlier_issue: exAnteIndex.filter((i) => days[i]!.weatherSource!.includes('latest earlier'))
              .length,
            variants: variantBlocks(
              exAnteRows,
              exAnteIndex.map((i) => ({ actual: days[i]!.actual, predicted: days[i]!.exAnteWeatherCalendar! })),
            ),
          },
    no_ex_ante_reason: exAnteMetrics === null ? noExAnteReason(asOf, from, to, issueTime) : null,
    backcast: {
      ...block(backcastMetrics),
      description: 'backcast: observed weather of D and actual demand to D−1 (not known the evening before)',
      variants: variantBlocks(
        backcastRows,
        days.map((day) => ({ actual: day.actual, predicted: day.backcastWeatherCalendar })),
      ),
    },
    tepco_night_before:
      tepcoMetrics === null
        ? null
        : {
            ...block(tepcoMetrics),
            description: "TEPCO's 翌日の予想最大電力, stamped before 06:00 of D",
            from: days[tepcoIndex[0]!]!.date,
            to: days[tepcoIndex.at(-1)!]!.date,
            ex_ante_same_days: blockOrNull(
              metricsOf(tepcoExAnte.map((i) => ({ actual: days[i]!.actual, predicted: days[i]!.exAnte! }))),
            ),
            backcast_same_days: block(
              metricsOf(tepcoIndex.map((i) => ({ actual: days[i]!.actual, predicted: days[i]!.backcast })))!,
            ),
          },
    no_tepco_reason:
      tepcoMetrics !== null
        ? null
        : asOf.tepcoNightBefore === null
          ? 'the data has no TEPCO daily files (tepco/monthly/)'
          : `no night-before value stamped before 06:00 of D for a test day ${from} .. ${to}`,
    intervals:
      scoredIntervals === null
        ? null
        : {
            ...scoredIntervals,
            description: `the ex-ante forecasts' 80 % intervals (P10..P90) as of ${issueTime} JST on D−1, ${calibratedHow}: mean pinball loss per quantile (万kW), share of days inside, mean width (万kW)`,
            calibration: calibrationReport,
          },
    no_intervals_reason:
      scoredIntervals !== null
        ? null
        : exAnteMetrics === null
          ? 'no ex-ante forecast to score'
          : modelLibrary.INTERVALS_UNAVAILABLE,
  };
  return { document, gated: exAnteMetrics ?? backcastMetrics, days };
}
