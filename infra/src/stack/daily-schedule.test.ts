import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { ref, resourceWhere, synthesized, type Resource } from '../../test/synthesized-stack.js';
import { environmentNames } from '../config/environment-config.js';
import type { PolicyDocument, PolicyStatement } from '../iam/policy-document.js';
import { DAILY_RETRY_POLICY, TRAINER_MAIN } from './daily-schedule.js';

const account = '${data.aws_caller_identity.caller.account_id}';
const dockerfile = readFileSync(fileURLToPath(new URL('../../../apps/trainer/Dockerfile', import.meta.url)), 'utf8');

interface ProcessingJobInput {
  ProcessingJobName: string;
  RoleArn: string;
  AppSpecification: { ImageUri: string; ContainerEntrypoint: string[]; ContainerArguments: string[] };
  StoppingCondition: { MaxRuntimeInSeconds: number };
  Environment: Record<string, string>;
}

describe.each(environmentNames)('the daily schedule (%s)', (environment) => {
  const { json, config } = synthesized(environment);
  const schedule = resourceWhere(json, 'aws_scheduler_schedule');
  const target = schedule.values.target as Record<string, unknown>[] | Record<string, unknown> as Record<
    string,
    unknown
  >;
  const input = JSON.parse(target.input as string) as ProcessingJobInput;
  const role = (name: string): Resource =>
    resourceWhere(json, 'aws_iam_role', (values) => values.name === `powercast-daily-${environment}-${name}`);
  const policyOf = (name: string): PolicyDocument =>
    JSON.parse(
      resourceWhere(json, 'aws_iam_role_policy', (values) => values.role === ref(role(name), 'id')).values
        .policy as string,
    ) as PolicyDocument;
  const statements = (name: string): Record<string, PolicyStatement> =>
    Object.fromEntries(policyOf(name).Statement.map((statement) => [statement.Sid, statement]));
  const bucket = resourceWhere(json, 'aws_s3_bucket');
  const objects = (prefix: string): string => `${ref(bucket, 'arn')}/${prefix}*`;
  const deadLetterQueue = resourceWhere(
    json,
    'aws_sqs_queue',
    (values) => values.name === `powercast-undelivered-events-${environment}`,
  );

  const alertTopic = resourceWhere(
    json,
    'aws_sns_topic',
    (values) => values.name === `powercast-pipeline-alerts-${environment}`,
  );

  it('runs at 18:10 Asia/Tokyo every day, on time', () => {
    expect(schedule.values).toMatchObject({
      name: `powercast-daily-${environment}`,
      schedule_expression: 'cron(10 18 * * ? *)',
      schedule_expression_timezone: 'Asia/Tokyo',
      flexible_time_window: { mode: 'OFF' },
    });
  });

  it('starts a SageMaker processing job through the universal target, retrying then dead-lettering', () => {
    expect(target.arn).toBe('arn:aws:scheduler:::aws-sdk:sagemaker:createProcessingJob');
    expect(target.role_arn).toBe(ref(role('scheduler'), 'arn'));
    expect(target.retry_policy).toEqual({
      maximum_retry_attempts: DAILY_RETRY_POLICY.maximumRetryAttempts,
      maximum_event_age_in_seconds: DAILY_RETRY_POLICY.maximumEventAgeInSeconds,
    });
    // The stack's dead-letter queue: its alarm already mails the alert topic.
    expect(target.dead_letter_config).toEqual({ arn: ref(deadLetterQueue, 'arn') });
  });

  it('runs `trainer daily` in the pipeline’s trainer image against the S3 store and SageMaker’s registry', () => {
    const pipeline = JSON.parse(resourceWhere(json, 'aws_sagemaker_pipeline').values.pipeline_definition as string) as {
      Steps: { Arguments: { AppSpecification?: { ImageUri: string } } }[];
    };
    const stepImages = pipeline.Steps.flatMap((step) => step.Arguments.AppSpecification?.ImageUri ?? []);
    expect(stepImages.length).toBeGreaterThan(0);
    expect(input.AppSpecification.ImageUri).toBe(stepImages[0]);
    expect(input.AppSpecification.ContainerEntrypoint).toEqual(['node', TRAINER_MAIN, 'daily']);
    // The entry point is the file the Dockerfile bundles the trainer into.
    const outfile = /--outfile=(\S+)/.exec(dockerfile.replace(/\\\n/g, ' '))![1]!;
    expect(TRAINER_MAIN).toBe(`/workspace/${outfile}`);
    const store = `s3://${ref(bucket, 'bucket')}`;
    expect(input.AppSpecification.ContainerArguments).toEqual([
      ...['--store', store, '--data-dir', `${store}/data`],
      ...['--registry', 'sagemaker', '--group', config.modelPackageGroupName],
    ]);
    expect(input.RoleArn).toBe(ref(role('job'), 'arn'));
    expect(input.StoppingCondition.MaxRuntimeInSeconds).toBeLessThanOrEqual(3600);
    // Accuracy alerts go to the stack's alert topic (the job's SNS notifier reads this variable).
    expect(input.Environment['POWERCAST_ALERT_TOPIC_ARN']).toBe(ref(alertTopic, 'arn'));
  });

  it('names each attempt’s job uniquely, within SageMaker’s 63-character job names', () => {
    expect(input.ProcessingJobName).toBe(`powercast-daily-${environment}-<aws.scheduler.execution-id>`);
    const named = input.ProcessingJobName.replace('<aws.scheduler.execution-id>', 'd32c5kddcf5bb8c3');
    expect(named).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/);
  });

  it('lets the scheduler start only its own jobs, pass only the job role, and dead-letter', () => {
    const granted = statements('scheduler');
    expect(Object.keys(granted)).toEqual(['StartDailyJobs', 'PassJobRoleToSagemaker', 'DeadLetterUndelivered']);
    expect(granted['StartDailyJobs']!.Action).toEqual(['sagemaker:CreateProcessingJob']);
    expect(granted['StartDailyJobs']!.Resource![0]).toMatch(
      new RegExp(`:processing-job/powercast-daily-${environment}-\\*$`),
    );
    expect(granted['PassJobRoleToSagemaker']).toMatchObject({
      Resource: [ref(role('job'), 'arn')],
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    });
    expect(granted['DeadLetterUndelivered']).toMatchObject({
      Action: ['sqs:SendMessage'],
      Resource: [ref(deadLetterQueue, 'arn')],
    });
  });

  it('lets the job write the ledger only, and read the data, the models, the ledger and the registry record', () => {
    const granted = statements('job');
    expect(granted['AppendToLedger']).toMatchObject({ Action: ['s3:PutObject'], Resource: [objects('ledger/')] });
    expect(granted['ReadInputsModelsAndLedger']!.Resource).toEqual(
      ['data/', 'models/', 'ledger/', 'registry/'].map(objects),
    );
    const writes = Object.values(granted).filter((statement) =>
      statement.Action.some((action) => /^s3:(Put|Delete)/.test(action)),
    );
    expect(writes.flatMap((statement) => statement.Resource)).toEqual([
      objects('ledger/'),
      objects('monitoring/alerts/'),
    ]);
    expect(granted['PublishAlerts']).toMatchObject({ Action: ['sns:Publish'], Resource: [ref(alertTopic, 'arn')] });
    expect(granted['FindDeployedModel']!.Resource![0]).toContain(
      `model-package/${config.modelPackageGroupName.toLowerCase()}/*`,
    );
  });

  it('lets each service assume its role only for this account', () => {
    for (const [name, service] of [
      ['job', 'sagemaker.amazonaws.com'],
      ['scheduler', 'scheduler.amazonaws.com'],
    ] as const) {
      const trust = JSON.parse(role(name).values.assume_role_policy as string) as PolicyDocument;
      expect(trust.Statement).toEqual([
        {
          Sid: 'AssumeRole',
          Effect: 'Allow',
          Action: ['sts:AssumeRole'],
          Principal: { Service: service },
          Condition: { StringEquals: { 'aws:SourceAccount': account } },
        },
      ]);
    }
  });
});
