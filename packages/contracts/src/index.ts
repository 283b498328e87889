export { datasetFingerprint, type FingerprintTable } from './dataset-fingerprint.js';
export {
  approvalBundleFileName,
  approvalHandlerNames,
  approvalHandlers,
  type ApprovalHandlerName,
  type ApprovalHandlerStem,
} from './approval-handlers.js';
export {
  EVALUATION_FILE,
  FEATURES_FILE,
  METRICS_FILE,
  MODEL_FILE,
  MODEL_TARBALL,
  PREDICTIONS_FILE,
  QUALITY_CHART,
  QUALITY_FILE,
} from './artifact-files.js';
export { parameterNames, type ParameterNames } from './parameter-names.js';
export {
  DEFAULT_NAME_PREFIX,
  defaultBucketName,
  defaultEndpointName,
  deploymentNamePattern,
  deploymentNamePrefix,
  resourceNames,
  type ResourceNames,
  type ResourceNaming,
} from './resource-names.js';
export {
  runRecordKey,
  type ArtifactRecord,
  type ConditionResult,
  type FailResult,
  type FileDigest,
  type ModelApprovalStatus,
  type RegisterModelResult,
  type RunParameterValue,
  type RunRecord,
  type RunStatus,
  type StepRecord,
  type StepRecordOf,
  type StepResults,
  type StepStatus,
  type StepType,
} from './run-record.js';
export { isUserInputError, UserInputError } from './user-input-error.js';
export {
  LEDGER_CSV_COLUMNS,
  type LedgerForecast,
  type LedgerKey,
  type LedgerRow,
  type LedgerScore,
} from './ledger-record.js';
