import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  EVALUATION_FILE,
  FEATURES_FILE,
  METRICS_FILE,
  MODEL_TARBALL,
  PREDICTIONS_FILE,
  UserInputError,
} from '@powercast/contracts';
import type { FeatureMatrix, TargetColumn } from '@powercast/features';
import type { ForecastModel, RegressionMetrics } from '@powercast/model';
import type { EvaluationBasis, EvaluationDocument, MetricsBlock } from '../approval/evaluation-report.js';
import { STEP_COMMAND } from '../pipeline/powercast-pipeline.js';
import { DEFAULT_CHALLENGER_MARGIN_PCT } from '../config/schema.js';
import type { ParameterValue } from '../pipeline/definition.js';
import { DEFAULT_MODEL_PACKAGE_GROUP } from '../registry/model-registry.js';
import type { JobImplementation, StepContext } from '../pipeline/runner.js';
import type { DeployedModelOutcome } from './champion-comparison.js';
import type { DeployedModelSource } from './deployed-model-source.js';
import { codeVersionOf } from './code-version.js';
import {
  HISTORY_JSON,
  StepInputError,
  demandHistory,
  readDailyTable,
  readJsonFile,
  writeDailyTable,
} from './daily-table.js';
import { EX_ANTE_ISSUE_TIME, type EvaluatedDay, type TestWindowEvaluation } from './test-window-evaluation.js';
import {
  StepParameterError,
  featureConfigFrom,
  hyperparametersFrom,
  intervalCalibrationFrom,
  joinModeFrom,
  splitRuleFrom,
} from './step-settings.js';

// The data, feature and model packages load on first use: a run whose steps all come from the
// cache never needs them, and importing them costs about 1.5 s of start-up.
const dataLoaders = (): Promise<typeof import('@powercast/data-loaders')> => import('@powercast/data-loaders');
const features = (): Promise<typeof import('@powercast/features')> => import('@powercast/features');
const modelPackage = (): Promise<typeof import('@powercast/model')> => import('@powercast/model');
const charts = (): Promise<typeof import('@powercast/charts')> => import('@powercast/charts');

export const FEATURE_SPEC_FILE = 'feature-spec.json';

/** What a job step sees: named input and output directories and its parameters (as in runner.ts). */
export type JobContext = Pick<StepContext, 'inputs' | 'outputs' | 'parameters' | 'log'>;

/** The data directory holds no demand rows: nothing to train on. */
export class EmptyDatasetError extends UserInputError {
  override readonly name = 'EmptyDatasetError';
  readonly kind = 'empty-dataset';
  constructor(readonly source: string) {
    super(
      `no demand data found in ${source}: expected TEPCO files (tepco/monthly/YYYYMM_power_usage.zip or ` +
        `tepco/yearly/juyo-YYYY.csv) and a JMA daily export (jma/daily/*.csv); see the trainer README`,
    );
  }
}

function dir(record: Record<string, string>, name: string): string {
  const value = record[name];
  if (value === undefined) throw new Error(`step has no "${name}" directory`);
  return value;
}

/**
 * LoadData: raw TEPCO/JMA files → one row per date (daily.json/.csv), the loader's report and the data
 * fingerprint (`dataset`), and what an ex-ante forecast may look at besides it (`as_of`: JMA's issues,
 * weather codes, intraday demand, hourly temperatures, TEPCO's night-before forecasts).
 */
