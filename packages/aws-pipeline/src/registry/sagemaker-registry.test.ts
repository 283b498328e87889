import {
  CreateModelPackageCommand,
  DescribeModelPackageCommand,
  ListModelPackagesCommand,
  SageMakerClient,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ModelPackageConflictError, ModelPackageNotFoundError } from './model-registry.js';
import { UnpinnedImageError } from './pinned-image.js';
import { SageMakerModelRegistry } from './sagemaker-registry.js';

const sagemaker = mockClient(SageMakerClient);
const group = 'PowerForecastPackageGroup';
const arnOf = (version: number): string =>
  `arn:aws:sagemaker:ap-northeast-1:123456789012:model-package/powerforecastpackagegroup/${version}`;

function described(
  version: number,
  status: 'PendingManualApproval' | 'Approved' | 'Rejected',
  extra: Record<string, string> = {},
) {
  return {
    ModelPackageArn: arnOf(version),
    ModelPackageGroupName: group,
    ModelPackageVersion: version,
    ModelApprovalStatus: status,
    CreationTime: new Date('2025-01-01T00:00:00Z'),
    ModelPackageStatus: 'Completed' as const,
    InferenceSpecification: { Containers: [{ Image: 'img', ModelDataUrl: `s3://b/models/${version}/model.tar.gz` }] },
    ModelMetrics: {
      ModelQuality: {
        Statistics: { ContentType: 'application/json', S3Uri: `s3://b/models/${version}/evaluation.json` },
      },
    },
    CustomerMetadataProperties: {
      training_window_from: '2022-04-01',
      training_window_to: '2023-09-30',
      data_fingerprint: 'fp',
      metric_mse: '12345.5',
      ...extra,
    },
  };
}

const IMAGE = `123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/powercast-predict-api@sha256:${'ab'.repeat(32)}`;

const registry = (imageUri = IMAGE): SageMakerModelRegistry =>
  new SageMakerModelRegistry(
    new SageMakerClient({ region: 'ap-northeast-1' }),
    { imageUri },
    () => new Date('2025-02-03T04:05:06Z'),
  );

beforeEach(() => {
  sagemaker.reset();
  sagemaker.on(ListModelPackagesCommand).resolves({
    ModelPackageSummaryList: [1, 2].map((version) => ({
      ModelPackageArn: arnOf(version),
      ModelPackageVersion: version,
      ModelPackageGroupName: group,
      CreationTime: new Date(),
      ModelPackageStatus: 'Completed' as const,
    })),
  });
  sagemaker
    .on(DescribeModelPackageCommand, { ModelPackageName: arnOf(1) })
    .resolves(described(1, 'PendingManualApproval'));
  sagemaker
    .on(DescribeModelPackageCommand, { ModelPackageName: arnOf(2) })
    .resolves(described(2, 'Approved', { decision_by: 'alice', decision_at: '2025-01-05T00:00:00.000Z' }));
});

