import type { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule/index.js';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { LEDGER_PREFIX } from '@powercast/ledger';
import { Construct } from 'constructs';

import type { EnvironmentConfig } from '../config/environment-config.js';
import { ALERT_LOG_PREFIX } from '@powercast/monitoring';
import type { Arns } from '../iam/arns.js';
import {
  passRoleStatement,
  policyDocument,
  policyJson,
  type PolicyDocument,
  type PolicyStatement,
} from '../iam/policy-document.js';
import type { DataBucket } from './data-bucket.js';

/** 18:10 JST: ten minutes after the 18:00 issue the job keys its records to (JMA's 17:00 issue is in by then). */
export const DAILY_SCHEDULE_EXPRESSION = 'cron(10 18 * * ? *)';
export const DAILY_SCHEDULE_TIMEZONE = 'Asia/Tokyo';
/** The trainer's entry point in its image; the image's own ENTRYPOINT runs `step`, this runs `daily`. */
export const TRAINER_MAIN = '/workspace/apps/trainer/dist/main.mjs';
/** A daily run takes seconds on this machine; a job still running after this long is stuck. */
const MAX_RUNTIME_SECONDS = 30 * 60;
/**
 * Scheduler retries a CreateProcessingJob it could not make (throttling, an outage) for up to two
 * hours, then hands the attempt to the dead-letter queue; a later retry of the same day keys its
 * records to the same 18:00 issue, so a late run writes what the first would have.
 */
export const DAILY_RETRY_POLICY = { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 2 * 3600 } as const;

/** The store registry's deployment record lives here (absent on AWS: the job then asks SageMaker's registry). */
const STORE_REGISTRY_PREFIX = 'registry/';

export interface DailyScheduleProps {
  config: EnvironmentConfig;
  arns: Arns;
  dataBucket: DataBucket;
  /** The pipeline's trainer image, by digest. */
  trainerImageUri: string;
  trainerRepository: EcrRepository;
  /** Where undelivered invocations go (the stack's dead-letter queue, watched by its alarm). */
  deadLetterQueue: SqsQueue;
  /** The alert topic the job's accuracy checks publish to (POWERCAST_ALERT_TOPIC_ARN). */
  alertTopicArn: string;
}

export function dailyNames(config: EnvironmentConfig): {
  schedule: string;
  jobPrefix: string;
  jobRole: string;
  schedulerRole: string;
} {
  const base = `${config.namePrefix}-daily-${config.environment}`;
  return { schedule: base, jobPrefix: `${base}-`, jobRole: `${base}-job`, schedulerRole: `${base}-scheduler` };
}

/**
 * The daily job on AWS: an EventBridge Scheduler schedule at 18:10 Asia/Tokyo whose universal target
 * calls `sagemaker:CreateProcessingJob`, running `trainer daily` in the pipeline's trainer image
 * against the S3 store (the bucket root: `ledger/`, `models/`, `data/`). Two roles: the scheduler's
 * may only start jobs of this name and pass the job role; the job's may read the data, the models
 * and the ledger, write only the ledger, and read its own model package group.
 */
export class DailySchedule extends Construct {
  readonly schedule: SchedulerSchedule;
  readonly jobRole: IamRole;
  readonly schedulerRole: IamRole;

  constructor(scope: Construct, id: string, props: DailyScheduleProps) {
    super(scope, id);
    const { config, arns } = props;
    const names = dailyNames(config);
    this.jobRole = new IamRole(this, 'job-role', {
      name: names.jobRole,
      description: 'Powercast: the daily forecast job (SageMaker processing)',
      assumeRolePolicy: policyJson(trustPolicy('sagemaker.amazonaws.com', arns)),
    });
    new IamRolePolicy(this, 'job-policy', {
      name: names.jobRole,
      role: this.jobRole.id,
      policy: policyJson(policyDocument(this.jobStatements(props))),
    });
    this.schedulerRole = new IamRole(this, 'scheduler-role', {
      name: names.schedulerRole,
      description: 'Powercast: EventBridge Scheduler starting the daily forecast job',
      assumeRolePolicy: policyJson(trustPolicy('scheduler.amazonaws.com', arns)),
    });
    new IamRolePolicy(this, 'scheduler-policy', {
      name: names.schedulerRole,
      role: this.schedulerRole.id,
      policy: policyJson(
        policyDocument([
          {
            Sid: 'StartDailyJobs',
            Effect: 'Allow',
            Action: ['sagemaker:CreateProcessingJob'],
            Resource: [arns.sagemaker(`processing-job/${names.jobPrefix}*`)],
          },
          passRoleStatement('PassJobRoleToSagemaker', this.jobRole.arn, 'sagemaker.amazonaws.com'),
          {
            Sid: 'DeadLetterUndelivered',
            Effect: 'Allow',
            Action: ['sqs:SendMessage'],
            Resource: [props.deadLetterQueue.arn],
          },
        ]),
      ),
    });
    this.schedule = new SchedulerSchedule(this, 'schedule', {
      name: names.schedule,
      description: `Powercast daily forecast into the ledger (${config.environment})`,
      scheduleExpression: DAILY_SCHEDULE_EXPRESSION,
      scheduleExpressionTimezone: DAILY_SCHEDULE_TIMEZONE,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: 'arn:aws:scheduler:::aws-sdk:sagemaker:createProcessingJob',
        roleArn: this.schedulerRole.arn,
        input: JSON.stringify(processingJobRequest(props, names.jobPrefix, this.jobRole.arn)),
        retryPolicy: DAILY_RETRY_POLICY,
        deadLetterConfig: { arn: props.deadLetterQueue.arn },
      },
    });
  }

  private jobStatements({
    config,
    arns,
    dataBucket,
    trainerRepository,
    alertTopicArn,
  }: DailyScheduleProps): PolicyStatement[] {
    const { prefixes } = config.storage;
    const ledger = `${LEDGER_PREFIX}/`;
    const read = [prefixes.data, prefixes.models, ledger, STORE_REGISTRY_PREFIX];
    return [
      {
        // Listing is also what turns a missing key into 404 (not 403): the job asks for keys that may not exist.
        Sid: 'ListInputsAndLedger',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: [dataBucket.bucket.arn],
        Condition: { StringLike: { 's3:prefix': read.flatMap((prefix) => [prefix.slice(0, -1), `${prefix}*`]) } },
      },
      {
        Sid: 'ReadInputsModelsAndLedger',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: read.map((prefix) => dataBucket.objectsArn(prefix)),
      },
      {
        Sid: 'AppendToLedger',
        Effect: 'Allow',
        Action: ['s3:PutObject'],
        Resource: [dataBucket.objectsArn(ledger)],
      },
      ...dataBucket.kmsStatements('UseBucketKey', ['kms:Decrypt', 'kms:GenerateDataKey']),
      // The accuracy checks after scoring: publish to the alert topic, keep the alert log (at the
      // store's root, as the ledger: the job's store is the bucket itself).
      { Sid: 'PublishAlerts', Effect: 'Allow', Action: ['sns:Publish'], Resource: [alertTopicArn] },
      {
        Sid: 'ListAlertLog',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: [dataBucket.bucket.arn],
        Condition: { StringLike: { 's3:prefix': [`${ALERT_LOG_PREFIX}*`] } },
      },
      {
        // PutObject with If-None-Match is the store's create-only write: one alert per crossing.
        Sid: 'ReadWriteAlertLog',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: [dataBucket.objectsArn(ALERT_LOG_PREFIX)],
      },
      {
        Sid: 'FindDeployedModel',
        Effect: 'Allow',
        Action: ['sagemaker:DescribeModelPackage'],
        Resource: [arns.modelPackagesInGroup(config.modelPackageGroupName)],
      },
      {
        Sid: 'ListModelPackages',
        Effect: 'Allow',
        Action: ['sagemaker:ListModelPackages'],
        Resource: ['*'],
      },
      {
        Sid: 'PullTrainerImage',
        Effect: 'Allow',
        Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
        Resource: [trainerRepository.arn],
      },
      { Sid: 'EcrLogin', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: ['*'] },
      {
        Sid: 'WriteJobLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: [arns.logGroup('/aws/sagemaker/ProcessingJobs*')],
      },
    ];
  }
}

