import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeModelPackageCommand, type DescribeModelPackageCommandOutput } from '@aws-sdk/client-sagemaker';
import { SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import {
  DeleteParameterCommand,
  GetParameterCommand,
  ParameterAlreadyExists,
  PutParameterCommand,
} from '@aws-sdk/client-ssm';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inputsOf, lambdaEnv, mockedClients, SECRET } from '../../test/aws-test-kit.js';
import { startTestS3, type TestS3 } from '@powercast/test-s3';
import { memoryLogger } from '../log/logger.js';
import { verifyApprovalToken } from '@powercast/aws-pipeline/approval';
import { createNotifyApproverHandler } from './notify-approver.js';

const pendingEvent = JSON.parse(
  readFileSync(new URL('../__fixtures__/model-package-state-change.pending.json', import.meta.url), 'utf8'),
) as {
  id: string;
  detail: Record<string, unknown> & { ModelPackageArn: string };
};
const PACKAGE_ARN = pendingEvent.detail.ModelPackageArn;
const BUCKET = 'power-forecasting-mlops-dev';
const now = new Date('2026-11-20T01:05:00.000Z');
const MARKER = '/power-forecasting/dev/approval/notified/PowerForecastPackageGroup/7';

function withDetail(changes: Record<string, unknown>): unknown {
  return { ...pendingEvent, detail: { ...pendingEvent.detail, ...changes } };
}

