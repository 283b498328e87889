import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeModelPackageCommand, UpdateModelPackageCommand } from '@aws-sdk/client-sagemaker';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { issueApprovalToken } from '@powercast/aws-pipeline/approval';
import { startTestS3, type TestS3 } from '@powercast/test-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inputsOf, lambdaEnv, mockedClients, PACKAGE_ARN, SECRET } from '../../test/aws-test-kit.js';
import { httpApiV2Event } from '../__fixtures__/api-gateway-events.js';
import { memoryLogger } from '../log/logger.js';
import { createDecideHandler } from './decide.js';

const BUCKET = 'power-forecasting-mlops-dev';
const now = new Date('2026-11-20T01:30:00.000Z');
const nowSeconds = Math.floor(now.getTime() / 1000);
const block = (mse: number, mape: number, bias: number, n = 92) => ({
  n_days: n,
  regression_metrics: {
    mse: { value: mse },
    rmse: { value: Math.sqrt(mse) },
    mae: { value: 90 },
    mape: { value: mape },
    r2: { value: 0.9 },
    bias: { value: bias },
  },
});
/** evaluation.json as EvaluateModel writes it, with the comparison with the deployed version 6. */
const evaluation = {
  ...block(13_900, 2.48, 12.3),
  basis: 'ex-ante',
  ex_ante: {
    ...block(13_900, 2.48, 12.3),
    issue_time: '18:00',
    variants: { with_history: block(13_900, 2.48, 12.3), weather_calendar: block(17_862, 2.93, 147) },
  },
  no_ex_ante_reason: null,
  backcast: { ...block(7_804, 1.98, 5) },
  tepco_night_before: null,
  no_tepco_reason: 'no night-before value stamped before 06:00 of D',
  champion: {
    outcome: 'compared',
    basis: 'ex-ante',
    margin_pct: 5,
    candidate_mse: 13_900,
    deployed_mse: 14_200,
    allowed_mse: 14_910,
    passes: true,
    reason: 'candidate ex-ante mse 13900.0 <= allowed 14910.0 (deployed v6 ex-ante mse 14200.0 + 5 % margin)',
    deployed: {
      version: 6,
      artifact_uri: `s3://${BUCKET}/models/v6/model.tar.gz`,
      training_window: { from: '2016-04-01', to: '2023-06-30' },
      days_in_training: 0,
      basis: 'ex-ante',
      gated: block(14_200, 2.61, -20.5),
      variants: { with_history: block(14_200, 2.61, -20.5), weather_calendar: block(18_500, 3.02, 160) },
    },
  },
};

describe('decide handler: the confirmation page shows the evidence (metrics, comparison, charts)', () => {
  let s3: TestS3;
  let aws: ReturnType<typeof mockedClients>;
  let handler: ReturnType<typeof createDecideHandler>;
  const described = (extra: Record<string, unknown>) => ({
    ModelPackageArn: PACKAGE_ARN,
    ModelPackageGroupName: 'PowerForecastPackageGroup',
    ModelPackageVersion: 7,
    ModelApprovalStatus: 'PendingManualApproval' as const,
    ...extra,
  });
  const page = async (): Promise<string> => {
    const token = issueApprovalToken({
      secret: SECRET,
      packageId: PACKAGE_ARN,
      action: 'approve',
      approver: 'ops@example.com',
      nowSeconds: nowSeconds - 60,
    });
    const response = await handler(httpApiV2Event('GET', { action: 'approve', token }));
    expect(response.statusCode).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    s3 = await startTestS3({ buckets: [BUCKET], region: 'ap-northeast-1' });
    const put = (key: string, body: string): Promise<unknown> =>
      s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    await put('models/exec-7/EvaluateModel/evaluation/evaluation.json', JSON.stringify(evaluation));
    await put('models/exec-7/VisualizeResults/charts/prediction_vs_actual_timeseries.png', 'png-bytes');
  });
  afterAll(async () => s3?.close());

  beforeEach(() => {
    aws = mockedClients();
    handler = createDecideHandler({
      env: lambdaEnv,
      clients: { sagemaker: aws.sagemaker, ssm: aws.ssm, s3: s3.client },
      logger: memoryLogger(),
      clock: () => now,
    });
    aws.ssmMock.on(GetParameterCommand).resolves({ Parameter: { Value: SECRET, Type: 'SecureString' } });
  });

  it('shows both variants, the comparison with the deployed model and presigned chart links', async () => {
    aws.sagemakerMock.on(DescribeModelPackageCommand).resolves(
      described({
        ModelPackageDescription: 'Powercast daily peak demand forecaster (TEPCO area); CheckChampion: candidate …',
        ModelMetrics: {
          ModelQuality: {
            Statistics: {
              ContentType: 'application/json',
              S3Uri: `s3://${BUCKET}/models/exec-7/EvaluateModel/evaluation/evaluation.json`,
            },
          },
        },
        CustomerMetadataProperties: { charts_s3_uri: `s3://${BUCKET}/models/exec-7/VisualizeResults/charts` },
      }),
    );
    const html = await page();
    expect(html).toContain('<td>MSE (万kW²)</td><td>13900.00</td><td>within threshold 40000.00</td>');
    expect(html).toContain('<td>with-history variant</td><td>MAPE 2.480 %, RMSE 117.90, bias 12.3, n 92</td>');
    expect(html).toContain('<td>weather+calendar variant</td><td>MAPE 2.930 %, RMSE 133.65, bias 147.0, n 92</td>');
    expect(html).toContain(
      'Compared with the model deployed now (version 6), same days, same ex-ante code: not worse than the margin allows',
    );
    expect(html).toContain(
      '<td>candidate MSE (万kW²)</td><td>13900.00</td><td>within allowed 14910.00 (deployed + 5 %)</td>',
    );
    expect(html).toContain('<td>deployed version 6 MAPE (%)</td><td>2.610</td><td>candidate 2.480</td>');
    expect(html).toContain('<strong>Pipeline note</strong>: Powercast daily peak demand forecaster');
    expect(html).toMatch(
      /<a href="http:\/\/[^"]+\/models\/exec-7\/VisualizeResults\/charts\/prediction_vs_actual_timeseries\.png\?[^"]*X-Amz-Signature=[0-9a-f]+[^"]*">prediction_vs_actual_timeseries\.png<\/a>/,
    );
    // One DescribeModelPackage, nothing decided: the GET stays read-only.
    expect(inputsOf(aws.sagemakerMock, DescribeModelPackageCommand)).toHaveLength(1);
    expect(aws.sagemakerMock.commandCalls(UpdateModelPackageCommand)).toHaveLength(0);
  });

  it('still shows the page, with a warning, when the evaluation report cannot be read', async () => {
    aws.sagemakerMock.on(DescribeModelPackageCommand).resolves(
      described({
        ModelMetrics: {
          ModelQuality: {
            Statistics: { ContentType: 'application/json', S3Uri: `s3://${BUCKET}/models/missing/evaluation.json` },
          },
        },
      }),
    );
    const html = await page();
    expect(html).toContain('<strong>Warning:</strong> the evaluation report could not be read (');
    expect(html).toContain('No test metrics are recorded for this package.');
    expect(html).toContain('<form method="post">');
  });
});
