import { assertPinnedImage } from '../registry/pinned-image.js';
import type {
  CreateModelPackageInput,
  CreateProcessingJobRequest,
  CreateTrainingJobRequest,
  ProcessingInstanceType,
  ProductionVariantInstanceType,
  TrainingInstanceType,
  TransformInstanceType,
} from '@aws-sdk/client-sagemaker';
import { EVALUATION_FILE, parameterNames } from '@powercast/contracts';
import type { AwsConfig } from '../config/schema.js';
import {
  orderSteps,
  type ConditionStep,
  type InputSource,
  type JobStep,
  type Operand,
  type ParameterDefinition,
  type PipelineDefinition,
  type RegisterModelStep,
  type StepDefinition,
} from '../pipeline/definition.js';
import {
  get,
  join,
  jsonGet,
  modelArtifactsUri,
  parameter,
  processingOutputUri,
  type PipelineExpression,
  type WithExpressions,
} from './expressions.js';

export const PIPELINE_DEFINITION_VERSION = '2020-12-01';
/** Processing jobs read inputs here and write outputs here (apps/trainer `step` uses the same paths). */
export const PROCESSING_INPUT_ROOT = '/opt/ml/processing/input';
export const PROCESSING_OUTPUT_ROOT = '/opt/ml/processing/output';

/**
 * What a job that reads outside its inputs (EvaluateModel: the deployed model) is told in its environment:
 * `trainer step` gives it the SageMaker registry, SSM `last_deployed` and S3 to find and read that model.
 */
export const DEPLOYED_MODEL_ENV = {
  registry: 'POWERCAST_REGISTRY',
  lastDeployedParameter: 'POWERCAST_LAST_DEPLOYED_PARAMETER',
  region: 'POWERCAST_AWS_REGION',
} as const;

/** Arguments of each step type, typed as the SageMaker API requests they become (name fields are SageMaker's). */
export type ProcessingArguments = WithExpressions<Omit<CreateProcessingJobRequest, 'ProcessingJobName'>>;
export type TrainingArguments = WithExpressions<Omit<CreateTrainingJobRequest, 'TrainingJobName'>>;
/** No ModelPackageName: the service rejects it inside a pipeline (sagemaker-python-sdk PR #3472). */
export type RegisterModelArguments = WithExpressions<Omit<CreateModelPackageInput, 'ModelPackageName'>>;

export interface CompiledStep {
  Name: string;
  Type: 'Processing' | 'Training' | 'Condition' | 'RegisterModel' | 'Fail';
  Description?: string;
  DependsOn?: string[];
  Arguments: ProcessingArguments | TrainingArguments | RegisterModelArguments | ConditionArguments | FailArguments;
  CacheConfig?: { Enabled: boolean; ExpireAfter: string };
  PropertyFiles?: { PropertyFileName: string; OutputName: string; FilePath: string }[];
}

export interface ConditionArguments {
  Conditions: { Type: 'LessThanOrEqualTo'; LeftValue: ValueOrExpression; RightValue: ValueOrExpression }[];
  IfSteps: CompiledStep[];
  ElseSteps: CompiledStep[];
}
export interface FailArguments {
  ErrorMessage: string | PipelineExpression;
}
type ValueOrExpression = string | number | PipelineExpression;

export interface CompiledPipeline {
  Version: typeof PIPELINE_DEFINITION_VERSION;
  Metadata: Record<string, string>;
  Parameters: { Name: string; Type: ParameterDefinition['type']; DefaultValue: string | number }[];
  PipelineExperimentConfig: { ExperimentName: PipelineExpression; TrialName: PipelineExpression };
  Steps: CompiledStep[];
}

export interface CompileOptions {
  aws: AwsConfig;
  /** Days SageMaker reuses a step result with the same inputs (its step caching). */
  cacheExpireAfterDays?: number;
  maxRuntimeSeconds?: number;
  volumeSizeGb?: number;
}

/**
 * Compiles the pipeline definition to SageMaker Pipelines JSON. Steps a Condition gates are
 * nested in its IfSteps/ElseSteps (as the SDK does) instead of listed at the top level.
 * Step intermediates go to s3://<bucket>/pipeline/<execution>/…; everything a registered package
 * points at (model.tar.gz, evaluation.json, charts) goes under s3://<bucket>/models/ (kept, not expired).
 */
