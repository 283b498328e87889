import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeModelPackageCommand, ListModelPackagesCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { startTestS3, type TestS3 } from '@powercast/test-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contentHash } from '../store/artifact-store.js';
import { ArtifactIntegrityError, ArtifactNotFoundError } from '../store/errors.js';
import { sageMakerDeployedModels } from './deployed-model-source.js';

const sagemaker = mockClient(SageMakerClient);
const group = 'PowerForecastPackageGroup-dev';
// SageMaker writes the group lower-case in package ARNs.
const arnOf = (version: number, ofGroup = group): string =>
  `arn:aws:sagemaker:ap-northeast-1:123456789012:model-package/${ofGroup.toLowerCase()}/${version}`;
const keyOf = (version: number): string => `models/exec-${version}/TrainModel/output/model.tar.gz`;
const bodyOf = (version: number): string => `model ${version}`;

let s3: TestS3;
beforeAll(async () => {
  s3 = await startTestS3();
  for (const version of [1, 2, 3])
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: keyOf(version), Body: bodyOf(version) }));
});
afterAll(async () => s3.close());

function describedPackage(version: number, extra: Record<string, string> = {}) {
  return {
    ModelPackageArn: arnOf(version),
    ModelPackageGroupName: group,
    ModelPackageVersion: version,
    ModelApprovalStatus: 'Approved' as const,
    CreationTime: new Date('2026-11-01T00:00:00Z'),
    InferenceSpecification: {
      Containers: [{ Image: 'img@sha256:ab', ModelDataUrl: `s3://${s3.bucket}/${keyOf(version)}` }],
    },
    CustomerMetadataProperties: {
      training_window_from: '2016-04-01',
      training_window_to: `2023-0${version}-30`,
      data_fingerprint: 'fp',
      artifact_sha256: contentHash(bodyOf(version)),
      ...extra,
    },
  };
}

beforeEach(() => {
  sagemaker.reset();
  for (const version of [1, 2, 3])
    sagemaker.on(DescribeModelPackageCommand, { ModelPackageName: arnOf(version) }).resolves(describedPackage(version));
  sagemaker.on(ListModelPackagesCommand).resolves({
    ModelPackageSummaryList: [
      {
        ModelPackageArn: arnOf(2),
        ModelPackageGroupName: group,
        ModelPackageVersion: 2,
        ModelApprovalStatus: 'Approved',
        ModelPackageStatus: 'Completed',
        CreationTime: new Date('2026-11-02T00:00:00Z'),
      },
    ],
  });
});

const source = (deployed: string | undefined) =>
  sageMakerDeployedModels({
    sagemaker: new SageMakerClient({}),
    s3: s3.client,
    deployedPackageArn: async () => deployed,
  });

describe('sageMakerDeployedModels', () => {
  it('takes the package SSM last_deployed names, and reads nothing else from the registry', async () => {
    const ref = await source(arnOf(1)).deployed(group);
    expect(ref).toEqual({
      group,
      version: 1,
      artifactUri: `s3://${s3.bucket}/${keyOf(1)}`,
      artifactSha256: contentHash(bodyOf(1)),
      trainingWindow: { from: '2016-04-01', to: '2023-01-30' },
    });
    expect(sagemaker.commandCalls(DescribeModelPackageCommand).map((call) => call.args[0].input)).toEqual([
      { ModelPackageName: arnOf(1) },
    ]);
    expect(sagemaker.commandCalls(ListModelPackagesCommand)).toHaveLength(0);
  });

  it('falls back to the newest Approved version of the group when nothing was deployed yet', async () => {
    expect(await source(undefined).deployed(group)).toMatchObject({ version: 2 });
    expect(sagemaker.commandCalls(ListModelPackagesCommand).map((call) => call.args[0].input)).toEqual([
      {
        ModelPackageGroupName: group,
        ModelPackageType: 'Versioned',
        ModelApprovalStatus: 'Approved',
        SortBy: 'CreationTime',
        SortOrder: 'Descending',
        MaxResults: 1,
      },
    ]);
  });

  it('ignores a last_deployed of another group (one marker per environment)', async () => {
    expect(await source(arnOf(3, 'OtherGroup')).deployed(group)).toMatchObject({ version: 2 });
  });

  it('finds nothing when no version is deployed or Approved', async () => {
    sagemaker.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [] });
    expect(await source(undefined).deployed(group)).toBeNull();
  });

  it('reads the artifact from S3 when it hashes to the registered sha256', async () => {
    const models = source(arnOf(3));
    const ref = await models.deployed(group);
    expect(new TextDecoder().decode(await models.artifact(ref!))).toBe('model 3');
  });

  it('refuses an artifact that changed after registration', async () => {
    const models = source(arnOf(1));
    const ref = await models.deployed(group);
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: keyOf(1), Body: 'tampered' }));
    await expect(models.artifact(ref!)).rejects.toThrow(ArtifactIntegrityError);
    await expect(models.artifact(ref!)).rejects.toThrow(`artifact s3://${s3.bucket}/${keyOf(1)} does not match`);
  });

  it('names the missing object when the package points at nothing', async () => {
    const models = source(arnOf(2));
    const ref = await models.deployed(group);
    await expect(
      models.artifact({ ...ref!, artifactUri: `s3://${s3.bucket}/models/gone/model.tar.gz` }),
    ).rejects.toThrow(ArtifactNotFoundError);
  });
});