export async function loadData(context: JobContext, options: { s3Client?: S3Client } = {}): Promise<void> {
  const source = dir(context.inputs, 'raw');
  const out = dir(context.outputs, 'dataset');
  const joinMode = joinModeFrom(context.parameters);
  const [{ datasetFingerprint, loadAsOfInputs }, { asOfInputsDocument, writeAsOfInputs }] = await Promise.all([
    dataLoaders(),
    import('./as-of-inputs.js'),
  ]);
  const inputs = await loadAsOfInputs({
    source,
    join: joinMode,
    ...(options.s3Client ? { s3Client: options.s3Client } : {}),
  });
  if (inputs.daily.numRows() === 0) throw new EmptyDatasetError(source);
  const report = inputs.dailyReport;
  context.log(
    `loaded ${report.rowCount} days ${report.firstDate} .. ${report.lastDate}, ${report.warnings.length} warnings`,
  );
  await writeDailyTable(out, inputs.daily);
  await writeFile(join(out, 'report.json'), JSON.stringify(report, null, 2));
  await writeFile(join(out, 'fingerprint.txt'), `${datasetFingerprint(inputs.daily)}\n`);
  const asOf = asOfInputsDocument(inputs);
  await writeAsOfInputs(dir(context.outputs, 'as_of'), asOf);
  context.log(
    asOf.report.forecastArchive
      ? `as-of inputs: ${asOf.report.issueCount} JMA issues ${asOf.report.firstIssuedAt} .. ${asOf.report.lastIssuedAt}, ${asOf.demand.length} days of hourly demand, ${asOf.report.tepcoNightBeforeDays} TEPCO night-before days`
      : 'as-of inputs: no JMA forecast archive (jma/forecast/): EvaluateModel will have no ex-ante figure',
  );
}

/**
 * PreprocessData: the date split, the FeatureSpec fitted on train, and the reference outputs —
 * train.csv / test.csv with the target first and no header, plus features.txt — and the daily rows
 * (daily.json) that training and evaluation read.
 */
export async function preprocessData(context: JobContext): Promise<void> {
  const { fitFeatureSpec, splitByDate, transform } = await features();
  const table = await readDailyTable(dir(context.inputs, 'dataset'));
  const featureConfig = featureConfigFrom(context.parameters);
  const target = featureConfig.target as TargetColumn;
  const { train, test } = splitByDate(table, splitRuleFrom(context.parameters));
  const spec = fitFeatureSpec(train, featureConfig);
  const history = demandHistory(table, target);
  for (const [name, part] of [
    ['train', train],
    ['test', test],
  ] as const) {
    const out = dir(context.outputs, name);
    const matrix = transform(part, spec, { history });
    await writeFile(join(out, `${name}.csv`), matrixCsv(matrix, part.array(target) as (number | null)[]));
    await writeFile(join(out, FEATURES_FILE), `${spec.featureNames.join('\n')}\n`);
    await writeDailyTable(out, part);
    context.log(`${name}: ${part.numRows()} days, ${spec.featureNames.length} features`);
  }
  // Day-ahead evaluation needs actuals before the first test day (lag features).
  await writeFile(join(dir(context.outputs, 'test'), HISTORY_JSON), JSON.stringify(history));
  await writeFile(join(dir(context.outputs, 'spec'), FEATURE_SPEC_FILE), JSON.stringify(spec, null, 2));
}

