// The public API of @powercast/aws-pipeline: the configuration, the pipeline as data, reading run records,
// the artifact store, the model registry and deployment records. Running the pipeline on this
// machine is `@powercast/aws-pipeline/local`, compiling and driving it on SageMaker
// `@powercast/aws-pipeline/sagemaker`, the approval flow `@powercast/aws-pipeline/approval`.
export { CONFIG_FILE_NAME, ConfigError, loadConfig, parseConfig } from './config/load-config.js';
export type { PowercastConfig } from './config/schema.js';
export {
  PipelineDefinitionError,
  resolveParameters,
  type JobStep,
  type ParameterValue,
  type PipelineDefinition,
  type StepDefinition,
} from './pipeline/definition.js';
export { STEP, STEP_COMMAND, powercastPipeline } from './pipeline/powercast-pipeline.js';
export { RunRecordError, parseRunRecord, readRunRecord } from './pipeline/run-record.js';
export { contentHash, type ArtifactStore, type WriteOptions } from './store/artifact-store.js';
export {
  ArtifactIntegrityError,
  ArtifactNotFoundError,
  ArtifactStoreError,
  InvalidArtifactKeyError,
  InvalidStoreUriError,
} from './store/errors.js';
export { LocalArtifactStore } from './store/local-store.js';
export { openArtifactStore, type OpenArtifactStoreOptions } from './store/open-store.js';
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
} from './registry/model-registry.js';
export { StoreModelRegistry } from './registry/store-registry.js';
export {
  NotApprovedError,
  readDeploymentRecord,
  recordDeployment,
  type DeploymentRecord,
} from './registry/deployment.js';
export {
  LOCAL_ENDPOINT_NAME,
  LocalApprovalRegistry,
  LocalDeployer,
  StoreParameterStore,
  localDecisionPorts,
  localParameterNames,
  parseLocalPackageId,
} from './registry/local-decision.js';