export function compilePipeline(pipeline: PipelineDefinition, options: CompileOptions): CompiledPipeline {
  const ordered = orderSteps(pipeline);
  const byName = new Map(ordered.map((step) => [step.name, step]));
  const gated = new Set(
    ordered.flatMap((step) => (step.type === 'Condition' ? [...step.ifSteps, ...step.elseSteps] : [])),
  );
  const compileStep = (step: StepDefinition): CompiledStep => {
    switch (step.type) {
      case 'Processing':
        return processingStep(step, pipeline, options);
      case 'Training':
        return trainingStep(step, pipeline, options);
      case 'RegisterModel':
        return registerModelStep(step, pipeline, options);
      case 'Fail':
        return {
          Name: step.name,
          Type: 'Fail',
          Description: step.description,
          Arguments: { ErrorMessage: join('', step.errorMessage.map(operand)) },
        };
      case 'Condition':
        return conditionStep(step, (name) => compileStep(byName.get(name)!));
    }
  };
  return {
    Version: PIPELINE_DEFINITION_VERSION,
    Metadata: {},
    Parameters: pipeline.parameters.map((definition) => ({
      Name: definition.name,
      Type: definition.type,
      DefaultValue: definition.defaultValue,
    })),
    PipelineExperimentConfig: {
      ExperimentName: get('Execution.PipelineName'),
      TrialName: get('Execution.PipelineExecutionId'),
    },
    Steps: ordered.filter((step) => !gated.has(step.name)).map(compileStep),
  };
}

function cacheConfig(options: CompileOptions): { Enabled: boolean; ExpireAfter: string } {
  return { Enabled: true, ExpireAfter: `P${options.cacheExpireAfterDays ?? 30}D` };
}

/** Container arguments and hyperparameters are strings: non-string parameters go through Std:Join. */
function parameterAsString(pipeline: PipelineDefinition, name: string): PipelineExpression {
  const definition = pipeline.parameters.find((candidate) => candidate.name === name);
  return definition?.type === 'String' ? parameter(name) : join('', [parameter(name)]);
}

function inputUri(source: InputSource, pipeline: PipelineDefinition): PipelineExpression {
  if (source.from === 'parameter') return parameter(source.parameter);
  const producer = pipeline.steps.find((step) => step.name === source.step);
  return producer?.type === 'Training'
    ? modelArtifactsUri(source.step)
    : processingOutputUri(source.step, source.output);
}

/** Outputs a registered package points at live under models/; the rest under pipeline/. */
function outputUri(
  step: JobStep,
  output: string,
  pipeline: PipelineDefinition,
  options: CompileOptions,
): PipelineExpression {
  const kept = pipeline.steps.some(
    (other) =>
      other.type === 'RegisterModel' &&
      Object.values(other.inputs).some(
        (source) => source.from === 'step' && source.step === step.name && source.output === output,
      ),
  );
  return join('/', [
    `s3://${options.aws.bucket}`,
    kept ? 'models' : 'pipeline',
    get('Execution.PipelineExecutionId'),
    step.name,
    output,
  ]);
}

function processingStep(step: JobStep, pipeline: PipelineDefinition, options: CompileOptions): CompiledStep {
  const { aws } = options;
  const args: ProcessingArguments = {
    ProcessingResources: {
      ClusterConfig: {
        InstanceType: aws.processing_instance_type as ProcessingInstanceType,
        InstanceCount: aws.instance_count,
        VolumeSizeInGB: options.volumeSizeGb ?? 30,
      },
    },
    AppSpecification: {
      ImageUri: aws.image_uri,
      ContainerArguments: [
        step.command,
        ...step.parameters.flatMap((name) => [`--${name}`, parameterAsString(pipeline, name)]),
      ],
    },
    RoleArn: aws.sagemaker_role_arn,
    ...(step.readsOutside === undefined
      ? {}
      : {
          Environment: {
            [DEPLOYED_MODEL_ENV.registry]: 'sagemaker',
            [DEPLOYED_MODEL_ENV.lastDeployedParameter]: parameterNames(aws.environment).lastDeployed,
            [DEPLOYED_MODEL_ENV.region]: aws.region,
          },
        }),
    ProcessingInputs: Object.entries(step.inputs).map(([name, source]) => ({
      InputName: name,
      S3Input: {
        S3Uri: inputUri(source, pipeline),
        LocalPath: `${PROCESSING_INPUT_ROOT}/${name}`,
        S3DataType: 'S3Prefix',
        S3InputMode: 'File',
        S3DataDistributionType: 'FullyReplicated',
        S3CompressionType: 'None',
      },
    })),
    ProcessingOutputConfig: {
      Outputs: step.outputs.map((name) => ({
        OutputName: name,
        S3Output: {
          S3Uri: outputUri(step, name, pipeline, options),
          LocalPath: `${PROCESSING_OUTPUT_ROOT}/${name}`,
          S3UploadMode: 'EndOfJob',
        },
      })),
    },
    StoppingCondition: { MaxRuntimeInSeconds: options.maxRuntimeSeconds ?? 3600 },
  };
  return {
    Name: step.name,
    Type: 'Processing',
    Description: step.description,
    Arguments: args,
    // A result that depends on something outside the inputs (the deployed model) must not be reused.
    ...(step.readsOutside === undefined ? { CacheConfig: cacheConfig(options) } : {}),
    ...(step.propertyFiles.length === 0
      ? {}
      : {
          PropertyFiles: step.propertyFiles.map((file) => ({
            PropertyFileName: file.name,
            OutputName: file.output,
            FilePath: file.path,
          })),
        }),
  };
}

