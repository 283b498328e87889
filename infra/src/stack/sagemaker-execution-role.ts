import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { Construct } from 'constructs';

import type { EnvironmentConfig } from '../config/environment-config.js';
import type { ResourceNames } from '@powercast/contracts';
import type { Arns } from '../iam/arns.js';
import {
  assumeRolePolicy,
  passRoleStatement,
  policyDocument,
  policyJson,
  type PolicyStatement,
} from '../iam/policy-document.js';
import type { ContainerRepositories } from './container-repositories.js';
import type { DataBucket } from './data-bucket.js';

export interface SagemakerExecutionRoleProps {
  config: EnvironmentConfig;
  names: ResourceNames;
  arns: Arns;
  dataBucket: DataBucket;
  repositories: ContainerRepositories;
}

/** SageMaker names the jobs a pipeline starts `pipelines-<execution>-<step>-<suffix>`. */
const pipelineJobPrefix = 'pipelines-';

/**
 * The role SageMaker assumes for the pipeline, its processing and training jobs, and the
 * serverless endpoint. It reaches only its bucket prefixes, its two ECR repositories, its
 * CloudWatch log groups, its own model package group, and SSM `last_deployed` (EvaluateModel scores
 * the deployed package: its ARN from there, its artifact under `models/`).
 */
export class SagemakerExecutionRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: SagemakerExecutionRoleProps) {
    super(scope, id);
    const { names } = props;
    this.role = new IamRole(this, 'role', {
      name: names.sagemakerExecutionRole,
      description: 'Powercast: SageMaker pipeline, jobs and serverless endpoint',
      assumeRolePolicy: policyJson(assumeRolePolicy('sagemaker.amazonaws.com')),
    });
    new IamRolePolicy(this, 'policy', {
      name: names.sagemakerExecutionRole,
      role: this.role.id,
      policy: policyJson(policyDocument(this.statements(props))),
    });
  }

  private statements({
    config,
    names,
    arns,
    dataBucket,
    repositories,
  }: SagemakerExecutionRoleProps): PolicyStatement[] {
    const { prefixes } = config.storage;
    const group = config.modelPackageGroupName;
    return [
      {
        Sid: 'ListOwnPrefixes',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: [dataBucket.bucket.arn],
        // Also the bare names: the pipeline reads its input as the S3Prefix `s3://<bucket>/data`.
        Condition: {
          StringLike: {
            's3:prefix': [prefixes.data, prefixes.pipeline, prefixes.models].flatMap((prefix) => [
              prefix.slice(0, -1),
              `${prefix}*`,
            ]),
          },
        },
      },
      {
        Sid: 'ReadInputsAndArtifacts',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: [prefixes.data, prefixes.pipeline, prefixes.models].map((prefix) => dataBucket.objectsArn(prefix)),
      },
      {
        Sid: 'WriteStepOutputsAndModels',
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
        Resource: [prefixes.pipeline, prefixes.models].map((prefix) => dataBucket.objectsArn(prefix)),
      },
      ...dataBucket.kmsStatements('UseBucketKey', ['kms:Decrypt', 'kms:GenerateDataKey']),
      {
        Sid: 'PullOwnImages',
        Effect: 'Allow',
        Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
        Resource: repositories.all.map((repository) => repository.arn),
      },
      {
        // ecr:GetAuthorizationToken has no resource-level permissions: AWS requires "*".
        Sid: 'EcrLogin',
        Effect: 'Allow',
        Action: ['ecr:GetAuthorizationToken'],
        Resource: ['*'],
      },
      {
        Sid: 'WriteSagemakerLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: [arns.logGroup('/aws/sagemaker/*')],
      },
      {
        // cloudwatch:PutMetricData has no resource-level permissions: AWS requires "*"; the
        // namespace condition keeps it to SageMaker's own metrics.
        Sid: 'PublishSagemakerMetrics',
        Effect: 'Allow',
        Action: ['cloudwatch:PutMetricData'],
        Resource: ['*'],
        Condition: { StringLike: { 'cloudwatch:namespace': '/aws/sagemaker/*' } },
      },
      {
        Sid: 'RunPipelineJobs',
        Effect: 'Allow',
        Action: [
          'sagemaker:CreateProcessingJob',
          'sagemaker:DescribeProcessingJob',
          'sagemaker:StopProcessingJob',
          'sagemaker:CreateTrainingJob',
          'sagemaker:DescribeTrainingJob',
          'sagemaker:StopTrainingJob',
          'sagemaker:AddTags',
        ],
        Resource: [
          arns.sagemaker(`processing-job/${pipelineJobPrefix}*`),
          arns.sagemaker(`training-job/${pipelineJobPrefix}*`),
        ],
      },
      {
        Sid: 'RegisterModelsInOwnGroup',
        Effect: 'Allow',
        Action: ['sagemaker:CreateModelPackage', 'sagemaker:DescribeModelPackage', 'sagemaker:AddTags'],
        Resource: [arns.modelPackagesInGroup(group)],
      },
      {
        // EvaluateModel's champion: the package recordDeployment wrote as deployed (a package ARN, plain String).
        Sid: 'ReadDeployedMarker',
        Effect: 'Allow',
        Action: ['ssm:GetParameter'],
        Resource: [arns.ssmParameter(names.parameters.lastDeployed)],
      },
      {
        // Nothing deployed yet: the newest Approved package of the group. ListModelPackages has no
        // resource-level permissions (AWS requires "*"); DescribeModelPackage above is limited to the group.
        Sid: 'ListGroupPackages',
        Effect: 'Allow',
        Action: ['sagemaker:ListModelPackages'],
        Resource: ['*'],
      },
      {
        Sid: 'ReadOwnGroup',
        Effect: 'Allow',
        Action: ['sagemaker:DescribeModelPackageGroup'],
        Resource: [arns.sagemaker(`model-package-group/${group}`)],
      },
      // The pipeline hands this same role to the jobs it starts.
      passRoleStatement('PassSelfToSagemakerJobs', this.role.arn, 'sagemaker.amazonaws.com'),
    ];
  }
}
