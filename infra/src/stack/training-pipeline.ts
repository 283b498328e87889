import type { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository/index.js';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { SagemakerPipeline } from '@cdktf/provider-aws/lib/sagemaker-pipeline/index.js';
import type { SagemakerModelPackageGroup } from '@cdktf/provider-aws/lib/sagemaker-model-package-group/index.js';
import { Construct } from 'constructs';

import type { EnvironmentConfig } from '../config/environment-config.js';
import type { ResourceNames } from '../config/resource-names.js';
import type { Arns } from '../iam/arns.js';
import type { DataBucket } from './data-bucket.js';

/** What the pipeline compiler needs from the stack; role and image are Terraform tokens. */
export interface PipelineDefinitionInputs {
  config: EnvironmentConfig;
  bucketName: string;
  roleArn: string;
  imageUri: string;
}

/** Produces the SageMaker Pipelines definition JSON (the one compiler of @powercast/aws-pipeline). */
export type PipelineDefinitionSource = (inputs: PipelineDefinitionInputs) => string;

export interface TrainingPipelineProps {
  config: EnvironmentConfig;
  names: ResourceNames;
  arns: Arns;
  dataBucket: DataBucket;
  executionRole: IamRole;
  trainerRepository: EcrRepository;
  packageGroup: SagemakerModelPackageGroup;
  definition: PipelineDefinitionSource;
}

/** The SageMaker pipeline, its definition compiled at synthesis from the shared pipeline data. */
export class TrainingPipeline extends Construct {
  readonly pipeline: SagemakerPipeline;
  readonly inputs: PipelineDefinitionInputs;

  constructor(scope: Construct, id: string, props: TrainingPipelineProps) {
    super(scope, id);
    const { config } = props;
    this.inputs = {
      config,
      bucketName: props.names.bucket,
      roleArn: props.executionRole.arn,
      imageUri: `${props.trainerRepository.repositoryUrl}:${config.imageTag}`,
    };
    this.pipeline = new SagemakerPipeline(this, 'pipeline', {
      pipelineName: config.pipelineName,
      pipelineDisplayName: config.pipelineName,
      pipelineDescription: `Powercast training pipeline (${config.environment})`,
      roleArn: props.executionRole.arn,
      pipelineDefinition: props.definition(this.inputs),
      // Registering needs the group to exist first.
      dependsOn: [props.packageGroup, props.dataBucket.bucket],
    });
  }

  get arn(): string {
    return this.pipeline.arn;
  }
}
