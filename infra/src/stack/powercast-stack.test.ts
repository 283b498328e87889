import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';

import { resourcesOfType, synthesized } from '../../test/synthesized-stack.js';
import { environmentNames } from '../config/environment-config.js';

describe.each(environmentNames)('stack powercast-%s', (environment) => {
  const { json, config, stackFile } = synthesized(environment);

  it('keeps its state in its own S3 bucket with DynamoDB locking', () => {
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: `powercast-terraform-state-${environment}`,
        key: `powercast/${environment}/terraform.tfstate`,
        region: config.region,
        dynamodb_table: `powercast-terraform-locks-${environment}`,
        encrypt: true,
      },
    });
  });

  it('pins the AWS and random providers, tags everything with the environment', () => {
    expect(json.terraform.required_providers).toMatchObject({
      aws: { version: '6.25.0' },
      random: { source: 'hashicorp/random' },
    });
    expect(Testing.toHaveProviderWithProperties(stackFile, 'aws', { region: config.region })).toBe(true);
    expect(json.provider.aws?.[0]).toMatchObject({
      region: config.region,
      default_tags: [{ tags: { Project: 'powercast', Environment: environment } }],
    });
  });

  it('outputs what a user needs after apply', () => {
    expect(Object.keys(json.output).sort()).toEqual(
      [
        'alert_topic_arn',
        'approval_secret_parameter',
        'approval_url',
        'bucket_name',
        'daily_job_role_arn',
        'daily_schedule_name',
        'decide_role_arn',
        'deploy_role_arn',
        'endpoint_name',
        'model_package_group_name',
        'notify_approver_role_arn',
        'pipeline_name',
        'predict_api_repository_url',
        'record_deployment_role_arn',
        'sagemaker_execution_role_arn',
        'trainer_repository_url',
      ].sort(),
    );
    expect(json.output.endpoint_name?.value).toBe(`power-forecast-serverless-${environment}`);
    expect(json.output.approval_url?.value).toMatch(/api_endpoint\}\/approval$/);
  });

  it('attaches no managed policies: every permission is an inline statement the tests read', () => {
    expect(resourcesOfType(json, 'aws_iam_role_policy_attachment')).toEqual([]);
    expect(resourcesOfType(json, 'aws_iam_role').every((role) => role.values.managed_policy_arns === undefined)).toBe(
      true,
    );
  });
});

describe('--local-state', () => {
  it('replaces the S3 backend with a local state file', () => {
    const { json } = synthesized('dev', { localStatePath: 'terraform.powercast-dev.tfstate' });
    expect(json.terraform.backend).toEqual({ local: { path: 'terraform.powercast-dev.tfstate' } });
  });
});
