import {
  DescribeModelPackageCommand,
  ListModelPackagesCommand,
  SageMakerClient,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openArtifactStore, StoreModelRegistry } from '@powercast/aws-pipeline';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';

/** A store with `count` pending versions (no training: the registry only needs the facts). */
async function storeWithVersions(count: number): Promise<string> {
  const store = mkdtempSync(join(tmpdir(), 'powercast-models-'));
  const registry = new StoreModelRegistry(openArtifactStore(store));
  for (let i = 1; i <= count; i++) {
    await registry.register({
      artifactUri: join(store, 'runs', `r${i}`, 'model.tar.gz'),
      metrics: { mse: 10_000 + i },
      trainingWindow: { from: '2016-04-01', to: '2023-09-30' },
      dataFingerprint: `fp${i}`,
    });
  }
  return store;
}

function deployedVersion(store: string): number {
  const record = JSON.parse(readFileSync(join(store, 'registry/PowerForecastPackageGroup/deployed.json'), 'utf8'));
  return (record as { version: number }).version;
}

describe('trainer models: one path decides and deploys', () => {
  it('approve deploys the version (the same path as the approval link) and list marks it deployed', async () => {
    const store = await storeWithVersions(1);
    const approved = await runCli(['models', 'approve', '1', '--store', store, '--by', 'alice']);
    expect(approved.code).toBe(0);
    expect(approved.out).toBe(
      'PowerForecastPackageGroup version 1: Approved by alice\n' +
        'deployed: PowerForecastPackageGroup version 1 is now the model the predict API serves (no version was deployed before)',
    );
    expect(deployedVersion(store)).toBe(1);
    const list = await runCli(['models', 'list', '--store', store]);
    expect(list.out).toMatch(/^1 +Approved +10001\.0 .*Z  ← deployed$/m);
    expect(list.out).toMatch(/^deployed: version 1 since \d{4}-/m);
  });

  it('approving an older pending version does not roll back: it says so and deploy does it on request', async () => {
    const store = await storeWithVersions(2);
    expect((await runCli(['models', 'approve', '2', '--store', store])).code).toBe(0);
    const older = await runCli(['models', 'approve', '1', '--store', store]);
    expect(older.code).toBe(0);
    expect(older.out).toContain('version 1: Approved by');
    expect(older.out).toContain('not deployed: version 2 is deployed and newer, and approving never rolls back');
    expect(older.out).toContain('to serve version 1: npx nx run trainer:models -- deploy 1');
    expect(deployedVersion(store)).toBe(2);
    const list = await runCli(['models', 'list', '--store', store]);
    expect(list.out).toMatch(/^1 +Approved +10001.*Z$/m);
    expect(list.out).toMatch(/^2 +Approved +10002.*Z  ← deployed$/m);

    const deployed = await runCli(['models', 'deploy', '1', '--store', store]);
    expect(deployed.out).toBe(
      'deployed: PowerForecastPackageGroup version 1 is now the model the predict API serves (rolled back from version 2)',
    );
    expect(deployedVersion(store)).toBe(1);
    const again = await runCli(['models', 'deploy', '1', '--store', store]);
    expect(again.out).toMatch(
      /^PowerForecastPackageGroup version 1 is already deployed \(since .*\); nothing changed$/,
    );
  });

  it('rollback deploys the newest Approved version older than the deployed one, and refuses when there is none', async () => {
    const store = await storeWithVersions(3);
    for (const version of ['1', '3']) await runCli(['models', 'approve', version, '--store', store]);
    await runCli(['models', 'reject', '2', '--store', store]);
    expect(deployedVersion(store)).toBe(3);
    const rolledBack = await runCli(['models', 'rollback', '--store', store]);
    expect(rolledBack.code).toBe(0);
    expect(rolledBack.out).toBe(
      'deployed: PowerForecastPackageGroup version 1 is now the model the predict API serves (rolled back from version 3)',
    );
    expect(deployedVersion(store)).toBe(1);
    const nothingOlder = await runCli(['models', 'rollback', '--store', store]);
    expect(nothingOlder.code).toBe(1);
    expect(nothingOlder.err).toContain('version 1 is deployed and no older version is Approved');
  });

  it('deploy refuses a version that is not Approved (exit 2) and re-deciding is a conflict (exit 1)', async () => {
    const store = await storeWithVersions(1);
    const pending = await runCli(['models', 'deploy', '1', '--store', store]);
    expect(pending.code).toBe(2);
    expect(pending.err).toContain(
      'PackageNotDeployableError: model package PowerForecastPackageGroup/1 is PendingManualApproval; only Approved packages can be deployed',
    );
    await runCli(['models', 'reject', '1', '--store', store, '--by', 'bob', '--reason', 'biased']);
    const again = await runCli(['models', 'approve', '1', '--store', store]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(
      /ModelPackageConflictError: model package PowerForecastPackageGroup\/1 was already Rejected by bob at .* \(biased\); decisions are final/,
    );
    expect((await runCli(['models', 'list', '--store', store])).out).toContain(
      'deployed: none in PowerForecastPackageGroup',
    );
  });
});

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

  it('approves in SageMaker Model Registry and deploys through the deploy function with --registry sagemaker', async () => {
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
    // The decide Lambda's create-only marker (SSM) comes first.
    const ssm = mockClient(SSMClient);
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'ParameterNotFound', $metadata: {} }));
    const lambda = mockClient(LambdaClient);
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: new TextEncoder().encode(
        JSON.stringify({ endpointName: 'power-forecast-serverless-dev', mode: 'create' }),
      ),
    } as never);
    const result = await runCli(['models', 'approve', '1', '--registry', 'sagemaker', '--by', 'alice']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('PowerForecastPackageGroup version 1: Approved by alice\n');
    expect(result.out).toContain('deployment started: PowerForecastPackageGroup version 1 — creating endpoint');
    expect(lambda.commandCalls(InvokeCommand)[0]!.args[0].input).toMatchObject({
      FunctionName: 'powercast-deploy-dev',
      InvocationType: 'RequestResponse',
    });
    expect(sagemaker.commandCalls(UpdateModelPackageCommand)[0]!.args[0].input).toMatchObject({
      ModelPackageArn: arn,
      ModelApprovalStatus: 'Approved',
    });
    expect(ssm.commandCalls(PutParameterCommand)[0]!.args[0].input).toMatchObject({
      Name: '/power-forecasting/dev/approval/decided/powerforecastpackagegroup/1',
      Overwrite: false,
    });
    sagemaker.restore();
    ssm.restore();
    lambda.restore();
  });
});
