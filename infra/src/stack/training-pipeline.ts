import { DataAwsEcrImage } from '@cdktf/provider-aws/lib/data-aws-ecr-image/index.js';
import type { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository/index.js';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { SagemakerPipeline } from '@cdktf/provider-aws/lib/sagemaker-pipeline/index.js';
import type { SagemakerModelPackageGroup } from '@cdktf/provider-aws/lib/sagemaker-model-package-group/index.js';
import type { PowercastConfig } from '@powercast/aws-pipeline';
import { Construct } from 'constructs';

import type { EnvironmentConfig } from '../config/environment-config.js';
import type { ResourceNames } from '@powercast/contracts';
import { compileStackPipeline, type PipelineStackInputs } from '../pipeline-definition.js';
import type { DataBucket } from './data-bucket.js';

export interface TrainingPipelineProps {
  config: EnvironmentConfig;
  pipelineConfig: PowercastConfig;
  names: ResourceNames;
  dataBucket: DataBucket;
  executionRole: IamRole;
  trainerRepository: EcrRepository;
  predictApiRepository: EcrRepository;
  packageGroup: SagemakerModelPackageGroup;
}

/** The SageMaker pipeline; its definition is compiled at synthesis from the shared pipeline data. */
export class TrainingPipeline extends Construct {
  readonly pipeline: SagemakerPipeline;
  readonly inputs: PipelineStackInputs;

  constructor(scope: Construct, id: string, props: TrainingPipelineProps) {
    super(scope, id);
    const { config } = props;
    this.inputs = {
      config,
      bucketName: props.names.bucket,
      roleArn: props.executionRole.arn,
      trainerImageUri: this.pinnedImage('trainer', props.trainerRepository, config.imageDigests.trainer),
      predictApiImageUri: this.pinnedImage('predict-api', props.predictApiRepository, config.imageDigests.predictApi),
    };
    this.pipeline = new SagemakerPipeline(this, 'pipeline', {
      pipelineName: config.pipelineName,
      pipelineDisplayName: config.pipelineName,
      pipelineDescription: `Powercast training pipeline (${config.environment})`,
      roleArn: props.executionRole.arn,
      pipelineDefinition: JSON.stringify(compileStackPipeline(props.pipelineConfig, this.inputs)),
      // Registration needs the group, and the steps the bucket.
      dependsOn: [props.packageGroup, props.dataBucket.bucket],
    });
  }

  /** `<repository>@<digest>`: the configured digest, else the newest image's digest resolved at plan time. */
  private pinnedImage(id: string, repository: EcrRepository, digest: string | null): string {
    if (digest !== null) return `${repository.repositoryUrl}@${digest}`;
    const newest = new DataAwsEcrImage(this, `${id}-newest-image`, {
      repositoryName: repository.name,
      mostRecent: true,
    });
    return `${repository.repositoryUrl}@${newest.imageDigest}`;
  }

  get arn(): string {
    return this.pipeline.arn;
  }
}
