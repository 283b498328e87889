import { STEP, type PowercastConfig } from '@powercast/aws-pipeline';

import type { EnvironmentConfig } from '../config/environment-config.js';
import { deploymentNamePattern, type ApprovalHandlerName, type ResourceNames } from '@powercast/contracts';
import type { Arns } from '../iam/arns.js';
import { passRoleStatement, type PolicyStatement } from '../iam/policy-document.js';
import type { DataBucket } from './data-bucket.js';

/**
 * What each approval Lambda needs: the environment variables apps/approval reads
 * (config/lambda-settings.ts) and exactly the AWS calls its handler makes, on exactly the
 * resources it touches. One table, so the handler code and the IAM policy are reviewed side by side.
 */
export interface ApprovalFunctionSpec {
  description: string;
  environment: Record<string, string>;
  statements: PolicyStatement[];
}

export interface ApprovalSpecContext {
  config: EnvironmentConfig;
  /** powercast.config.yaml: the approval email compares metrics with its mse_threshold. */
  pipelineConfig: PowercastConfig;
  names: ResourceNames;
  arns: Arns;
  dataBucket: DataBucket;
  /** The role the deployer hands to SageMaker for the model. */
  executionRoleArn: string;
  sesIdentityArn: string;
  alertTopicArn: string;
  /** The public approval link (API Gateway URL + `/approval`). */
  approvalUrl: string;
}

/**
 * What the deployer (apps/approval aws/sagemaker-deployer.ts) may create: endpoint configs and
 * models both named `<endpoint>-v<version>-<timestamp>` (the contract in @powercast/contracts). The
 * endpoint name carries the environment, so neither pattern reaches the other environment's.
 */
export function deploymentNamePatterns(config: EnvironmentConfig): { endpointConfig: string; model: string } {
  const pattern = deploymentNamePattern(config.endpoint.name);
  return { endpointConfig: pattern, model: pattern };
}

