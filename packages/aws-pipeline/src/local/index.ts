// `@powercast/aws-pipeline/local`: run the pipeline in this process. The local runner and the job
// implementations it calls; the trainer's `step` command runs the same jobs one at a time inside
// the SageMaker containers.
export {
  runPipeline,
  type JobImplementation,
  type RegisterContext,
  type RegisterImplementation,
  type RunPipelineOptions,
  type StepContext,
  type StepImplementations,
} from '../pipeline/runner.js';
export {
  EmptyDatasetError,
  evaluateModel,
  evaluationLines,
  loadData,
  powercastJobs,
  preprocessData,
  type PowercastJobsOptions,
  trainModel,
  visualizeResults,
  type JobContext,
} from '../steps/job-steps.js';
export { StepInputError } from '../steps/daily-table.js';
export { validateData } from '../steps/validate-data.js';
export { registerInto } from '../steps/register-step.js';
export {
  storeDeployedModels,
  type DeployedModelRef,
  type DeployedModelSource,
} from '../steps/deployed-model-source.js';
export { StepParameterError, featureConfigFrom, hyperparametersFrom } from '../steps/step-settings.js';
