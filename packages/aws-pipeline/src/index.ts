export { CONFIG_FILE_NAME, ConfigError, loadConfig, parseConfig } from './config/load-config.js';
export type { AwsConfig, EncoderSettings, HyperparameterSettings, PowercastConfig, SplitConfig } from './config/schema.js';
export { contentHash, getJson, getText, toJsonText, type ArtifactStore } from './store/artifact-store.js';
export { ArtifactNotFoundError, ArtifactStoreError, InvalidArtifactKeyError, InvalidStoreUriError } from './store/errors.js';
export { LocalArtifactStore } from './store/local-store.js';
export { openArtifactStore, parseStoreUri, type OpenArtifactStoreOptions, type ParsedStoreUri } from './store/open-store.js';
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