describe('SageMakerModelRegistry', () => {
  it('lists the group sorted by creation and maps packages back', async () => {
    const packages = await registry().list();
    expect(sagemaker.commandCalls(ListModelPackagesCommand)[0]!.args[0].input).toEqual({
      ModelPackageGroupName: group,
      ModelPackageType: 'Versioned',
      SortBy: 'CreationTime',
      SortOrder: 'Ascending',
      NextToken: undefined,
    });
    expect(packages.map((pkg) => [pkg.version, pkg.status])).toEqual([
      [1, 'PendingManualApproval'],
      [2, 'Approved'],
    ]);
    expect(packages[0]).toMatchObject({
      metrics: { mse: 12345.5 },
      trainingWindow: { from: '2022-04-01', to: '2023-09-30' },
      evaluationUri: 's3://b/models/1/evaluation.json',
      arn: arnOf(1),
    });
    expect(packages[1]!.decision).toEqual({ status: 'Approved', by: 'alice', at: '2025-01-05T00:00:00.000Z' });
  });

  it('approves a pending version with UpdateModelPackage naming who and why', async () => {
    sagemaker.on(UpdateModelPackageCommand).resolves({ ModelPackageArn: arnOf(1) });
    const approved = await registry().decide(1, { status: 'Approved', by: 'bob', reason: 'good' });
    expect(approved.status).toBe('Approved');
    expect(sagemaker.commandCalls(UpdateModelPackageCommand)[0]!.args[0].input).toEqual({
      ModelPackageArn: arnOf(1),
      ModelApprovalStatus: 'Approved',
      ApprovalDescription: 'bob: good',
      CustomerMetadataProperties: {
        decision_by: 'bob',
        decision_at: '2025-02-03T04:05:06.000Z',
        decision_reason: 'good',
      },
    });
  });

  it('refuses to re-decide a decided version without calling UpdateModelPackage', async () => {
    await expect(registry().decide(2, { status: 'Rejected', by: 'bob' })).rejects.toThrow(ModelPackageConflictError);
    expect(sagemaker.commandCalls(UpdateModelPackageCommand)).toHaveLength(0);
  });

  it('reports an unknown version as ModelPackageNotFoundError', async () => {
    await expect(registry().describe(9)).rejects.toThrow(ModelPackageNotFoundError);
  });

  it('registers with PendingManualApproval, inference spec, metrics report and metadata, without ModelPackageName', async () => {
    sagemaker.on(CreateModelPackageCommand).resolves({ ModelPackageArn: arnOf(1) });
    await registry().register({
      artifactUri: 's3://b/models/1/model.tar.gz',
      evaluationUri: 's3://b/models/1/evaluation.json',
      chartsUri: 's3://b/models/1/charts/',
      metrics: { mse: 12345.5 },
      trainingWindow: { from: '2022-04-01', to: '2023-09-30' },
      dataFingerprint: 'fp',
    });
    const input = sagemaker.commandCalls(CreateModelPackageCommand)[0]!.args[0].input;
    expect(input).not.toHaveProperty('ModelPackageName');
    expect(input).toMatchObject({
      ModelPackageGroupName: group,
      ModelApprovalStatus: 'PendingManualApproval',
      InferenceSpecification: { Containers: [{ Image: IMAGE, ModelDataUrl: 's3://b/models/1/model.tar.gz' }] },
      ModelMetrics: {
        ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: 's3://b/models/1/evaluation.json' } },
      },
      CustomerMetadataProperties: {
        charts_s3_uri: 's3://b/models/1/charts/',
        metric_mse: '12345.5',
        data_fingerprint: 'fp',
      },
    });
  });

  it('registers a package the champion gate rejected as Rejected in the one CreateModelPackage call, with the reason', async () => {
    sagemaker.on(CreateModelPackageCommand).resolves({ ModelPackageArn: arnOf(2) });
    await registry().register(
      {
        artifactUri: 's3://b/models/2/model.tar.gz',
        metrics: { mse: 14_195.4 },
        trainingWindow: { from: '2016-04-01', to: '2023-09-30' },
        dataFingerprint: 'fp',
        description: 'Powercast …; rejected by CheckChampion: worse than the deployed model: …',
      },
      { rejected: { by: 'pipeline RegisterRejected', reason: 'worse than the deployed model: …' } },
    );
    const input = sagemaker.commandCalls(CreateModelPackageCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      ModelApprovalStatus: 'Rejected',
      ApprovalDescription: 'pipeline RegisterRejected: worse than the deployed model: …',
      ModelPackageDescription: 'Powercast …; rejected by CheckChampion: worse than the deployed model: …',
      CustomerMetadataProperties: {
        decision_by: 'pipeline RegisterRejected',
        decision_reason: 'worse than the deployed model: …',
      },
    });
    // No UpdateModelPackage: never pending, so no approval event is ever sent for it.
    expect(sagemaker.commandCalls(UpdateModelPackageCommand)).toHaveLength(0);
  });

  it('refuses to register a package whose serving image is a tag, before calling SageMaker', async () => {
    const tagged = '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/powercast-predict-api:latest';
    await expect(
      registry(tagged).register({
        artifactUri: 's3://b/models/1/model.tar.gz',
        metrics: { mse: 1 },
        trainingWindow: { from: '2022-04-01', to: '2023-09-30' },
        dataFingerprint: 'fp',
      }),
    ).rejects.toThrow(UnpinnedImageError);
    expect(sagemaker.commandCalls(CreateModelPackageCommand)).toHaveLength(0);
  });
});
