import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition/index.js';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { RandomProvider } from '@cdktf/provider-random/lib/provider/index.js';
import type { PowercastConfig } from '@powercast/aws-pipeline';
import { LocalBackend, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';

import type { EnvironmentConfig } from '../config/environment-config.js';
import {
  approvalHandlerNames,
  approvalHandlers,
  type ApprovalHandlerName,
  type ResourceNames,
} from '@powercast/contracts';
import { resourceNames } from '../config/resource-names.js';
import { Arns } from '../iam/arns.js';
import { AlertPublisher } from './alert-publisher.js';
import { ApprovalApi } from './approval-api.js';
import { approvalFunctionSpecs } from './approval-function-specs.js';
import { ApprovalFunction } from './approval-functions.js';
import { ContainerRepositories } from './container-repositories.js';
import { DailySchedule } from './daily-schedule.js';
import { DataBucket } from './data-bucket.js';
import { EventRules } from './event-rules.js';
import { ModelRegistry } from './model-registry.js';
import { Notifications } from './notifications.js';
import { ApprovalParameters } from './parameters.js';
import { SagemakerExecutionRole } from './sagemaker-execution-role.js';
import { TrainingPipeline } from './training-pipeline.js';

export interface PowercastStackProps {
  config: EnvironmentConfig;
  /** powercast.config.yaml (pipeline settings shared with the trainer). */
  pipelineConfig: PowercastConfig;
  /** Absolute paths of the approval bundles (see resolveApprovalBundles). */
  bundles: Record<ApprovalHandlerName, string>;
  /** Local state file instead of the S3 backend (trying things out, tests). */
  localStatePath?: string;
}

export function stackName(config: EnvironmentConfig): string {
  return `${config.namePrefix}-${config.environment}`;
}

/** Everything one environment needs on AWS. */
export class PowercastStack extends TerraformStack {
  readonly names: ResourceNames;

  constructor(scope: Construct, { config, pipelineConfig, bundles, localStatePath }: PowercastStackProps) {
    super(scope, stackName(config));
    const names = resourceNames(config);
    this.names = names;

    new AwsProvider(this, 'aws', {
      region: config.region,
      defaultTags: [{ tags: { Project: 'powercast', Environment: config.environment, ManagedBy: 'cdktf' } }],
    });
    new RandomProvider(this, 'random');
    if (localStatePath === undefined) {
      new S3Backend(this, {
        bucket: config.remoteState.bucket,
        key: config.remoteState.key,
        region: config.remoteState.region,
        dynamodbTable: config.remoteState.dynamodbTable,
        encrypt: true,
      });
    } else {
      new LocalBackend(this, { path: localStatePath });
    }

    const arns = new Arns({
      partition: new DataAwsPartition(this, 'partition').partition,
      region: config.region,
      accountId: new DataAwsCallerIdentity(this, 'caller').accountId,
    });

    const dataBucket = new DataBucket(this, 'data', { config, names });
    const repositories = new ContainerRepositories(this, 'images', { names });
    const registry = new ModelRegistry(this, 'registry', { config });
    const executionRole = new SagemakerExecutionRole(this, 'sagemaker', {
      config,
      names,
      arns,
      dataBucket,
      repositories,
    });
    const pipeline = new TrainingPipeline(this, 'pipeline', {
      config,
      pipelineConfig,
      names,
      dataBucket,
      executionRole: executionRole.role,
      trainerRepository: repositories.trainer,
      predictApiRepository: repositories.predictApi,
      packageGroup: registry.packageGroup,
    });
    const notifications = new Notifications(this, 'notifications', { config, names });
    new AlertPublisher(this, 'alert-publisher', {
      config,
      dataBucket,
      alertTopic: notifications.alertTopic,
    });
    const parameters = new ApprovalParameters(this, 'parameters', { names });
    const api = new ApprovalApi(this, 'approval-api', { config, names });

    const specs = approvalFunctionSpecs({
      config,
      pipelineConfig,
      names,
      arns,
      dataBucket,
      executionRoleArn: executionRole.role.arn,
      sesIdentityArn: notifications.approverIdentity.arn,
      alertTopicArn: notifications.alertTopic.arn,
      approvalUrl: api.approvalUrl,
    });
    const functions = Object.fromEntries(
      approvalHandlerNames.map((name) => [
        name,
        new ApprovalFunction(this, approvalHandlers[name], {
          config,
          names,
          name,
          bundlePath: bundles[name],
          spec: specs[name],
        }),
      ]),
    ) as Record<ApprovalHandlerName, ApprovalFunction>;
    api.routeTo(functions.decide.function);

    const events = new EventRules(this, 'events', {
      config,
      names,
      notifyApprover: functions.notifyApprover.function,
      recordDeployment: functions.recordDeployment.function,
      alertTopic: notifications.alertTopic,
      pipelineArn: pipeline.arn,
    });
    const daily = new DailySchedule(this, 'daily', {
      config,
      arns,
      dataBucket,
      trainerImageUri: pipeline.inputs.trainerImageUri,
      trainerRepository: repositories.trainer,
      deadLetterQueue: events.deadLetterQueue,
      alertTopicArn: notifications.alertTopic.arn,
    });

    this.outputs({
      bucket_name: dataBucket.bucket.bucket,
      approval_url: api.approvalUrl,
      pipeline_name: pipeline.pipeline.pipelineName,
      endpoint_name: config.endpoint.name,
      model_package_group_name: registry.packageGroup.modelPackageGroupName,
      sagemaker_execution_role_arn: executionRole.role.arn,
      trainer_repository_url: repositories.trainer.repositoryUrl,
      predict_api_repository_url: repositories.predictApi.repositoryUrl,
      alert_topic_arn: notifications.alertTopic.arn,
      approval_secret_parameter: parameters.approvalSecret.name,
      daily_schedule_name: daily.schedule.name,
      daily_job_role_arn: daily.jobRole.arn,
      ...Object.fromEntries(
        approvalHandlerNames.map((fn) => [
          `${approvalHandlers[fn].replaceAll('-', '_')}_role_arn`,
          functions[fn].role.arn,
        ]),
      ),
    });
  }

  private outputs(values: Record<string, string>): void {
    for (const [name, value] of Object.entries(values)) {
      new TerraformOutput(this, name, { value });
    }
  }
}
