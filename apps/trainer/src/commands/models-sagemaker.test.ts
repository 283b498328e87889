import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient, type InvokeCommandInput } from '@aws-sdk/client-lambda';
import { SageMakerClient, type ModelApprovalStatus } from '@aws-sdk/client-sagemaker';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { DeploymentStart } from '@powercast/aws-pipeline/approval';
import { deployRequestSchema } from '@powercast/aws-pipeline/approval/aws';
import type { CliIo } from '@powercast/contracts/cli';
import { registryStandIn, type StandInPackage } from '@powercast/test-aws';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { modelsCommand } from './models.js';

const clientConfig = {
  region: 'ap-northeast-1',
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret-key' },
} as const;
const group = 'PowerForecastPackageGroup';
const arnOf = (version: number): string =>
  `arn:aws:sagemaker:ap-northeast-1:123456789012:model-package/powerforecastpackagegroup/${version}`;
const ARN = arnOf(1);
/** The marker the decide Lambda creates for the same version (parameterNames('dev').decided). */
const MARKER = '/power-forecasting/dev/approval/decided/powerforecastpackagegroup/1';
const LAST_DEPLOYED = '/power-forecasting/dev/sagemaker/deploy/last_deployed';
const APPROVED = '/power-forecasting/dev/sagemaker/model-registry/approved';
const ENDPOINT = 'power-forecast-serverless-dev';
const SHA = 'a'.repeat(64);

/** What the deploy function answers: the deployment it started, or what its handler threw. */
type FunctionBehaviour = (request: unknown) => DeploymentStart | { errorType: string; errorMessage: string };

const startedUpdate = (version: number): DeploymentStart => ({
  endpointName: ENDPOINT,
  mode: 'update',
  endpointConfigName: `${ENDPOINT}-v${version}-20261202170000`,
  modelName: `${ENDPOINT}-v${version}-20261202170000`,
});

function awsStandIn(
  options: {
    packages?: { version: number; status?: ModelApprovalStatus; sha256?: string | null }[];
    lastDeployed?: number;
    deployFunction?: FunctionBehaviour;
  } = {},
) {
  const sagemaker = new SageMakerClient(clientConfig);
  const ssm = new SSMClient(clientConfig);
  const lambda = new LambdaClient(clientConfig);
  const packages: StandInPackage[] = (options.packages ?? [{ version: 1 }]).map((pkg) => ({
    arn: arnOf(pkg.version),
    group,
    version: pkg.version,
    ...(pkg.status === undefined ? {} : { status: pkg.status }),
    extra: {
      CreationTime: new Date(Date.UTC(2026, 10, pkg.version)),
      InferenceSpecification: {
        Containers: [{ Image: 'img', ModelDataUrl: `s3://b/models/${pkg.version}/model.tar.gz` }],
      },
      CustomerMetadataProperties: {
        training_window_from: '2016-04-01',
        training_window_to: '2023-09-30',
        data_fingerprint: 'fp',
        ...(pkg.sha256 === null ? {} : { artifact_sha256: pkg.sha256 ?? SHA }),
      },
    },
  }));
  const registry = registryStandIn(mockClient(sagemaker), mockClient(ssm), {
    packages,
    parameters: options.lastDeployed === undefined ? {} : { [LAST_DEPLOYED]: arnOf(options.lastDeployed) },
  });
  const invocations: InvokeCommandInput[] = [];
  const behaviour: FunctionBehaviour =
    options.deployFunction ??
    ((request) => startedUpdate(Number(/\/(\d+)$/.exec(deployRequestSchema.parse(request).modelPackageArn)![1])));
  // Lambda's RequestResponse answer: the handler's result, or FunctionError "Unhandled" with the error as payload.
  mockClient(lambda)
    .on(InvokeCommand)
    .callsFake((input: InvokeCommandInput) => {
      invocations.push(input);
      const answer = behaviour(JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)));
      const payload = new TextEncoder().encode(
        JSON.stringify('errorType' in answer ? { ...answer, trace: [`${answer.errorType}: at handler`] } : answer),
      );
      return {
        StatusCode: 200,
        ExecutedVersion: '$LATEST',
        Payload: payload,
        ...('errorType' in answer ? { FunctionError: 'Unhandled' } : {}),
      };
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
    const code = await modelsCommand([...argv, '--registry', 'sagemaker', '--store', store], io, {
      sagemaker,
      ssm,
      lambda,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  /** The payloads the deploy function was invoked with, parsed. */
  const payloads = (): unknown[] =>
    invocations.map((input) => JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)));
  return { registry, run, invocations, payloads };
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
    const { registry, run, invocations } = awsStandIn();
    registry.parameters.set(
      MARKER,
      JSON.stringify({ status: 'Rejected', by: 'lead@example.com', at: '2026-12-01T00:00:00Z' }),
    );
    const result = await run(['approve', '1', '--by', 'alice']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('was already Rejected by lead@example.com at 2026-12-01T00:00:00Z');
    expect(registry.updates).toHaveLength(0);
    expect(registry.statusOf(ARN)).toBe('PendingManualApproval');
    expect(invocations).toHaveLength(0);
  });

  it('frees the marker when the package update fails, so deciding again works', async () => {
    const { registry, run } = awsStandIn();
    registry.failNextUpdate = true;
    await expect(run(['approve', '1', '--by', 'alice'])).rejects.toThrow('ThrottlingException');
    expect(registry.parameters.has(MARKER)).toBe(false);
    const retried = await run(['approve', '1', '--by', 'alice']);
    expect(retried.code).toBe(0);
    expect(retried.out).toContain(`${group} version 1: Approved by alice`);
    expect(registry.statusOf(ARN)).toBe('Approved');
  });
});