/** Rows target-first, no header, as the reference wrote them; missing values are empty cells. */
function matrixCsv(matrix: FeatureMatrix, targets: (number | null)[]): string {
  const width = matrix.featureNames.length;
  const lines: string[] = [];
  for (let row = 0; row < matrix.nRows; row += 1) {
    const cells = [targets[row] ?? ''];
    for (let column = 0; column < width; column += 1) {
      const value = matrix.values[row * width + column]!;
      cells.push(Number.isNaN(value) ? '' : value);
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * TrainModel: trains the forecast model on the train days, calibrates its 80 % interval on the held-out
 * ex-ante year before the train end (`interval_calibration`, `calibrateServedInterval`) and writes the
 * artifact (model.json, features.txt, model.tar.gz). `tarball: false` leaves the tarball to SageMaker
 * (it packs /opt/ml/model).
 */
export async function trainModel(context: JobContext, options: { tarball?: boolean } = {}): Promise<void> {
  const [{ ForecastModel, asServedTrainingMatrix, writeModelArtifact }, { asOfSourcesOf, readAsOfInputs }] =
    await Promise.all([modelPackage(), import('./as-of-inputs.js')]);
  const train = await readDailyTable(dir(context.inputs, 'train'));
  // Rows as the 18:00 forecast sees them (D−1's demand so far), the rows the served model answers.
  const sources = await asOfSourcesOf(train, await readAsOfInputs(dir(context.inputs, 'as_of')));
  const config = {
    featureConfig: featureConfigFrom(context.parameters),
    hyperparameters: hyperparametersFrom(context.parameters),
    // P10 / P50 / P90 quantile models beside the point ones: every served forecast carries its 80 % band.
    quantiles: {},
  };
  const method = intervalCalibrationFrom(context.parameters);
  const trained = ForecastModel.train(train, {
    ...config,
    trainingMatrix: asServedTrainingMatrix(train, sources, EX_ANTE_ISSUE_TIME),
  });
  context.log(
    `trained on ${trained.trainingWindow.nRows} days ${trained.trainingWindow.from} .. ${trained.trainingWindow.to}`,
  );
  const { calibrateServedInterval } = await import('./served-calibration.js');
  const calibrated = await calibrateServedInterval({ sources, trainUntil: trained.trainingWindow.to, config, method });
  context.log(calibrated.summary);
  const model = calibrated.calibration === null ? trained : trained.withIntervalCalibration(calibrated.calibration);
  const out = dir(context.outputs, 'model');
  await writeModelArtifact(out, { model });
  if (options.tarball === false) await rm(join(out, MODEL_TARBALL), { force: true });
}

/** The model artifact in a step input: model.tar.gz (local runner, SageMaker) or the unpacked directory. */
export async function modelArtifactPath(modelDir: string): Promise<string> {
  const files = await readdir(modelDir);
  return files.includes(MODEL_TARBALL) ? join(modelDir, MODEL_TARBALL) : modelDir;
}

/**
 * EvaluateModel: the test days forecast ex-ante (as of 18:00 JST on D−1 from JMA's issues and demand
 * so far) and as a backcast (observed weather of D), TEPCO's night-before forecast beside them →
 * evaluation.json (property file; `regression_metrics` is what CheckMSE gates on), metrics.json (the
 * same figure), predictions.csv (every series per day).
 */
export async function evaluateModel(
  context: JobContext,
  options: { deployedModels?: DeployedModelSource } = {},
): Promise<void> {
  const [{ loadModel }, { readAsOfInputs }, { evaluateTestWindow }, { compareWithDeployed }] = await Promise.all([
    modelPackage(),
    import('./as-of-inputs.js'),
    import('./test-window-evaluation.js'),
    import('./champion-comparison.js'),
  ]);
  const { model } = await loadModel(await modelArtifactPath(dir(context.inputs, 'model')));
  const testDir = dir(context.inputs, 'test');
  const test = await readDailyTable(testDir);
  const history = (await readJsonFile(join(testDir, HISTORY_JSON))) as { date: string; peak: number }[];
  const daily = await readDailyTable(dir(context.inputs, 'dataset'));
  const asOf = await readAsOfInputs(dir(context.inputs, 'as_of'));
  // The candidate and the deployed model are scored by the same function on the same inputs.
  const scoreOn = async (candidate: ForecastModel): Promise<TestWindowEvaluation> => {
    try {
      return await evaluateTestWindow({ model: candidate, test, history, daily, asOf });
    } catch (error) {
      if (error instanceof RangeError)
        throw new StepInputError(testDir, `${error.message} ("${candidate.spec.config.target}")`);
      throw error;
    }
  };
  const evaluation = await scoreOn(model);
  const settings = championSettingsFrom(context.parameters);
  const deployed = await deployedOutcome(options.deployedModels, settings.group, async (path) => {
    const loaded = await loadModel(path);
    return scoreOn(loaded.model);
  });
  const champion = compareWithDeployed(evaluation, deployed, settings.marginPct);
  const { gated, days } = evaluation;
  const document: EvaluationDocument = { ...evaluation.document, champion };
  const out = dir(context.outputs, 'evaluation');
  await writeFile(join(out, EVALUATION_FILE), `${JSON.stringify(document, null, 2)}\n`);
  await writeFile(join(out, METRICS_FILE), `${JSON.stringify(gated, null, 2)}\n`);
  await writeFile(join(out, PREDICTIONS_FILE), predictionsCsv(days, document.basis));
  for (const line of evaluationLines(document)) context.log(line);
}

/** The pipeline parameters the champion/challenger comparison reads. */
function championSettingsFrom(parameters: Record<string, ParameterValue>): { group: string; marginPct: number } {
  const raw = parameters['challenger_margin_pct'] ?? DEFAULT_CHALLENGER_MARGIN_PCT;
  const margin = Number(raw);
  if (!Number.isFinite(margin) || margin < 0)
    throw new StepParameterError(
      'challenger_margin_pct',
      `expected a percentage >= 0, got "${String(raw).slice(0, 80)}"`,
    );
  return { group: String(parameters['model_package_group'] ?? DEFAULT_MODEL_PACKAGE_GROUP), marginPct: margin };
}

/** The deployed model of `group` scored on the window, or why there is none to compare with. */
async function deployedOutcome(
  source: DeployedModelSource | undefined,
  group: string,
  score: (artifactPath: string) => Promise<TestWindowEvaluation>,
): Promise<DeployedModelOutcome> {
  if (source === undefined)
    return { kind: 'not-compared', reason: 'this job was given no registry to find the deployed model in' };
  const ref = await source.deployed(group);
  if (ref === null) return { kind: 'none', group };
  const work = await mkdtemp(join(tmpdir(), 'powercast-deployed-'));
  try {
    const path = join(work, MODEL_TARBALL);
    await writeFile(path, await source.artifact(ref));
    const evaluation = await score(path);
    return {
      kind: 'deployed',
      score: { version: ref.version, artifactUri: ref.artifactUri, trainingWindow: ref.trainingWindow, evaluation },
    };
  } catch (error) {
    // A deployed model that cannot be read or scored here (a tampered artifact, another feature set) is not a
    // reason to stop the candidate: the approver sees why it was not compared (OpenSTEF does the same).
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'not-compared', reason: `deployed v${ref.version} could not be scored: ${message.slice(0, 200)}` };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const cell = (value: number | null): string => (value === null ? '' : value.toFixed(1));
const csvText = (text: string | null): string =>
  text === null ? '' : /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;

/** `predicted` is the figure the evaluation leads with (the ex-ante forecast, or the backcast without one). */
function predictionsCsv(days: readonly EvaluatedDay[], basis: EvaluationBasis): string {
  const lines = days.map((day) =>
    [
      day.date,
      day.actual,
      cell(basis === 'ex-ante' ? day.exAnte : day.backcast),
      (basis === 'ex-ante' ? day.exAnteVariant : day.backcastVariant) ?? '',
      basis,
      csvText(day.weatherSource),
      cell(day.exAnte),
      cell(day.exAnteWeatherCalendar),
      cell(day.backcast),
      day.backcastVariant,
      cell(day.backcastWeatherCalendar),
      cell(day.tepcoNightBefore),
    ].join(','),
  );
  return `${PREDICTION_COLUMNS.join(',')}\n${lines.join('\n')}\n`;
}

export const PREDICTION_COLUMNS = [
  'date',
  'actual',
  'predicted',
  'variant',
  'basis',
  'weather_source',
  'ex_ante',
  'ex_ante_weather_calendar',
  'backcast',
  'backcast_variant',
  'backcast_weather_calendar',
  'tepco_night_before',
] as const;

const metricLine = (label: string, block: MetricsBlock): string => {
  const m = block.regression_metrics;
  return `  ${label.padEnd(30)} n ${String(block.n_days).padStart(3)}  mape ${m.mape.value.toFixed(2)}  rmse ${m.rmse.value.toFixed(1)}  mae ${m.mae.value.toFixed(1)}  bias ${m.bias.value.toFixed(1)}  mse ${m.mse.value.toFixed(1)}`;
};

/** The evaluation as EvaluateModel logs it: the ex-ante figure first, the backcast labelled, TEPCO with n. */
export function evaluationLines(document: EvaluationDocument, options: { gate?: boolean } = {}): string[] {
  const lines: string[] = [];
  if (document.ex_ante === null) lines.push(`no ex-ante figure: ${document.no_ex_ante_reason ?? ''}`);
  else {
    const { ex_ante: exAnte } = document;
    lines.push(`ex-ante ${exAnte.from} .. ${exAnte.to}, issued ${exAnte.issue_time} JST on D−1 (JMA forecast):`);
    lines.push(metricLine('ex-ante (as served)', exAnte));
    if (exAnte.variants.with_history !== null)
      lines.push(metricLine('ex-ante with-history', exAnte.variants.with_history));
    lines.push(metricLine('ex-ante weather+calendar', exAnte.variants.weather_calendar));
    if (exAnte.days_with_earlier_issue > 0)
      lines.push(`  ${exAnte.days_with_earlier_issue} days used an earlier JMA issue (none on D−1 by the issue time)`);
  }
  lines.push(metricLine('backcast (observed weather)', document.backcast));
  if (document.backcast.variants.with_history !== null)
    lines.push(metricLine('backcast with-history', document.backcast.variants.with_history));
  lines.push(metricLine('backcast weather+calendar', document.backcast.variants.weather_calendar));
  const tepco = document.tepco_night_before;
  if (tepco === null) lines.push(`  ${'TEPCO night-before'.padEnd(30)} n   0  (${document.no_tepco_reason ?? ''})`);
  else {
    lines.push(metricLine('TEPCO night-before', tepco));
    if (tepco.ex_ante_same_days !== null) lines.push(metricLine('ex-ante on the TEPCO days', tepco.ex_ante_same_days));
  }
  const champion = document.champion;
  if (champion !== undefined) {
    const deployed = champion.deployed;
    if (deployed !== null) {
      lines.push(metricLine(`deployed v${deployed.version} (same days)`, deployed.gated));
      if (deployed.variants.with_history !== null)
        lines.push(metricLine(`deployed v${deployed.version} with-history`, deployed.variants.with_history));
      lines.push(metricLine(`deployed v${deployed.version} weather+calendar`, deployed.variants.weather_calendar));
    }
    lines.push(`champion/challenger (margin ${champion.margin_pct} %): ${champion.reason}`);
  }
  if (options.gate !== false)
    lines.push(
      `CheckMSE gates on the ${document.basis} mse ${document.regression_metrics.mse.value.toFixed(1)}${document.basis === 'backcast' ? ' (no ex-ante figure)' : ''}`,
    );
  return lines;
}

/**
 * VisualizeResults: model metrics, feature importance, the forecast against actuals (ex-ante, with
 * TEPCO's night-before forecast where it exists and the backcast faintly), error by month (PNG + SVG).
 * Without an ex-ante figure the charts show the backcast and say so.
 */
export async function visualizeResults(context: JobContext): Promise<void> {
  const [{ loadModel }, { renderCharts }] = await Promise.all([modelPackage(), charts()]);
  const { model } = await loadModel(await modelArtifactPath(dir(context.inputs, 'model')));
  const evaluation = dir(context.inputs, 'evaluation');
  const metrics = (await readJsonFile(join(evaluation, METRICS_FILE))) as RegressionMetrics;
  const report = (await readJsonFile(join(evaluation, EVALUATION_FILE))) as Partial<EvaluationDocument>;
  const days = readPredictionsCsv(
    join(evaluation, PREDICTIONS_FILE),
    await readFile(join(evaluation, PREDICTIONS_FILE), 'utf8'),
  );
  const basis = report.basis ?? 'backcast';
  const series = (column: string): { date: string; predicted: number }[] =>
    days.flatMap((day) => {
      const value = day[column];
      return value === undefined || value === '' ? [] : [{ date: day['date']!, predicted: Number(value) }];
    });
  const predictions = days.flatMap((day) =>
    day['predicted'] === ''
      ? []
      : [{ date: day['date']!, actual: Number(day['actual']), predicted: Number(day['predicted']) }],
  );
  const tepco = report.tepco_night_before ?? null;
  await renderCharts(
    {
      metrics,
      importance: model.featureImportance(),
      predictions,
      forecast: {
        basis,
        ...(report.ex_ante?.issue_time === undefined ? {} : { issueTime: report.ex_ante.issue_time }),
        ...(report.no_ex_ante_reason ? { noExAnteReason: report.no_ex_ante_reason } : {}),
        ...(basis === 'ex-ante' ? { backcast: series('backcast') } : {}),
        tepcoNightBefore: series('tepco_night_before'),
        ...(report.backcast ? { backcastMape: report.backcast.regression_metrics.mape.value } : {}),
        ...(tepco ? { tepcoMape: tepco.regression_metrics.mape.value } : {}),
      },
    },
    dir(context.outputs, 'charts'),
  );
  context.log(`charts written for ${predictions.length} test days (${basis})`);
  if (context.inputs['quality'] !== undefined) {
    const { renderQualityChartOf } = await import('./validate-data.js');
    context.log(
      `quality chart ${await renderQualityChartOf(context.inputs['quality'], dir(context.outputs, 'charts'))}`,
    );
  }
}

/** predictions.csv by header name; older files (date,actual,predicted,variant) read the same way. */
function readPredictionsCsv(path: string, text: string): Record<string, string>[] {
  const [header = '', ...lines] = text.trim().split('\n');
  const columns = header.split(',');
  if (!columns.includes('date') || !columns.includes('predicted'))
    throw new StepInputError(path, `expected a header with date, actual, predicted, got "${header.slice(0, 80)}"`);
  return lines.map((line) => {
    // weather_source may be quoted; it is the only text column and never read here.
    const cells = line.replace(/"(?:[^"]|"")*"/g, '').split(',');
    return Object.fromEntries(columns.map((name, i) => [name, cells[i] ?? '']));
  });
}

const PACKAGES_OF: Record<string, string[]> = {
  // The dataset fingerprint (fingerprint.txt, the model's dataFingerprint) is @powercast/contracts code.
  [STEP_COMMAND.loadData]: ['@powercast/data-loaders', '@powercast/contracts'],
  [STEP_COMMAND.validate]: ['@powercast/data-loaders'],
  [STEP_COMMAND.preprocess]: ['@powercast/data-loaders', '@powercast/features'],
  [STEP_COMMAND.train]: ['@powercast/features', '@powercast/model', '@powercast/contracts'],
  // ForecastIssueIndex (the JMA issue lookup of the ex-ante rows) is data-loaders code.
  [STEP_COMMAND.evaluate]: ['@powercast/data-loaders', '@powercast/features', '@powercast/model'],
  [STEP_COMMAND.visualize]: ['@powercast/features', '@powercast/model', '@powercast/charts', '@powercast/data-loaders'],
};

type JobFunction = (context: JobContext) => Promise<void>;

export interface PowercastJobsOptions {
  s3Client?: S3Client;
  /** Where EvaluateModel finds the deployed model to compare with (the local runner: `storeDeployedModels`). */
  deployedModels?: DeployedModelSource;
}

/** The job steps by container command, for the local runner (and the container step runner). */
export function powercastJobs(options: PowercastJobsOptions = {}): Record<string, JobImplementation> {
  const { deployedModels } = options;
  const functions: Record<string, JobFunction> = {
    [STEP_COMMAND.loadData]: (context) => loadData(context, options),
    [STEP_COMMAND.validate]: async (context) => (await import('./validate-data.js')).validateData(context, options),
    [STEP_COMMAND.preprocess]: preprocessData,
    [STEP_COMMAND.train]: (context) => trainModel(context),
    [STEP_COMMAND.evaluate]: (context) => evaluateModel(context, deployedModels ? { deployedModels } : {}),
    [STEP_COMMAND.visualize]: visualizeResults,
  };
  // EvaluateModel's result depends on which version is deployed: a change of deployment is a new cache key.
  const externalStates: Record<string, (parameters: Record<string, ParameterValue>) => Promise<unknown>> = {
    [STEP_COMMAND.evaluate]: async (parameters) =>
      deployedModels === undefined ? null : await deployedModels.deployed(championSettingsFrom(parameters).group),
  };
  return Object.fromEntries(
    Object.entries(functions).map(([command, run]) => {
      let version: string | undefined;
      const externalState = externalStates[command];
      const implementation: JobImplementation = {
        get codeVersion(): string {
          version ??= codeVersionOf(PACKAGES_OF[command] ?? []);
          return version;
        },
        run,
        ...(externalState === undefined ? {} : { externalState }),
      };
      return [command, implementation];
    }),
  );
}
