import { EVALUATION_FILE } from '@powercast/contracts';
import type { PowercastConfig } from '../config/schema.js';
import type { Operand, ParameterDefinition, PipelineDefinition, RegisterModelStep } from './definition.js';

export const STEP = {
  loadData: 'LoadData',
  validateData: 'ValidateData',
  preprocessData: 'PreprocessData',
  trainModel: 'TrainModel',
  evaluateModel: 'EvaluateModel',
  visualizeResults: 'VisualizeResults',
  checkMse: 'CheckMSE',
  checkChampion: 'CheckChampion',
  registerModel: 'RegisterModel',
  registerRejected: 'RegisterRejected',
  fail: 'Fail',
} as const;

/** The container subcommands (apps/trainer `step <command>`) that run the job steps. */
export const STEP_COMMAND = {
  loadData: 'load-data',
  validate: 'validate',
  preprocess: 'preprocess',
  train: 'train',
  evaluate: 'evaluate',
  visualize: 'visualize',
} as const;

export const EVALUATION_PROPERTY_FILE = 'EvaluationReport';
export const MSE_JSON_PATH = 'regression_metrics.mse.value';
export const BASIS_JSON_PATH = 'basis';
/** The champion/challenger block of evaluation.json (see compareWithDeployed). */
export const CHAMPION_JSON_PATH = {
  candidateMse: 'champion.candidate_mse',
  allowedMse: 'champion.allowed_mse',
  reason: 'champion.reason',
} as const;

/** Feature settings shared by preprocessing and training (they must fit the same FeatureSpec). */
const FEATURE_PARAMETERS = ['target', 'feature_set', 'feature_thresholds', 'encoders'];

/** Pipeline parameters, with defaults taken from the config (the config is the one place defaults live). */
export function powercastParameters(config: PowercastConfig, inputData: string): ParameterDefinition[] {
  const { split } = config;
  return [
    {
      name: 'input_data',
      type: 'String',
      defaultValue: inputData,
      description: 'Raw TEPCO/JMA data: a directory or s3:// prefix',
    },
    {
      name: 'join',
      type: 'String',
      defaultValue: config.join,
      description: 'target | inner join of demand and weather',
    },
    { name: 'target', type: 'String', defaultValue: config.target, description: 'peak_hourly | peak_5min' },
    { name: 'feature_set', type: 'String', defaultValue: config.feature_set, description: 'reference | extended' },
    // "none" rather than "": an empty container argument is easy to lose on the way to the job.
    {
      name: 'split_date',
      type: 'String',
      defaultValue: split.split_date ?? 'none',
      description: 'Test on/after this date ("none" = unused)',
    },
    {
      name: 'test_days',
      type: 'Integer',
      defaultValue: split.test_days ?? 0,
      description: 'Test on the last N days (0 = unused)',
    },
    {
      name: 'test_ratio',
      type: 'Float',
      defaultValue: split.test_ratio ?? 0,
      description: 'Test on the last share of rows (0 = unused)',
    },
    {
      name: 'quality_actions',
      type: 'String',
      defaultValue: '{}',
      description:
        'JSON: data-quality rule id → fail | drop | warn, overriding the rule table defaults (data-loaders README)',
    },
    {
      name: 'feature_thresholds',
      type: 'String',
      defaultValue: JSON.stringify(config.thresholds),
      description: 'JSON: hot_day, cold_day, cdd_base, hdd_base',
    },
    {
      name: 'encoders',
      type: 'String',
      defaultValue: JSON.stringify(config.encoders),
      description: 'JSON list of {name, columns}',
    },
    {
      name: 'hyperparameters',
      type: 'String',
      defaultValue: JSON.stringify(config.hyperparameters),
      description: 'JSON gradient-boosting hyperparameters',
    },
    {
      name: 'interval_calibration',
      type: 'String',
      defaultValue: config.interval_calibration,
      description:
        'balanced-band: calibrate the served 80 % interval on the held-out ex-ante year before the train end | none: the quantile band as is',
    },
    {
      name: 'mse_threshold',
      type: 'Float',
      defaultValue: config.mse_threshold,
      description: 'Register only if the ex-ante test MSE <= this (backcast MSE when the window has no JMA issues)',
    },
    {
      name: 'challenger_margin_pct',
      type: 'Float',
      defaultValue: config.challenger_margin_pct,
      description:
        'Offer for approval only if the MSE is at most the deployed model’s on the same days plus this percent; else register Rejected',
    },
    {
      name: 'model_package_group',
      type: 'String',
      defaultValue: config.registry_group,
      description: 'Model registry group',
    },
  ];
}