/** A service may assume the role only on behalf of this account (confused-deputy guard). */
function trustPolicy(service: string, arns: Arns): PolicyDocument {
  const document = policyDocument([
    { Sid: 'AssumeRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { Service: service } },
  ]);
  document.Statement[0]!.Condition = { StringEquals: { 'aws:SourceAccount': arns.accountId } };
  return document;
}

/**
 * The CreateProcessingJob request the schedule sends: `trainer daily` against the S3 store, the
 * deployed model from SageMaker Model Registry. The job name carries Scheduler's execution id
 * (replaced at each invocation), so every attempt is a new job; the records they write key to the
 * same issue either way.
 */
export function processingJobRequest(props: DailyScheduleProps, jobPrefix: string, roleArn: string): object {
  const { config, dataBucket } = props;
  const store = `s3://${dataBucket.bucket.bucket}`;
  return {
    ProcessingJobName: `${jobPrefix}<aws.scheduler.execution-id>`,
    RoleArn: roleArn,
    AppSpecification: {
      ImageUri: props.trainerImageUri,
      ContainerEntrypoint: ['node', TRAINER_MAIN, 'daily'],
      ContainerArguments: [
        ...['--store', store],
        ...['--data-dir', `${store}/${config.storage.prefixes.data.slice(0, -1)}`],
        ...['--registry', 'sagemaker', '--group', config.modelPackageGroupName],
      ],
    },
    ProcessingResources: {
      ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.t3.medium', VolumeSizeInGB: 5 },
    },
    StoppingCondition: { MaxRuntimeInSeconds: MAX_RUNTIME_SECONDS },
    Environment: { AWS_REGION: config.region, POWERCAST_ALERT_TOPIC_ARN: props.alertTopicArn },
  };
}
