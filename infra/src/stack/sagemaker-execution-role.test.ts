import { describe, expect, it } from 'vitest';

import { ref, resourceWhere, resourcesOfType, synthesized, type Resource } from '../../test/synthesized-stack.js';
import { environmentNames } from '../config/environment-config.js';
import type { PolicyDocument, PolicyStatement } from '../iam/policy-document.js';

const partition = '${data.aws_partition.partition.partition}';
const account = '${data.aws_caller_identity.caller.account_id}';

describe.each(environmentNames)('SageMaker resources (%s)', (environment) => {
  const { json, config } = synthesized(environment);
  const bucket = resourceWhere(json, 'aws_s3_bucket');
  const role = resourceWhere(
    json,
    'aws_iam_role',
    (values) => values.name === `powercast-sagemaker-execution-${environment}`,
  );
  const policy = JSON.parse(
    resourceWhere(json, 'aws_iam_role_policy', (values) => values.role === ref(role, 'id')).values.policy as string,
  ) as PolicyDocument;
  const statement = (sid: string): PolicyStatement => {
    const found = policy.Statement.find((candidate) => candidate.Sid === sid);
    if (found === undefined) throw new Error(`no statement ${sid}`);
    return found;
  };
  const repository = (name: string): Resource =>
    resourceWhere(json, 'aws_ecr_repository', (values) => values.name === name);

  it('creates the model package group of the environment', () => {
    expect(resourceWhere(json, 'aws_sagemaker_model_package_group').values).toMatchObject({
      model_package_group_name: `PowerForecastPackageGroup-${environment}`,
    });
  });

  it('creates the trainer and predict-api repositories with scanning and a lifecycle policy that spares pinned images', () => {
    for (const name of [`powercast-trainer-${environment}`, `powercast-predict-api-${environment}`]) {
      const repo = repository(name);
      expect(repo.values).toMatchObject({ image_scanning_configuration: { scan_on_push: true } });
      const lifecycle = resourceWhere(
        json,
        'aws_ecr_lifecycle_policy',
        (values) => values.repository === ref(repo, 'name'),
      );
      const rules = JSON.parse(lifecycle.values.policy as string).rules as {
        selection: { tagStatus: string; countType: string; countUnit?: string; countNumber: number };
        action: { type: string };
      }[];
      // Only untagged images expire, by age: no count rule can reach an image a registered package pins.
      expect(rules.map((rule) => rule.selection)).toEqual([
        { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 },
      ]);
      expect(rules.every((rule) => rule.selection.countType !== 'imageCountMoreThan')).toBe(true);
    }
  });

  it('lets only SageMaker assume the execution role', () => {
    expect(JSON.parse(role.values.assume_role_policy as string).Statement).toEqual([
      {
        Sid: 'AssumeRole',
        Effect: 'Allow',
        Action: ['sts:AssumeRole'],
        Principal: { Service: 'sagemaker.amazonaws.com' },
      },
    ]);
  });

  it('reaches only its own bucket prefixes', () => {
    const { data, pipeline, models } = config.storage.prefixes;
    const objects = (prefix: string): string => `${ref(bucket, 'arn')}/${prefix}*`;
    expect(statement('ListOwnPrefixes')).toMatchObject({
      Resource: [ref(bucket, 'arn')],
      Condition: { StringLike: { 's3:prefix': ['data', 'data/*', 'pipeline', 'pipeline/*', 'models', 'models/*'] } },
    });
    expect(statement('ReadInputsAndArtifacts').Resource).toEqual([objects(data), objects(pipeline), objects(models)]);
    expect(statement('WriteStepOutputsAndModels').Resource).toEqual([objects(pipeline), objects(models)]);
    expect(statement('WriteStepOutputsAndModels').Action).not.toContain('s3:DeleteObject');
  });

  it('uses the bucket key only when the bucket is KMS-encrypted', () => {
    const kms = policy.Statement.filter((candidate) => candidate.Action.some((action) => action.startsWith('kms:')));
    const keys = resourcesOfType(json, 'aws_kms_key');
    if (config.storage.encryption === 'aws:kms') {
      expect(kms).toEqual([
        {
          Sid: 'UseBucketKey',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: [ref(keys[0]!, 'arn')],
        },
      ]);
    } else {
      expect(kms).toEqual([]);
    }
  });

  it('pulls only its own images and writes only SageMaker log groups', () => {
    expect(statement('PullOwnImages').Resource).toEqual([
      ref(repository(`powercast-trainer-${environment}`), 'arn'),
      ref(repository(`powercast-predict-api-${environment}`), 'arn'),
    ]);
    expect(statement('WriteSagemakerLogs').Resource).toEqual([
      `arn:${partition}:logs:${config.region}:${account}:log-group:/aws/sagemaker/*`,
    ]);
  });

  it('registers models only in its own group and passes only itself, only to SageMaker', () => {
    expect(statement('RegisterModelsInOwnGroup').Resource).toEqual([
      `arn:${partition}:sagemaker:${config.region}:${account}:model-package/powerforecastpackagegroup-${environment}/*`,
    ]);
    expect(statement('PassSelfToSagemakerJobs')).toEqual({
      Sid: 'PassSelfToSagemakerJobs',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [ref(role, 'arn')],
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    });
  });

  it('gives EvaluateModel exactly the reads that find and load the deployed model', () => {
    // SSM last_deployed (one parameter), the group's packages, and the model artifacts' prefix: nothing wider.
    expect(statement('ReadDeployedMarker')).toEqual({
      Sid: 'ReadDeployedMarker',
      Effect: 'Allow',
      Action: ['ssm:GetParameter'],
      Resource: [
        `arn:${partition}:ssm:${config.region}:${account}:parameter/power-forecasting/${environment}/sagemaker/deploy/last_deployed`,
      ],
    });
    expect(statement('RegisterModelsInOwnGroup').Action).toContain('sagemaker:DescribeModelPackage');
    expect(statement('ListGroupPackages')).toMatchObject({ Action: ['sagemaker:ListModelPackages'], Resource: ['*'] });
    expect(statement('ReadInputsAndArtifacts').Resource).toContainEqual(`${ref(bucket, 'arn')}/models/*`);
    const ssmActions = policy.Statement.flatMap((candidate) => candidate.Action).filter((action) =>
      action.startsWith('ssm:'),
    );
    expect(ssmActions).toEqual(['ssm:GetParameter']);
  });

  it('is the environment the compiled EvaluateModel job reads its marker from', () => {
    const pipeline = resourceWhere(json, 'aws_sagemaker_pipeline');
    const definition = JSON.parse(pipeline.values.pipeline_definition as string) as {
      Steps: { Name: string; Arguments: { Environment?: Record<string, string> } }[];
    };
    const evaluate = definition.Steps.find((candidate) => candidate.Name === 'EvaluateModel')!;
    expect(evaluate.Arguments.Environment).toEqual({
      POWERCAST_REGISTRY: 'sagemaker',
      POWERCAST_LAST_DEPLOYED_PARAMETER: `/power-forecasting/${environment}/sagemaker/deploy/last_deployed`,
      POWERCAST_AWS_REGION: config.region,
    });
  });
});
