import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { CliIo } from '@powercast/contracts/cli';
import { registryStandIn } from '@powercast/test-aws';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { modelsCommand } from './models.js';

const clientConfig = {
  region: 'ap-northeast-1',
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret-key' },
} as const;
const group = 'PowerForecastPackageGroup';
const ARN = 'arn:aws:sagemaker:ap-northeast-1:123456789012:model-package/powerforecastpackagegroup/1';
/** The marker the decide Lambda creates for the same version (parameterNames('dev').decided). */
const MARKER = '/power-forecasting/dev/approval/decided/powerforecastpackagegroup/1';

function awsStandIn() {
  const sagemaker = new SageMakerClient(clientConfig);
  const ssm = new SSMClient(clientConfig);
  const registry = registryStandIn(mockClient(sagemaker), mockClient(ssm), {
    packages: [
      {
        arn: ARN,
        group,
        version: 1,
        extra: {
          CreationTime: new Date('2026-11-01T00:00:00Z'),
          InferenceSpecification: { Containers: [{ Image: 'img', ModelDataUrl: 's3://b/models/1/model.tar.gz' }] },
          CustomerMetadataProperties: {
            training_window_from: '2016-04-01',
            training_window_to: '2023-09-30',
            data_fingerprint: 'fp',
          },
        },
      },
    ],
  });
  const store = mkdtempSync(join(tmpdir(), 'powercast-models-aws-'));
  const run = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      cwd: store,
    };
    const code = await modelsCommand([...argv, '--registry', 'sagemaker', '--store', store], io, sagemaker, ssm);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  return { registry, run };
}

describe("trainer models --registry sagemaker: the decide Lambda's create-only marker decides", () => {
  it.each([
    ['approve, reject, approve', ['approve', 'reject', 'approve']],
    ['reject, approve, approve', ['reject', 'approve', 'approve']],
  ])('%s at once: exactly one decision wins, the others are told who won', async (_order, actions) => {
    const { registry, run } = awsStandIn();
    const results = await Promise.all(
      actions.map((action, i) => run([action, '1', '--by', action === 'reject' ? 'lead' : `ops${i}`])),
    );
    expect(results.map((result) => result.code).sort()).toEqual([0, 1, 1]);
    expect(registry.updates).toHaveLength(1);
    const winner = actions[results.findIndex((result) => result.code === 0)];
    const status = winner === 'approve' ? 'Approved' : 'Rejected';
    expect(registry.statusOf(ARN)).toBe(status);
    expect(registry.updates[0]).toMatchObject({ ModelPackageArn: ARN, ModelApprovalStatus: status });
    expect(registry.updates[0]!.ApprovalDescription).toContain('via trainer CLI');
    expect(JSON.parse(registry.parameters.get(MARKER)!)).toMatchObject({ status });
    for (const lost of results.filter((result) => result.code === 1))
      expect(lost.err).toContain(`${group} version 1: not decided: model package ${ARN} was already ${status} by `);
  });

  it('loses to a decision the link already claimed, even before SageMaker shows it', async () => {
    const { registry, run } = awsStandIn();
    registry.parameters.set(
      MARKER,
      JSON.stringify({ status: 'Rejected', by: 'lead@example.com', at: '2026-12-01T00:00:00Z' }),
    );
    const result = await run(['approve', '1', '--by', 'alice']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('was already Rejected by lead@example.com at 2026-12-01T00:00:00Z');
    expect(registry.updates).toHaveLength(0);
    expect(registry.statusOf(ARN)).toBe('PendingManualApproval');
  });

  it('frees the marker when the package update fails, so deciding again works', async () => {
    const { registry, run } = awsStandIn();
    registry.failNextUpdate = true;
    await expect(run(['approve', '1', '--by', 'alice'])).rejects.toThrow('ThrottlingException');
    expect(registry.parameters.has(MARKER)).toBe(false);
    const retried = await run(['approve', '1', '--by', 'alice']);
    expect(retried).toMatchObject({ code: 0, out: `${group} version 1: Approved by alice` });
    expect(retried.err).toContain('not deployed from here');
    expect(registry.statusOf(ARN)).toBe('Approved');
  });
});