describe('trainer models --registry sagemaker: deployments go through the deploy function', () => {
  it('approve records the approval and deploys through the function, as the link does', async () => {
    const { registry, run, invocations, payloads } = awsStandIn();
    const result = await run(['approve', '1', '--by', 'alice']);
    expect(result.code).toBe(0);
    expect(result.out.split('\n')).toEqual([
      `${group} version 1: Approved by alice`,
      `deployment started: ${group} version 1 — updating endpoint ${ENDPOINT} to ${ENDPOINT}-v1-20261202170000`,
      `served before: nothing; served now: nothing (${LAST_DEPLOYED})`,
      '  version 1 is served once the endpoint is InService: the record-deployment function then sets last_deployed ' +
        '(npx nx run trainer:models -- list --registry sagemaker marks it)',
    ]);
    expect(invocations).toMatchObject([{ FunctionName: 'powercast-deploy-dev', InvocationType: 'RequestResponse' }]);
    expect(payloads()).toEqual([{ modelPackageArn: ARN }]);
    expect(registry.parameters.get(APPROVED)).toBe(ARN);
  });

  it('approving a version older than the served one deploys nothing and says how to', async () => {
    const { run, invocations } = awsStandIn({
      packages: [{ version: 1 }, { version: 2, status: 'Approved' }],
      lastDeployed: 2,
    });
    const result = await run(['approve', '1', '--by', 'alice']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('not deployed: version 2 is served and newer, and approving never rolls back');
    expect(result.out).toContain('to serve version 1: npx nx run trainer:models -- deploy 1 --registry sagemaker');
    expect(invocations).toHaveLength(0);
  });

  it('deploy invokes the function synchronously with exactly { modelPackageArn } and prints what was and is served', async () => {
    const { run, invocations, payloads } = awsStandIn({
      packages: [
        { version: 1, status: 'Approved' },
        { version: 2, status: 'Approved' },
      ],
      lastDeployed: 2,
    });
    const result = await run(['deploy', '1']);
    expect(result.code).toBe(0);
    expect(invocations).toHaveLength(1);
    expect(invocations[0]).toMatchObject({ FunctionName: 'powercast-deploy-dev', InvocationType: 'RequestResponse' });
    expect(payloads()).toEqual([{ modelPackageArn: arnOf(1) }]);
    // The request the deploy handler parses (its schema is strict: nothing else is sent).
    expect(deployRequestSchema.safeParse(payloads()[0]).success).toBe(true);
    expect(result.out.split('\n').slice(0, 2)).toEqual([
      `deployment started: ${group} version 1, rolling back from version 2 — updating endpoint ${ENDPOINT} to ${ENDPOINT}-v1-20261202170000`,
      `served before: version 2; served now: version 2 (${LAST_DEPLOYED})`,
    ]);
    expect(result.err).toBe('');
  });

  it('names the function given with --deploy-function', async () => {
    const { run, invocations } = awsStandIn({ packages: [{ version: 1, status: 'Approved' }] });
    expect((await run(['deploy', '1', '--deploy-function', 'acme-deploy-dev'])).code).toBe(0);
    expect(invocations.map((input) => input.FunctionName)).toEqual(['acme-deploy-dev']);
  });

  it('refuses a version that is not Approved, naming its status, without invoking the function', async () => {
    const { run, invocations } = awsStandIn({ packages: [{ version: 1 }, { version: 2, status: 'Rejected' }] });
    await expect(run(['deploy', '1'])).rejects.toThrow(
      `model package ${arnOf(1)} is PendingManualApproval; only Approved packages can be deployed`,
    );
    await expect(run(['deploy', '2'])).rejects.toThrow(`model package ${arnOf(2)} is Rejected`);
    expect(invocations).toHaveLength(0);
  });

  it("reports the function's refusal (FunctionError) and what is still served, exit 1", async () => {
    const { run } = awsStandIn({
      packages: [
        { version: 1, status: 'Approved' },
        { version: 2, status: 'Approved' },
      ],
      lastDeployed: 2,
      deployFunction: () => ({
        errorType: 'DeployRefusedError',
        errorMessage: `model package ${arnOf(1)} is Approved in group PowerForecastPackageGroup; only Approved packages of PowerForecastPackageGroup-dev are deployed`,
      }),
    });
    const result = await run(['deploy', '1']);
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toContain(
      `not deployed: powercast-deploy-dev answered DeployRefusedError: model package ${arnOf(1)} is Approved in group`,
    );
    expect(result.err).toContain(`served now: version 2 (${LAST_DEPLOYED})`);
  });

  it('refuses an answer that is not a deployment start', async () => {
    const { run } = awsStandIn({
      packages: [{ version: 1, status: 'Approved' }],
      deployFunction: () => ({ endpointName: ENDPOINT }) as DeploymentStart,
    });
    const result = await run(['deploy', '1']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('answered UnexpectedAnswer: expected the deployment it started');
  });

  it('does nothing when SSM last_deployed already names the version', async () => {
    const { run, invocations } = awsStandIn({ packages: [{ version: 1, status: 'Approved' }], lastDeployed: 1 });
    const result = await run(['deploy', '1']);
    expect(result).toMatchObject({
      code: 0,
      out: `${group} version 1 is already served (SSM last_deployed names it); nothing changed`,
    });
    expect(invocations).toHaveLength(0);
  });

  it('says visibly when the package carries no artifact_sha256', async () => {
    const { run } = awsStandIn({ packages: [{ version: 1, status: 'Approved', sha256: null }] });
    const result = await run(['deploy', '1']);
    expect(result.code).toBe(0);
    expect(result.err).toContain(`warning: ${group} version 1 carries no artifact_sha256`);
  });

  it('rollback deploys the newest Approved version older than the served one', async () => {
    const { run, payloads } = awsStandIn({
      packages: [
        { version: 1, status: 'Approved' },
        { version: 2, status: 'Approved' },
        { version: 3, status: 'Rejected' },
        { version: 4, status: 'Approved' },
      ],
      lastDeployed: 4,
    });
    const result = await run(['rollback']);
    expect(result.code).toBe(0);
    expect(payloads()).toEqual([{ modelPackageArn: arnOf(2) }]);
    expect(result.out).toContain(`deployment started: ${group} version 2, rolling back from version 4`);
  });

  it('rollback says there is nothing to roll back when no older version is Approved, or nothing is served', async () => {
    const oldest = awsStandIn({
      packages: [
        { version: 1, status: 'Rejected' },
        { version: 2, status: 'Approved' },
      ],
      lastDeployed: 2,
    });
    const none = await oldest.run(['rollback']);
    expect(none.code).toBe(1);
    expect(none.err).toContain(`${group} version 2 is served and no older version is Approved: nothing to roll back`);
    const nothingServed = awsStandIn({ packages: [{ version: 1, status: 'Approved' }] });
    const unset = await nothingServed.run(['rollback']);
    expect(unset.code).toBe(1);
    expect(unset.err).toContain(`${LAST_DEPLOYED} names no version of ${group} (not set): nothing to roll back`);
    expect([...oldest.invocations, ...nothingServed.invocations]).toHaveLength(0);
  });

  it('list marks the version SSM last_deployed names', async () => {
    const { run } = awsStandIn({
      packages: [
        { version: 1, status: 'Approved' },
        { version: 2, status: 'Approved' },
      ],
      lastDeployed: 1,
    });
    const result = await run(['list']);
    expect(result.out).toMatch(/^1 +Approved .*Z {2}← deployed$/m);
    expect(result.out).toMatch(/^2 +Approved .*Z$/m);
    expect(result.out).toContain(`deployed: version 1 (${LAST_DEPLOYED})`);
  });
});
