import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
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
import type { RegressionMetrics } from '@powercast/model';
import { STEP_COMMAND } from '../pipeline/powercast-pipeline.js';
import type { JobImplementation, StepContext } from '../pipeline/runner.js';
import { codeVersionOf } from './code-version.js';
import {
  HISTORY_JSON,
  StepInputError,
  demandHistory,
  readDailyTable,
  readJsonFile,
  writeDailyTable,
} from './daily-table.js';
import { featureConfigFrom, hyperparametersFrom, joinModeFrom, splitRuleFrom } from './step-settings.js';

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

/** LoadData: raw TEPCO/JMA files → one row per date (daily.json/.csv), the loader's report and the data fingerprint. */
export async function loadData(context: JobContext, options: { s3Client?: S3Client } = {}): Promise<void> {
  const source = dir(context.inputs, 'raw');
  const out = dir(context.outputs, 'dataset');
  const joinMode = joinModeFrom(context.parameters);
  const { datasetFingerprint, loadDailyDataset } = await dataLoaders();
  const dataset = await loadDailyDataset({
    source,
    join: joinMode,
    ...(options.s3Client ? { s3Client: options.s3Client } : {}),
  });
  if (dataset.table.numRows() === 0) throw new EmptyDatasetError(source);
  context.log(
    `loaded ${dataset.report.rowCount} days ${dataset.report.firstDate} .. ${dataset.report.lastDate}, ${dataset.report.warnings.length} warnings`,
  );
  await writeDailyTable(out, dataset.table);
  await writeFile(join(out, 'report.json'), JSON.stringify(dataset.report, null, 2));
  await writeFile(join(out, 'fingerprint.txt'), `${datasetFingerprint(dataset.table)}\n`);
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
 * TrainModel: trains the forecast model on the train days and writes the artifact (model.json,
 * features.txt, model.tar.gz). `tarball: false` leaves the tarball to SageMaker (it packs /opt/ml/model).
 */
export async function trainModel(context: JobContext, options: { tarball?: boolean } = {}): Promise<void> {
  const { ForecastModel, writeModelArtifact } = await modelPackage();
  const train = await readDailyTable(dir(context.inputs, 'train'));
  const model = ForecastModel.train(train, {
    featureConfig: featureConfigFrom(context.parameters),
    hyperparameters: hyperparametersFrom(context.parameters),
  });
  const out = dir(context.outputs, 'model');
  await writeModelArtifact(out, { model });
  if (options.tarball === false) await rm(join(out, MODEL_TARBALL), { force: true });
  context.log(
    `trained on ${model.trainingWindow.nRows} days ${model.trainingWindow.from} .. ${model.trainingWindow.to}`,
  );
}

/** The model artifact in a step input: model.tar.gz (local runner, SageMaker) or the unpacked directory. */
export async function modelArtifactPath(modelDir: string): Promise<string> {
  const files = await readdir(modelDir);
  return files.includes(MODEL_TARBALL) ? join(modelDir, MODEL_TARBALL) : modelDir;
}

/** EvaluateModel: day-ahead forecasts of the test days → evaluation.json (property file), metrics.json, predictions.csv. */
export async function evaluateModel(context: JobContext): Promise<void> {
  const { evaluationReport, loadModel, regressionMetrics } = await modelPackage();
  const { model } = await loadModel(await modelArtifactPath(dir(context.inputs, 'model')));
  const testDir = dir(context.inputs, 'test');
  const test = await readDailyTable(testDir);
  const history = (await readJsonFile(join(testDir, HISTORY_JSON))) as { date: string; peak: number }[];
  const target = model.spec.config.target;
  const actuals = test.array(target) as (number | null)[];
  const predictions = model.predictTable(test, history);
  const rows = predictions
    .map((prediction, row) => ({ ...prediction, actual: actuals[row] }))
    .filter(
      (row): row is typeof row & { actual: number } => typeof row.actual === 'number' && Number.isFinite(row.peak),
    );
  if (rows.length === 0)
    throw new StepInputError(testDir, `the test days have no "${target}" values to evaluate against`);
  const metrics = regressionMetrics(
    rows.map((row) => row.actual),
    rows.map((row) => row.peak),
  );
  const out = dir(context.outputs, 'evaluation');
  await writeFile(join(out, EVALUATION_FILE), `${JSON.stringify(evaluationReport(metrics), null, 2)}\n`);
  await writeFile(join(out, METRICS_FILE), `${JSON.stringify(metrics, null, 2)}\n`);
  const csv = rows.map((row) => `${row.date},${row.actual},${row.peak.toFixed(1)},${row.variant}`);
  await writeFile(join(out, PREDICTIONS_FILE), `date,actual,predicted,variant\n${csv.join('\n')}\n`);
  context.log(
    `test days ${rows.length}: mse ${metrics.mse.toFixed(1)}, rmse ${metrics.rmse.toFixed(1)}, mape ${metrics.mape.toFixed(2)}`,
  );
}

/** VisualizeResults: model metrics, feature importance, predictions against actuals, error by month (PNG + SVG). */
export async function visualizeResults(context: JobContext): Promise<void> {
  const [{ loadModel }, { renderCharts }] = await Promise.all([modelPackage(), charts()]);
  const { model } = await loadModel(await modelArtifactPath(dir(context.inputs, 'model')));
  const evaluation = dir(context.inputs, 'evaluation');
  const metrics = (await readJsonFile(join(evaluation, METRICS_FILE))) as RegressionMetrics;
  const lines = (await readFile(join(evaluation, PREDICTIONS_FILE), 'utf8')).trim().split('\n').slice(1);
  const predictions = lines.map((line) => {
    const [date = '', actual = '', predicted = ''] = line.split(',');
    return { date, actual: Number(actual), predicted: Number(predicted) };
  });
  await renderCharts({ metrics, importance: model.featureImportance(), predictions }, dir(context.outputs, 'charts'));
  context.log(`charts written for ${predictions.length} test days`);
}

const PACKAGES_OF: Record<string, string[]> = {
  // The dataset fingerprint (fingerprint.txt, the model's dataFingerprint) is @powercast/contracts code.
  [STEP_COMMAND.loadData]: ['@powercast/data-loaders', '@powercast/contracts'],
  [STEP_COMMAND.preprocess]: ['@powercast/data-loaders', '@powercast/features'],
  [STEP_COMMAND.train]: ['@powercast/features', '@powercast/model', '@powercast/contracts'],
  [STEP_COMMAND.evaluate]: ['@powercast/features', '@powercast/model'],
  [STEP_COMMAND.visualize]: ['@powercast/features', '@powercast/model', '@powercast/charts'],
};

type JobFunction = (context: JobContext) => Promise<void>;

/** The job steps by container command, for the local runner (and the container step runner). */
export function powercastJobs(options: { s3Client?: S3Client } = {}): Record<string, JobImplementation> {
  const functions: Record<string, JobFunction> = {
    [STEP_COMMAND.loadData]: (context) => loadData(context, options),
    [STEP_COMMAND.preprocess]: preprocessData,
    [STEP_COMMAND.train]: (context) => trainModel(context),
    [STEP_COMMAND.evaluate]: evaluateModel,
    [STEP_COMMAND.visualize]: visualizeResults,
  };
  return Object.fromEntries(
    Object.entries(functions).map(([command, run]) => {
      let version: string | undefined;
      return [
        command,
        {
          get codeVersion(): string {
            version ??= codeVersionOf(PACKAGES_OF[command] ?? []);
            return version;
          },
          run,
        },
      ];
    }),
  );
}
