import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeModelPackageCommand, ListModelPackagesCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { contentHash, parseConfig, powercastPipeline } from '@powercast/aws-pipeline';
import { compilePipeline } from '@powercast/aws-pipeline/sagemaker';
import type { CliIo } from '@powercast/contracts/cli';
import { startTestS3, type TestS3 } from '@powercast/test-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dataDir } from '../../test/cli.js';
import { argumentsOf, evaluationJob, packModel, runDataSteps, trainingJob } from './__fixtures__/opt-ml.js';
import { OPT_ML_ROOT_ENV, stepCommand } from './step.js';

const config = parseConfig({});
const pipeline = powercastPipeline(config, 's3://bucket/data');
const group = config.registry_group;
const lastDeployed = '/power-forecasting/dev/sagemaker/deploy/last_deployed';
const championArn = `arn:aws:sagemaker:ap-northeast-1:123456789012:model-package/${group.toLowerCase()}/1`;
const championKey = 'models/exec-1/TrainModel/output/model.tar.gz';

const sagemaker = mockClient(SageMakerClient);
const ssm = mockClient(SSMClient);

/** The environment the compiled EvaluateModel job runs with (read from the definition, not retyped). */
const evaluateEnvironment = (() => {
  const compiled = compilePipeline(pipeline, { aws: config.aws });
  const evaluate = compiled.Steps.find((step) => step.Name === 'EvaluateModel')!;
  return (evaluate.Arguments as { Environment: Record<string, string> }).Environment;
})();

async function step(root: string, argv: string[], env: Record<string, string> = {}, s3?: TestS3): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', [OPT_ML_ROOT_ENV]: root, ...env },
    cwd: root,
  };
  const code = await stepCommand(argv, io, s3 === undefined ? {} : { s3: s3.client });
  expect(err.join('\n')).toBe('');
  expect(code).toBe(0);
  return out.join('\n');
}

interface Champion {
  outcome: string;
  passes: boolean;
  reason: string;
  candidate_mse: number;
  deployed_mse: number | null;
  deployed: { version: number } | null;
}

describe.skipIf(!dataDir)('step evaluate on SageMaker: the champion/challenger comparison', () => {
  let s3: TestS3;
  /** The evaluate job's /opt/ml, with a deliberately poor candidate (2 trees) as its model. */
  let evaluate: string;
  let championTarball: Uint8Array;

  beforeAll(async () => {
    s3 = await startTestS3();
    const data = await runDataSteps(pipeline, dataDir!, step);
    const train = async (hyperparameters: Record<string, number>): Promise<string> => {
      const root = trainingJob(pipeline, data, {
        hyperparameters: JSON.stringify({ ...config.hyperparameters, ...hyperparameters }),
      });
      await step(root, ['train']);
      const tarball = join(root, 'model.tar.gz');
      packModel(root, tarball);
      return tarball;
    };
    championTarball = readFileSync(await train({}));
    evaluate = evaluationJob(data, await train({ n_estimators: 2 }));
  }, 600_000);
  afterAll(async () => s3?.close());

  beforeEach(async () => {
    sagemaker.reset();
    ssm.reset();
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: championKey, Body: championTarball }));
    ssm
      .on(GetParameterCommand, { Name: lastDeployed })
      .resolves({ Parameter: { Name: lastDeployed, Value: championArn } });
    sagemaker.on(DescribeModelPackageCommand, { ModelPackageName: championArn }).resolves({
      ModelPackageArn: championArn,
      ModelPackageGroupName: group,
      ModelPackageVersion: 1,
      ModelApprovalStatus: 'Approved',
      CreationTime: new Date('2026-11-01T00:00:00Z'),
      InferenceSpecification: {
        Containers: [{ Image: 'img@sha256:ab', ModelDataUrl: `s3://${s3.bucket}/${championKey}` }],
      },
      CustomerMetadataProperties: {
        training_window_from: '2016-04-01',
        training_window_to: '2023-09-30',
        data_fingerprint: 'fp',
        artifact_sha256: contentHash(championTarball),
      },
    });
  });

  const evaluateOnSageMaker = async (): Promise<Champion> => {
    await step(evaluate, ['evaluate', ...argumentsOf(pipeline, 'EvaluateModel')], evaluateEnvironment, s3);
    const report = JSON.parse(
      readFileSync(join(evaluate, 'processing', 'output', 'evaluation', 'evaluation.json'), 'utf8'),
    ) as { champion: Champion };
    return report.champion;
  };

  it('fails the gate for a candidate worse than the deployed package, with the reason CheckChampion records', async () => {
    const champion = await evaluateOnSageMaker();
    expect(champion).toMatchObject({ outcome: 'compared', passes: false, deployed: { version: 1 } });
    expect(champion.candidate_mse).toBeGreaterThan(champion.deployed_mse! * 1.05);
    expect(champion.reason).toMatch(
      /^worse than the deployed model: candidate ex-ante mse .* \(deployed v1 ex-ante mse /,
    );
    expect(ssm.commandCalls(GetParameterCommand).map((call) => call.args[0].input)).toEqual([{ Name: lastDeployed }]);
  });

  it('does not compare with a deployed artifact that no longer matches its registered sha256, and says why', async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: championKey, Body: 'tampered' }));
    const champion = await evaluateOnSageMaker();
    expect(champion).toMatchObject({ outcome: 'not-compared', passes: true, deployed: null });
    expect(champion.reason).toContain(`artifact s3://${s3.bucket}/${championKey} does not match its recorded sha256`);
  });

  it('passes and says so when the group has no deployed or Approved package', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    sagemaker.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [] });
    const champion = await evaluateOnSageMaker();
    expect(champion).toMatchObject({ outcome: 'no-deployed-model', passes: true });
    expect(champion.reason).toBe(`no deployed model in ${group}: the champion/challenger gate passes`);
  });
});