/**
 * LoadData → ValidateData → PreprocessData → TrainModel → EvaluateModel → VisualizeResults →
 * CheckMSE → (CheckChampion → RegisterModel | RegisterRejected) | Fail.
 * `inputData` is the default of the `input_data` parameter (a local directory or s3:// prefix).
 */
export function powercastPipeline(config: PowercastConfig, inputData: string = config.data_dir): PipelineDefinition {
  return {
    name: config.aws.pipeline_name,
    parameters: powercastParameters(config, inputData),
    steps: [
      {
        name: STEP.loadData,
        type: 'Processing',
        description:
          "Read the TEPCO and JMA files: one row per date, and what an ex-ante forecast may use (JMA's issues, intraday demand)",
        command: STEP_COMMAND.loadData,
        inputs: { raw: { from: 'parameter', parameter: 'input_data' } },
        outputs: ['dataset', 'as_of'],
        parameters: ['join'],
        propertyFiles: [],
      },
      {
        name: STEP.validateData,
        type: 'Processing',
        description:
          'Check every input against the data-quality rules: write quality.json, drop the days a rule drops, stop on a fail rule',
        command: STEP_COMMAND.validate,
        inputs: {
          raw: { from: 'parameter', parameter: 'input_data' },
          dataset: { from: 'step', step: STEP.loadData, output: 'dataset' },
          as_of: { from: 'step', step: STEP.loadData, output: 'as_of' },
        },
        outputs: ['dataset', 'quality'],
        parameters: ['quality_actions'],
        propertyFiles: [],
      },
      {
        name: STEP.preprocessData,
        type: 'Processing',
        description:
          'Split by date, fit the feature spec on train, write train/test CSVs (target first, no header) and features.txt',
        command: STEP_COMMAND.preprocess,
        inputs: { dataset: { from: 'step', step: STEP.validateData, output: 'dataset' } },
        outputs: ['train', 'test', 'spec'],
        parameters: [...FEATURE_PARAMETERS, 'split_date', 'test_days', 'test_ratio'],
        propertyFiles: [],
      },
      {
        name: STEP.trainModel,
        type: 'Training',
        description:
          'Train the gradient-boosted forecast model, calibrate its 80 % interval on the held-out ex-ante year before the train end, and write model.tar.gz',
        command: STEP_COMMAND.train,
        inputs: {
          train: { from: 'step', step: STEP.preprocessData, output: 'train' },
          // D−1's hourly demand and temperatures: the training rows are built as the 18:00 forecast sees them.
          as_of: { from: 'step', step: STEP.loadData, output: 'as_of' },
        },
        outputs: ['model'],
        parameters: [...FEATURE_PARAMETERS, 'hyperparameters', 'interval_calibration'],
        propertyFiles: [],
      },
      {
        name: STEP.evaluateModel,
        type: 'Processing',
        description:
          'Forecast the test days ex-ante (as of 18:00 JST on D-1) and as a backcast, TEPCO night-before beside; score the deployed model on the same days; write evaluation.json',
        command: STEP_COMMAND.evaluate,
        inputs: {
          model: { from: 'step', step: STEP.trainModel, output: 'model' },
          test: { from: 'step', step: STEP.preprocessData, output: 'test' },
          dataset: { from: 'step', step: STEP.validateData, output: 'dataset' },
          as_of: { from: 'step', step: STEP.loadData, output: 'as_of' },
        },
        outputs: ['evaluation'],
        // The deployed model of this group is scored on the same window (the champion/challenger comparison).
        parameters: ['model_package_group', 'challenger_margin_pct'],
        propertyFiles: [{ name: EVALUATION_PROPERTY_FILE, output: 'evaluation', path: EVALUATION_FILE }],
        readsOutside: 'the deployed model of model_package_group',
      },
      {
        name: STEP.visualizeResults,
        type: 'Processing',
        description:
          'Chart metrics, feature importance, predictions against actuals and data-quality findings per month',
        command: STEP_COMMAND.visualize,
        inputs: {
          model: { from: 'step', step: STEP.trainModel, output: 'model' },
          evaluation: { from: 'step', step: STEP.evaluateModel, output: 'evaluation' },
          quality: { from: 'step', step: STEP.validateData, output: 'quality' },
        },
        outputs: ['charts'],
        parameters: [],
        propertyFiles: [],
      },
      {
        name: STEP.checkMse,
        type: 'Condition',
        description:
          'Register only if the ex-ante test MSE (the backcast MSE without JMA issues) is at or below mse_threshold',
        inputs: {},
        parameters: ['mse_threshold'],
        condition: {
          type: 'LessThanOrEqualTo',
          left: evaluationValue(MSE_JSON_PATH),
          right: { parameter: 'mse_threshold' },
        },
        ifSteps: [STEP.checkChampion],
        elseSteps: [STEP.fail],
      },
      {
        name: STEP.checkChampion,
        type: 'Condition',
        description:
          'Offer for approval only if not worse than the deployed model on the same days by more than challenger_margin_pct (no deployed model: passes)',
        inputs: {},
        parameters: [],
        condition: {
          type: 'LessThanOrEqualTo',
          left: evaluationValue(CHAMPION_JSON_PATH.candidateMse),
          right: evaluationValue(CHAMPION_JSON_PATH.allowedMse),
        },
        ifSteps: [STEP.registerModel],
        elseSteps: [STEP.registerRejected],
      },
      registerStep(STEP.registerModel, 'PendingManualApproval'),
      registerStep(STEP.registerRejected, 'Rejected'),
      {
        name: STEP.fail,
        type: 'Fail',
        description: 'Stop without registering: the model missed the MSE threshold',
        inputs: {},
        parameters: ['mse_threshold'],
        // Names the MSE that was gated: `ex-ante` (the answer users get) or `backcast` (no JMA issue in the window).
        errorMessage: [
          { literal: 'not registered: ' },
          evaluationValue(BASIS_JSON_PATH),
          { literal: ' mse ' },
          evaluationValue(MSE_JSON_PATH),
          { literal: ' > mse_threshold ' },
          { parameter: 'mse_threshold' },
        ],
      },
    ],
  };
}