export function approvalFunctionSpecs(context: ApprovalSpecContext): Record<ApprovalHandlerName, ApprovalFunctionSpec> {
  const { config, names, arns, dataBucket } = context;
  const { parameters } = names;
  const patterns = deploymentNamePatterns(config);
  const packagesInGroup = arns.modelPackagesInGroup(config.modelPackageGroupName);
  const endpointArn = arns.sagemaker(`endpoint/${config.endpoint.name}`);
  const endpointConfigsArn = arns.sagemaker(`endpoint-config/${patterns.endpointConfig}`);
  const modelsArn = arns.sagemaker(`model/${patterns.model}`);
  const parameterArn = (name: string): string => arns.ssmParameter(name);

  const common = {
    POWERCAST_ENV: config.environment,
    MODEL_PACKAGE_GROUP: config.modelPackageGroupName,
    NODE_OPTIONS: '--enable-source-maps',
  };
  const deployment = {
    ENDPOINT_NAME: config.endpoint.name,
    SAGEMAKER_EXECUTION_ROLE_ARN: context.executionRoleArn,
    SERVERLESS_MEMORY_SIZE_MB: String(config.endpoint.memorySizeMb),
    SERVERLESS_MAX_CONCURRENCY: String(config.endpoint.maxConcurrency),
    ENDPOINT_CONFIGS_TO_KEEP: String(config.endpoint.configsToKeep),
  };
  /** The serverless deployer: decide runs it in-process, deploy on direct invocation. */
  const deploymentStatements: PolicyStatement[] = [
    {
      // CreateModel carries tags, which SageMaker authorises as AddTags on the new model.
      Sid: 'CreateModelFromPackage',
      Effect: 'Allow',
      Action: ['sagemaker:CreateModel', 'sagemaker:AddTags'],
      Resource: [modelsArn],
    },
    {
      Sid: 'ManageEndpointConfigs',
      Effect: 'Allow',
      Action: ['sagemaker:CreateEndpointConfig', 'sagemaker:DeleteEndpointConfig'],
      Resource: [endpointConfigsArn],
    },
    {
      // Creating or updating an endpoint is authorised on both the endpoint and its config.
      Sid: 'ManageOwnEndpoint',
      Effect: 'Allow',
      Action: ['sagemaker:CreateEndpoint', 'sagemaker:UpdateEndpoint', 'sagemaker:DescribeEndpoint'],
      Resource: [endpointArn, endpointConfigsArn],
    },
    {
      // List* calls have no resource-level permissions: AWS requires "*".
      Sid: 'FindOldEndpointConfigs',
      Effect: 'Allow',
      Action: ['sagemaker:ListEndpointConfigs'],
      Resource: ['*'],
    },
    passRoleStatement('PassExecutionRoleToModel', context.executionRoleArn, 'sagemaker.amazonaws.com'),
  ];
  const { pipeline, models } = config.storage.prefixes;

  return {
    notifyApprover: {
      description: 'Emails the approver signed Approve/Reject links when a model package awaits approval',
      environment: {
        ...common,
        APPROVAL_URL: context.approvalUrl,
        APPROVER_EMAILS: config.approverEmail,
        SENDER_EMAIL: config.approverEmail,
        APPROVAL_SECRET_PARAMETER: parameters.approvalSecret,
        TOKEN_TTL_HOURS: String(config.approvalTokenTtlHours),
        MSE_THRESHOLD: String(context.pipelineConfig.mse_threshold),
      },
      statements: [
        {
          Sid: 'ReadPendingPackage',
          Effect: 'Allow',
          Action: ['sagemaker:DescribeModelPackage'],
          Resource: [packagesInGroup],
        },
        // SecureString under the AWS-managed aws/ssm key, whose key policy already admits the account's principals via SSM: no kms grant.
        {
          Sid: 'ReadSigningSecret',
          Effect: 'Allow',
          Action: ['ssm:GetParameter'],
          Resource: [parameterArn(parameters.approvalSecret)],
        },
        {
          // Create-only marker per notified version (PutParameter Overwrite=false) so duplicate SageMaker events send one email;
          // deleted again when sending fails so that the retry sends. Never read: no GetParameter.
          Sid: 'MarkVersionNotified',
          Effect: 'Allow',
          Action: ['ssm:PutParameter', 'ssm:DeleteParameter'],
          Resource: [parameterArn(`${parameters.notifiedMarkerPrefix}*`)],
        },
        {
          // ListObjectsV2 finds the charts under the package's charts prefix.
          Sid: 'ListCharts',
          Effect: 'Allow',
          Action: ['s3:ListBucket'],
          Resource: [dataBucket.bucket.arn],
          Condition: { StringLike: { 's3:prefix': [`${pipeline}*`, `${models}*`] } },
        },
        {
          // evaluation.json is read; chart links are presigned with this role's credentials.
          Sid: 'ReadEvaluationAndCharts',
          Effect: 'Allow',
          Action: ['s3:GetObject'],
          Resource: [dataBucket.objectsArn(pipeline), dataBucket.objectsArn(models)],
        },
        ...dataBucket.kmsStatements('DecryptEvidence', ['kms:Decrypt']),
        { Sid: 'SendApprovalEmail', Effect: 'Allow', Action: ['ses:SendEmail'], Resource: [context.sesIdentityArn] },
      ],
    },
    decide: {
      description: 'Approval link: verifies the signed token, approves or rejects the package, starts the deployment',
      // TOKEN_TTL_HOURS: the lifetime notifyApprover signs is the longest decide accepts.
      environment: {
        ...common,
        ...deployment,
        APPROVAL_SECRET_PARAMETER: parameters.approvalSecret,
        TOKEN_TTL_HOURS: String(config.approvalTokenTtlHours),
      },
      statements: [
        {
          Sid: 'DecideOnOwnPackages',
          Effect: 'Allow',
          Action: ['sagemaker:DescribeModelPackage', 'sagemaker:UpdateModelPackage'],
          Resource: [packagesInGroup],
        },
        {
          Sid: 'ReadSecretAndLastDeployed',
          Effect: 'Allow',
          Action: ['ssm:GetParameter'],
          Resource: [parameters.approvalSecret, parameters.lastDeployed].map(parameterArn),
        },
        {
          Sid: 'RecordApproval',
          Effect: 'Allow',
          Action: ['ssm:PutParameter'],
          Resource: [parameterArn(parameters.approved)],
        },
        {
          // Create-only marker per decided version (PutParameter Overwrite=false): of two concurrent decisions
          // exactly one updates the package; the loser reads the winner. Deleted when the update fails.
          Sid: 'DecideOncePerVersion',
          Effect: 'Allow',
          Action: ['ssm:PutParameter', 'ssm:GetParameter', 'ssm:DeleteParameter'],
          Resource: [parameterArn(`${parameters.decidedMarkerPrefix}*`)],
        },
        // The confirmation page shows the package's evidence: its evaluation.json and presigned links to its
        // charts, both where the compiled pipeline keeps what a package names (models/<execution>/<step>/<output>/).
        // Listing is limited to the charts folders; reading to models/ (the policy walk allows no wildcard
        // mid-ARN), not pipeline/ intermediates, unlike notifyApprover.
        {
          Sid: 'ListPackageCharts',
          Effect: 'Allow',
          Action: ['s3:ListBucket'],
          Resource: [dataBucket.bucket.arn],
          Condition: { StringLike: { 's3:prefix': [`${models}*/${STEP.visualizeResults}/charts*`] } },
        },
        {
          Sid: 'ReadPackageEvidence',
          Effect: 'Allow',
          Action: ['s3:GetObject'],
          Resource: [dataBucket.objectsArn(models)],
        },
        ...dataBucket.kmsStatements('DecryptPackageEvidence', ['kms:Decrypt']),
        ...deploymentStatements,
      ],
    },
    deploy: {
      description: 'Deploys an approved model package to the serverless endpoint (direct invocation)',
      environment: { ...common, ...deployment },
      statements: [
        {
          Sid: 'ReadApprovedPackage',
          Effect: 'Allow',
          Action: ['sagemaker:DescribeModelPackage'],
          Resource: [packagesInGroup],
        },
        ...deploymentStatements,
      ],
    },
    recordDeployment: {
      description: 'Records the deployed model package when the endpoint is InService; alerts when it failed',
      environment: { ...common, ENDPOINT_NAME: config.endpoint.name, FAILURE_TOPIC_ARN: context.alertTopicArn },
      statements: [
        // Endpoint config → its model → the package the model was created from.
        {
          Sid: 'ReadServedEndpointConfig',
          Effect: 'Allow',
          Action: ['sagemaker:DescribeEndpointConfig'],
          Resource: [endpointConfigsArn],
        },
        { Sid: 'ReadServedModel', Effect: 'Allow', Action: ['sagemaker:DescribeModel'], Resource: [modelsArn] },
        {
          Sid: 'RecordDeployment',
          Effect: 'Allow',
          Action: ['ssm:PutParameter'],
          Resource: [parameters.lastDeployed, parameters.currentEndpoint].map(parameterArn),
        },
        { Sid: 'AlertOnFailure', Effect: 'Allow', Action: ['sns:Publish'], Resource: [context.alertTopicArn] },
      ],
    },
  };
}
