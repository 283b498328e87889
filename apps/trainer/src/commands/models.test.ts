import {
  DescribeModelPackageCommand,
  ListModelPackagesCommand,
  SageMakerClient,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';

describe('trainer models', () => {
  it('says so when the registry is empty, and rejects bad versions and actions', async () => {
    const store = mkdtempSync(join(tmpdir(), 'powercast-models-'));
    expect((await runCli(['models', 'list', '--store', store])).out).toContain(
      'no model packages in PowerForecastPackageGroup',
    );
    const missing = await runCli(['models', 'approve', '3', '--store', store]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(
      'ModelPackageNotFoundError: model package PowerForecastPackageGroup/3 does not exist',
    );
    expect((await runCli(['models', 'approve', 'one', '--store', store])).err).toContain(
      'approve: expected a version number',
    );
    expect((await runCli(['models', 'promote', '1', '--store', store])).code).toBe(2);
  });

  it('approves in SageMaker Model Registry with --registry sagemaker', async () => {
    const sagemaker = mockClient(SageMakerClient);
    const arn = 'arn:aws:sagemaker:ap-northeast-1:123456789012:model-package/powerforecastpackagegroup/1';
    sagemaker.on(ListModelPackagesCommand).resolves({
      ModelPackageSummaryList: [
        { ModelPackageArn: arn, ModelPackageVersion: 1, CreationTime: new Date(), ModelPackageStatus: 'Completed' },
      ],
    });
    sagemaker.on(DescribeModelPackageCommand).resolves({
      ModelPackageArn: arn,
      ModelPackageGroupName: 'PowerForecastPackageGroup',
      ModelPackageVersion: 1,
      ModelApprovalStatus: 'PendingManualApproval',
      CreationTime: new Date(),
      ModelPackageStatus: 'Completed',
      InferenceSpecification: { Containers: [{ Image: 'img', ModelDataUrl: 's3://b/models/model.tar.gz' }] },
      CustomerMetadataProperties: {
        training_window_from: '2016-04-01',
        training_window_to: '2023-09-30',
        data_fingerprint: 'fp',
      },
    });
    sagemaker.on(UpdateModelPackageCommand).resolves({ ModelPackageArn: arn });
    const result = await runCli(['models', 'approve', '1', '--registry', 'sagemaker', '--by', 'alice']);
    expect(result.out).toBe('PowerForecastPackageGroup version 1: Approved by alice');
    expect(sagemaker.commandCalls(UpdateModelPackageCommand)[0]!.args[0].input).toMatchObject({
      ModelPackageArn: arn,
      ModelApprovalStatus: 'Approved',
    });
    sagemaker.restore();
  });
});