function evaluationValue(jsonPath: string): Operand {
  return { propertyFileValue: { step: STEP.evaluateModel, propertyFile: EVALUATION_PROPERTY_FILE, jsonPath } };
}

/**
 * RegisterModel (offered for approval) and RegisterRejected (worse than the deployed model: kept on record,
 * never deployed) register the same artifacts; the package description carries the comparison.
 */
function registerStep(name: string, approvalStatus: RegisterModelStep['approvalStatus']): RegisterModelStep {
  return {
    name,
    type: 'RegisterModel',
    description:
      approvalStatus === 'Rejected'
        ? 'Register the model as Rejected, with the reason: worse than the deployed model on the same days'
        : 'Register the model as PendingManualApproval with its metrics and the comparison with the deployed model',
    inputs: {
      model: { from: 'step', step: STEP.trainModel, output: 'model' },
      evaluation: { from: 'step', step: STEP.evaluateModel, output: 'evaluation' },
      charts: { from: 'step', step: STEP.visualizeResults, output: 'charts' },
    },
    parameters: ['model_package_group'],
    modelInput: 'model',
    evaluationInput: 'evaluation',
    chartsInput: 'charts',
    approvalStatus,
    packageDescription: [
      {
        literal:
          approvalStatus === 'Rejected'
            ? 'Powercast daily peak demand forecaster (TEPCO area); rejected by CheckChampion: '
            : 'Powercast daily peak demand forecaster (TEPCO area); CheckChampion: ',
      },
      evaluationValue(CHAMPION_JSON_PATH.reason),
    ],
  };
}
