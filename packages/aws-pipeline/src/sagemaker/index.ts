// `@powercast/aws-pipeline/sagemaker`: compile the pipeline definition for SageMaker Pipelines,
// drive executions, and the SageMaker Model Registry. Loads @aws-sdk/client-sagemaker.
export {
  DEPLOYED_MODEL_ENV,
  PIPELINE_DEFINITION_VERSION,
  compilePipeline,
  type CompileOptions,
  type CompiledPipeline,
  type CompiledStep,
} from './compile.js';
export {
  SageMakerPipelineClient,
  SageMakerPipelineError,
  type PipelineExecutionStatus,
  type RetryOptions,
} from './pipeline-client.js';
export { SageMakerModelRegistry, type SageMakerRegistryOptions } from '../registry/sagemaker-registry.js';
export { sageMakerDeployedModels, type SageMakerDeployedModelsOptions } from './deployed-model-source.js';