function trainingStep(step: JobStep, pipeline: PipelineDefinition, options: CompileOptions): CompiledStep {
  const { aws } = options;
  const args: TrainingArguments = {
    // The image's ENTRYPOINT is `trainer step`; SageMaker appends "train".
    AlgorithmSpecification: { TrainingImage: aws.image_uri, TrainingInputMode: 'File' },
    RoleArn: aws.sagemaker_role_arn,
    OutputDataConfig: { S3OutputPath: `s3://${aws.bucket}/models` },
    ResourceConfig: {
      InstanceType: aws.training_instance_type as TrainingInstanceType,
      InstanceCount: aws.instance_count,
      VolumeSizeInGB: options.volumeSizeGb ?? 30,
    },
    StoppingCondition: { MaxRuntimeInSeconds: options.maxRuntimeSeconds ?? 3600 },
    HyperParameters: Object.fromEntries(step.parameters.map((name) => [name, parameterAsString(pipeline, name)])),
    InputDataConfig: Object.entries(step.inputs).map(([channel, source]) => ({
      ChannelName: channel,
      DataSource: {
        S3DataSource: {
          S3DataType: 'S3Prefix',
          S3Uri: inputUri(source, pipeline),
          S3DataDistributionType: 'FullyReplicated',
        },
      },
      InputMode: 'File',
    })),
  };
  return {
    Name: step.name,
    Type: 'Training',
    Description: step.description,
    Arguments: args,
    CacheConfig: cacheConfig(options),
  };
}

function registerModelStep(
  step: RegisterModelStep,
  pipeline: PipelineDefinition,
  options: CompileOptions,
): CompiledStep {
  const { aws } = options;
  // The package is what gets approved and deployed: it must name exactly one serving image.
  assertPinnedImage(aws.inference_image_uri, 'aws.inference_image_uri');
  const source = (name: string): PipelineExpression => inputUri(step.inputs[name]!, pipeline);
  const args: RegisterModelArguments = {
    ModelPackageGroupName: parameter('model_package_group'),
    // The champion/challenger reason (RegisterRejected: why it was not offered for approval).
    ModelPackageDescription: join('', step.packageDescription.map(operand)),
    ModelApprovalStatus: step.approvalStatus,
    InferenceSpecification: {
      Containers: [{ Image: aws.inference_image_uri, ModelDataUrl: source(step.modelInput) }],
      SupportedContentTypes: ['application/json', 'text/csv'],
      SupportedResponseMIMETypes: ['application/json', 'text/csv'],
      SupportedRealtimeInferenceInstanceTypes: [aws.inference_instance_type as ProductionVariantInstanceType],
      SupportedTransformInstanceTypes: [aws.processing_instance_type as TransformInstanceType],
    },
    ModelMetrics: {
      ModelQuality: {
        Statistics: {
          ContentType: 'application/json',
          S3Uri: join('/', [source(step.evaluationInput), EVALUATION_FILE]),
        },
      },
    },
    CustomerMetadataProperties: { charts_s3_uri: source(step.chartsInput) },
  };
  return { Name: step.name, Type: 'RegisterModel', Description: step.description, Arguments: args };
}

function conditionStep(step: ConditionStep, compileNested: (name: string) => CompiledStep): CompiledStep {
  return {
    Name: step.name,
    Type: 'Condition',
    Description: step.description,
    Arguments: {
      Conditions: [
        {
          Type: step.condition.type,
          LeftValue: operand(step.condition.left),
          RightValue: operand(step.condition.right),
        },
      ],
      IfSteps: step.ifSteps.map(compileNested),
      ElseSteps: step.elseSteps.map(compileNested),
    },
  };
}

function operand(value: Operand): ValueOrExpression {
  if ('literal' in value) return value.literal;
  if ('parameter' in value) return parameter(value.parameter);
  const { step, propertyFile, jsonPath } = value.propertyFileValue;
  return jsonGet(step, propertyFile, jsonPath);
}
