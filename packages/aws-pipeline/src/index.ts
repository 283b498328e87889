export { CONFIG_FILE_NAME, ConfigError, loadConfig, parseConfig } from './config/load-config.js';
export type {
  AwsConfig,
  EncoderSettings,
  HyperparameterSettings,
  PowercastConfig,
  SplitConfig,
} from './config/schema.js';
export { contentHash, getJson, getText, toJsonText, type ArtifactStore } from './store/artifact-store.js';
export {
  ArtifactNotFoundError,
  ArtifactStoreError,
  InvalidArtifactKeyError,
  InvalidStoreUriError,
} from './store/errors.js';
export { LocalArtifactStore } from './store/local-store.js';
export {
  openArtifactStore,
  parseStoreUri,
  type OpenArtifactStoreOptions,
  type ParsedStoreUri,
} from './store/open-store.js';
export { S3ArtifactStore } from './store/s3-store.js';
export {
  DEFAULT_MODEL_PACKAGE_GROUP,
  ModelPackageConflictError,
  ModelPackageNotFoundError,
  RegistryCorruptError,
  type ApprovalStatus,
  type Decision,
  type DecisionRequest,
  type DecisionStatus,
  type ModelPackage,
  type ModelRegistry,
  type NewModelPackage,
  type RegisteredPackage,
} from './registry/model-registry.js';
export { StoreModelRegistry, packageKey } from './registry/store-registry.js';
export { SageMakerModelRegistry, type SageMakerRegistryOptions } from './registry/sagemaker-registry.js';
export {
  NotApprovedError,
  deploymentRecordKey,
  readDeploymentRecord,
  recordDeployment,
  type DeploymentRecord,
} from './registry/deployment.js';
export {
  PipelineDefinitionError,
  dependenciesOf,
  orderSteps,
  readJsonPath,
  resolveParameters,
  type ConditionExpression,
  type ConditionStep,
  type FailStep,
  type InputSource,
  type JobStep,
  type Operand,
  type ParameterDefinition,
  type ParameterType,
  type ParameterValue,
  type PipelineDefinition,
  type PropertyFile,
  type PropertyFileValue,
  type RegisterModelStep,
  type StepDefinition,
} from './pipeline/definition.js';
export { digestDirectory, digestOfFiles } from './pipeline/directory-hash.js';
export {
  EVALUATION_PROPERTY_FILE,
  MSE_JSON_PATH,
  STEP,
  STEP_COMMAND,
  powercastParameters,
  powercastPipeline,
} from './pipeline/powercast-pipeline.js';
export { RunRecordError, parseRunRecord, readRunRecord } from './pipeline/run-record.js';
export {
  newRunId,
  runPipeline,
  type JobImplementation,
  type RegisterContext,
  type RegisterImplementation,
  type RunPipelineOptions,
  type StepContext,
  type StepImplementations,
} from './pipeline/runner.js';
export { codeVersionOf } from './steps/code-version.js';
export {
  DAILY_CSV,
  DAILY_JSON,
  HISTORY_JSON,
  StepInputError,
  demandHistory,
  readDailyTable,
  writeDailyTable,
} from './steps/daily-table.js';
export {
  EmptyDatasetError,
  FEATURE_SPEC_FILE,
  evaluateModel,
  loadData,
  modelArtifactPath,
  powercastJobs,
  preprocessData,
  trainModel,
  visualizeResults,
  type JobContext,
} from './steps/job-steps.js';
export { registerInto } from './steps/register-step.js';
export {
  StepParameterError,
  featureConfigFrom,
  hyperparametersFrom,
  joinModeFrom,
  splitRuleFrom,
  type SplitRule,
} from './steps/step-settings.js';
export {
  PIPELINE_DEFINITION_VERSION,
  PROCESSING_INPUT_ROOT,
  PROCESSING_OUTPUT_ROOT,
  compilePipeline,
  type CompileOptions,
  type CompiledPipeline,
  type CompiledStep,
  type ConditionArguments,
  type FailArguments,
  type ProcessingArguments,
  type RegisterModelArguments,
  type TrainingArguments,
} from './sagemaker/compile.js';
export {
  get,
  join,
  jsonGet,
  modelArtifactsUri,
  parameter,
  processingOutputUri,
  type GetExpression,
  type JoinExpression,
  type JsonGetExpression,
  type PipelineExpression,
  type WithExpressions,
} from './sagemaker/expressions.js';
export {
  SageMakerPipelineClient,
  SageMakerPipelineError,
  type PipelineExecutionStatus,
  type RetryOptions,
} from './sagemaker/pipeline-client.js';
export * from './approval/index.js';
