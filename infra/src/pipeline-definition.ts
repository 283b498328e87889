import { powercastPipeline, type PowercastConfig } from '@powercast/aws-pipeline';
import { compilePipeline, type CompiledPipeline } from '@powercast/aws-pipeline/sagemaker';

import type { EnvironmentConfig } from './config/environment-config.js';

/** What the stack contributes to the pipeline; ARNs and image URIs are Terraform references. */
export interface PipelineStackInputs {
  config: EnvironmentConfig;
  bucketName: string;
  roleArn: string;
  trainerImageUri: string;
  predictApiImageUri: string;
}

/**
 * powercast.config.yaml with the `aws` section and registry group this environment's stack
 * decides: its bucket, pipeline, group, role and images. Everything else (split, features,
 * hyperparameters, mse_threshold, instance types) stays as the trainer reads it.
 */
export function stackPipelineConfig(pipelineConfig: PowercastConfig, inputs: PipelineStackInputs): PowercastConfig {
  const { config } = inputs;
  return {
    ...pipelineConfig,
    registry_group: config.modelPackageGroupName,
    aws: {
      ...pipelineConfig.aws,
      region: config.region,
      environment: config.environment,
      bucket: inputs.bucketName,
      pipeline_name: config.pipelineName,
      sagemaker_role_arn: inputs.roleArn,
      image_uri: inputs.trainerImageUri,
      inference_image_uri: inputs.predictApiImageUri,
    },
  };
}

/**
 * The SageMaker Pipelines definition of the stack: the one compiler of @powercast/aws-pipeline,
 * called exactly as `npx nx run trainer:sagemaker -- compile` calls it (raw data under
 * `s3://<bucket>/data`), on the stack's settings.
 */
export function compileStackPipeline(pipelineConfig: PowercastConfig, inputs: PipelineStackInputs): CompiledPipeline {
  const settings = stackPipelineConfig(pipelineConfig, inputs);
  const dataPrefix = inputs.config.storage.prefixes.data.replace(/\/$/, '');
  return compilePipeline(powercastPipeline(settings, `s3://${settings.aws.bucket}/${dataPrefix}`), {
    aws: settings.aws,
  });
}
