import {
  DescribeModelPackageCommand,
  ListModelPackagesCommand,
  SageMakerClient,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { GetParameterCommand, ParameterAlreadyExists, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { registryStandIn } from './index.js';

const config = { region: 'ap-northeast-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } };
const arnOf = (version: number): string =>
  `arn:aws:sagemaker:ap-northeast-1:123456789012:model-package/powerforecastpackagegroup/${version}`;

function standIn() {
  const sagemaker = new SageMakerClient(config);
  const ssm = new SSMClient(config);
  const state = registryStandIn(mockClient(sagemaker), mockClient(ssm), {
    packages: [1, 2, 3].map((version) => ({ arn: arnOf(version), group: 'PowerForecastPackageGroup', version })),
  });
  return { sagemaker, ssm, state };
}

describe('registryStandIn', () => {
  it('reports the status UpdateModelPackage last wrote, in Describe and in the Approved listing', async () => {
    const { sagemaker, state } = standIn();
    await sagemaker.send(new UpdateModelPackageCommand({ ModelPackageArn: arnOf(2), ModelApprovalStatus: 'Approved' }));
    const described = await sagemaker.send(new DescribeModelPackageCommand({ ModelPackageName: arnOf(2) }));
    expect(described.ModelApprovalStatus).toBe('Approved');
    const approved = await sagemaker.send(
      new ListModelPackagesCommand({
        ModelPackageGroupName: 'PowerForecastPackageGroup',
        ModelApprovalStatus: 'Approved',
      }),
    );
    expect(approved.ModelPackageSummaryList?.map((summary) => summary.ModelPackageVersion)).toEqual([2]);
    expect(state.updates).toHaveLength(1);
  });

  it('answers ValidationException for a package that does not exist, as SageMaker does', async () => {
    const { sagemaker } = standIn();
    await expect(sagemaker.send(new DescribeModelPackageCommand({ ModelPackageName: arnOf(9) }))).rejects.toMatchObject(
      {
        name: 'ValidationException',
      },
    );
  });

  it('refuses a create-only PutParameter on an existing name and keeps the first value', async () => {
    const { ssm } = standIn();
    const put = (value: string) =>
      ssm.send(new PutParameterCommand({ Name: '/m', Value: value, Type: 'String', Overwrite: false }));
    const results = await Promise.allSettled([put('a'), put('b')]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({
      reason: expect.any(ParameterAlreadyExists),
    });
    const winner = results[0]!.status === 'fulfilled' ? 'a' : 'b';
    expect((await ssm.send(new GetParameterCommand({ Name: '/m' }))).Parameter?.Value).toBe(winner);
  });
});