describe('notifyApprover handler', () => {
  let s3: TestS3;
  let aws: ReturnType<typeof mockedClients>;
  let handler: ReturnType<typeof createNotifyApproverHandler>;
  let described: DescribeModelPackageCommandOutput;

  beforeAll(async () => {
    s3 = await startTestS3({ buckets: [BUCKET], region: 'ap-northeast-1' });
    const put = (key: string, body: string): Promise<unknown> =>
      s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    await put(
      'artifacts/run-20261120T0100/evaluation/evaluation.json',
      JSON.stringify({
        regression_metrics: {
          mse: { value: 12345.6 },
          rmse: { value: 111.11 },
          mae: { value: 85.2 },
          mape: { value: 2.345 },
          r2: { value: 0.91 },
        },
      }),
    );
    await put('artifacts/run-20261120T0100/charts/model_metrics.png', 'png-bytes');
    await put('artifacts/run-20261120T0100/charts/prediction_vs_actual_timeseries.svg', '<svg/>');
    await put('artifacts/run-20261120T0100/charts/notes.txt', 'not a chart');
  });
  afterAll(async () => s3?.close());

  beforeEach(() => {
    aws = mockedClients();
    handler = createNotifyApproverHandler({
      env: lambdaEnv,
      clients: { sagemaker: aws.sagemaker, ssm: aws.ssm, ses: aws.ses, s3: s3.client },
      logger: memoryLogger(),
      clock: () => now,
    });
    aws.ssmMock.on(GetParameterCommand).resolves({ Parameter: { Value: SECRET } });
    aws.ssmMock.on(PutParameterCommand).resolves({ Version: 1 });
    aws.ssmMock.on(DeleteParameterCommand).resolves({});
    described = {
      ModelPackageName: 'PowerForecastPackageGroup',
      ModelPackageArn: PACKAGE_ARN,
      ModelPackageGroupName: 'PowerForecastPackageGroup',
      ModelPackageVersion: 7,
      ModelApprovalStatus: 'PendingManualApproval',
      ModelPackageStatus: 'Completed',
      ModelPackageStatusDetails: { ValidationStatuses: [] },
      CreationTime: new Date('2026-11-20T01:00:14Z'),
      ModelMetrics: {
        ModelQuality: {
          Statistics: {
            ContentType: 'application/json',
            S3Uri: `s3://${BUCKET}/artifacts/run-20261120T0100/evaluation/evaluation.json`,
          },
        },
      },
      CustomerMetadataProperties: { charts_s3_uri: `s3://${BUCKET}/artifacts/run-20261120T0100/charts/` },
      $metadata: {},
    };
    aws.sagemakerMock.on(DescribeModelPackageCommand).resolves(described);
    aws.sesMock.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
  });

  it('emails each approver the metrics against the threshold, 7-day chart links and their own signed links', async () => {
    const outcome = await handler(pendingEvent);
    expect(outcome).toEqual({ outcome: 'notified', recipients: 2, packageArn: PACKAGE_ARN });
    expect(inputsOf(aws.sagemakerMock, DescribeModelPackageCommand)).toEqual([{ ModelPackageName: PACKAGE_ARN }]);
    expect(inputsOf(aws.ssmMock, GetParameterCommand)).toEqual([
      { Name: '/power-forecasting/dev/approval/token-secret', WithDecryption: true },
    ]);
    expect(inputsOf(aws.ssmMock, PutParameterCommand)).toEqual([
      { Name: MARKER, Value: `2026-11-20T01:05:00.000Z ${pendingEvent.id}`, Type: 'String', Overwrite: false },
    ]);
    const emails = inputsOf(aws.sesMock, SendEmailCommand) as SendEmailCommandInput[];
    expect(
      emails.map((email) => ({
        from: email.FromEmailAddress,
        to: email.Destination,
        subject: email.Content?.Simple?.Subject,
      })),
    ).toEqual([
      {
        from: 'powercast@example.com',
        to: { ToAddresses: ['ops@example.com'] },
        subject: { Data: '[Powercast] Approve model PowerForecastPackageGroup version 7?', Charset: 'UTF-8' },
      },
      {
        from: 'powercast@example.com',
        to: { ToAddresses: ['lead@example.com'] },
        subject: { Data: '[Powercast] Approve model PowerForecastPackageGroup version 7?', Charset: 'UTF-8' },
      },
    ]);
    const text = emails[0]?.Content?.Simple?.Body?.Text?.Data ?? '';
    expect(text).toContain('MSE (万kW²): 12345.60 (within threshold 40000.00)');
    expect(text).toContain('RMSE (万kW): 111.11 (within √threshold 200.00)');
    expect(text).toContain('MAPE (%): 2.345');
    expect(emails[0]?.Content?.Simple?.Body?.Html?.Data).toContain('<td>MSE (万kW²)</td><td>12345.60</td>');

    const chartLinks = [...text.matchAll(/^ {2}(\S+\.(?:png|svg)): (\S+)$/gm)].map((m) => ({
      name: m[1],
      url: new URL(m[2] as string),
    }));
    expect(chartLinks.map((c) => c.name)).toEqual(['model_metrics.png', 'prediction_vs_actual_timeseries.svg']);
    for (const chart of chartLinks) {
      expect(chart.url.searchParams.get('X-Amz-Expires')).toBe('604800');
      expect((await fetch(chart.url)).status).toBe(200);
    }

    const link = (action: string): URL =>
      new URL(
        new RegExp(`${action === 'approve' ? 'Approve' : 'Reject'} \\(then confirm on the page\\): (\\S+)`).exec(
          text,
        )?.[1] ?? '',
      );
    const approve = link('approve');
    expect(approve.origin + approve.pathname).toBe(lambdaEnv.APPROVAL_URL);
    expect(approve.searchParams.get('action')).toBe('approve');
    const verified = verifyApprovalToken({
      secret: SECRET,
      token: approve.searchParams.get('token'),
      expectedAction: 'approve',
      nowSeconds: now.getTime() / 1000,
    });
    expect(verified.ok && verified.claims).toMatchObject({
      pkg: PACKAGE_ARN,
      sub: 'ops@example.com',
      exp: now.getTime() / 1000 + 72 * 3600,
    });
    const reject = link('reject');
    expect(
      verifyApprovalToken({
        secret: SECRET,
        token: reject.searchParams.get('token'),
        expectedAction: 'reject',
        nowSeconds: now.getTime() / 1000,
      }).ok,
    ).toBe(true);
  });

  it.each([
    ['another group', { ModelPackageGroupName: 'SomeoneElsesGroup' }],
    ['an Approved package', { ModelApprovalStatus: 'Approved' }],
    ['a Rejected package', { ModelApprovalStatus: 'Rejected' }],
    ['a metadata-only update of a pending package', { UpdatedModelPackageFields: ['CustomerMetadataProperties'] }],
  ])('ignores %s', async (_name, change) => {
    const outcome = await handler(withDetail(change));
    expect(outcome.outcome).toBe('ignored');
    expect(aws.sagemakerMock.commandCalls(DescribeModelPackageCommand)).toHaveLength(0);
    expect(aws.sesMock.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('still asks for approval when the evaluation report is missing, and says so', async () => {
    aws.sagemakerMock.on(DescribeModelPackageCommand).resolves({
      ...described,
      ModelMetrics: {
        ModelQuality: {
          Statistics: { ContentType: 'application/json', S3Uri: `s3://${BUCKET}/artifacts/missing/evaluation.json` },
        },
      },
    });
    expect((await handler(pendingEvent)).outcome).toBe('notified');
    const text =
      (inputsOf(aws.sesMock, SendEmailCommand) as SendEmailCommandInput[])[0]?.Content?.Simple?.Body?.Text?.Data ?? '';
    expect(text).toMatch(/WARNING: the evaluation report could not be read \(NoSuchKey/);
    expect(text).toContain('metrics: none recorded in the package');
  });

  it('leads the email with the ex-ante figure of an evaluation report that has one, then the backcast and TEPCO', async () => {
    const block = (mse: number, mape: number, nDays: number) => ({
      n_days: nDays,
      regression_metrics: {
        mse: { value: mse },
        rmse: { value: Math.sqrt(mse) },
        mae: { value: 80 },
        mape: { value: mape },
        r2: { value: 0.9 },
        max_error: { value: 400 },
        bias: { value: 10 },
      },
    });
    const key = 'artifacts/run-20261201T0100/evaluation/evaluation.json';
    await s3.client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        Body: JSON.stringify({
          ...block(13906.8, 2.477, 92),
          basis: 'ex-ante',
          ex_ante: {
            ...block(13906.8, 2.477, 92),
            issue_time: '18:00',
            variants: { with_history: block(13906.8, 2.477, 92), weather_calendar: block(16143.9, 2.74, 92) },
          },
          no_ex_ante_reason: null,
          backcast: block(9356.7, 2.123, 92),
          tepco_night_before: null,
          no_tepco_reason: 'no night-before value stamped before 06:00 of D for a test day',
        }),
      }),
    );
    aws.sagemakerMock.on(DescribeModelPackageCommand).resolves({
      ...described,
      ModelMetrics: {
        ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: `s3://${BUCKET}/${key}` } },
      },
    });
    expect((await handler(pendingEvent)).outcome).toBe('notified');
    const text =
      (inputsOf(aws.sesMock, SendEmailCommand) as SendEmailCommandInput[])[0]?.Content?.Simple?.Body?.Text?.Data ?? '';
    const exAnte = text.indexOf('Ex-ante test metrics (each day forecast as of 18:00 JST the day before');
    expect(exAnte).toBeGreaterThan(-1);
    expect(text.indexOf('MSE (万kW²): 13906.80 (within threshold 40000.00)')).toBeGreaterThan(exAnte);
    expect(text.indexOf('Backcast (observed weather of the day itself')).toBeGreaterThan(exAnte);
    expect(text).toContain("TEPCO's night-before forecast: none in the test window (n 0)");
  });

  it('sends once when SageMaker delivers the same state change twice', async () => {
    await handler(pendingEvent);
    aws.ssmMock
      .on(PutParameterCommand)
      .rejects(new ParameterAlreadyExists({ message: 'The parameter already exists.', $metadata: {} }));
    const second = await handler({ ...pendingEvent, id: '9f1c2b3a-0000-4000-8000-000000000002' });
    expect(second.outcome).toBe('ignored');
    expect(aws.sesMock.commandCalls(SendEmailCommand)).toHaveLength(2);
  });

  it('removes the marker when sending fails, so the retry sends', async () => {
    aws.sesMock.on(SendEmailCommand).rejects(new Error('Throttling: Maximum sending rate exceeded.'));
    await expect(handler(pendingEvent)).rejects.toThrow(/Maximum sending rate/);
    expect(inputsOf(aws.ssmMock, DeleteParameterCommand)).toEqual([{ Name: MARKER }]);
  });

  it('ignores a stale event when the package was decided meanwhile', async () => {
    aws.sagemakerMock.on(DescribeModelPackageCommand).resolves({ ...described, ModelApprovalStatus: 'Approved' });
    expect((await handler(pendingEvent)).outcome).toBe('ignored');
    expect(aws.sesMock.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('rejects an event that is not a model package state change, naming the field', async () => {
    await expect(handler({ ...pendingEvent, 'detail-type': 'SageMaker Endpoint State Change' })).rejects.toThrow(
      /detail-type/,
    );
  });
});
