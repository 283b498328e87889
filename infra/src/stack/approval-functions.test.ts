import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ref, resourceWhere, synthesized, type Resource } from '../../test/synthesized-stack.js';
import { environmentNames } from '../config/environment-config.js';
import { approvalHandlerNames, type ApprovalHandlerName } from '@powercast/contracts';
import type { PolicyDocument } from '../iam/policy-document.js';
import { parseConfig } from '@powercast/aws-pipeline';

const kebab = (name: string): string => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** The calls each handler makes (apps/approval src/aws/*.ts), as the IAM actions they need. */
const deployerActions = [
  'sagemaker:CreateModel',
  'sagemaker:AddTags',
  'sagemaker:CreateEndpointConfig',
  'sagemaker:DeleteEndpointConfig',
  'sagemaker:CreateEndpoint',
  'sagemaker:UpdateEndpoint',
  'sagemaker:DescribeEndpoint',
  'sagemaker:ListEndpointConfigs',
  'iam:PassRole',
];
const logActions = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const expectedActions: Record<ApprovalHandlerName, string[]> = {
  notifyApprover: [
    ...logActions,
    'sagemaker:DescribeModelPackage',
    'ssm:GetParameter',
    'ssm:PutParameter',
    'ssm:DeleteParameter',
    's3:ListBucket',
    's3:GetObject',
    'ses:SendEmail',
  ],
  decide: [
    ...logActions,
    'sagemaker:DescribeModelPackage',
    'sagemaker:UpdateModelPackage',
    'ssm:GetParameter',
    'ssm:PutParameter',
    'ssm:DeleteParameter',
    's3:ListBucket',
    's3:GetObject',
    ...deployerActions,
  ],
  deploy: [...logActions, 'sagemaker:DescribeModelPackage', ...deployerActions],
  recordDeployment: [
    ...logActions,
    'sagemaker:DescribeEndpointConfig',
    'sagemaker:DescribeModel',
    'ssm:PutParameter',
    'sns:Publish',
  ],
};

describe.each(environmentNames)('approval Lambdas (%s)', (environment) => {
  const { json, config, stackDir } = synthesized(environment);
  const lambda = (name: ApprovalHandlerName): Resource =>
    resourceWhere(
      json,
      'aws_lambda_function',
      (values) => values.function_name === `powercast-${kebab(name)}-${environment}`,
    );
  const roleOf = (name: ApprovalHandlerName): Resource =>
    resourceWhere(json, 'aws_iam_role', (values) => values.name === `powercast-${kebab(name)}-lambda-${environment}`);
  const policyOf = (name: ApprovalHandlerName): PolicyDocument =>
    JSON.parse(
      resourceWhere(json, 'aws_iam_role_policy', (values) => values.role === ref(roleOf(name), 'id')).values
        .policy as string,
    );
  const variables = (name: ApprovalHandlerName): Record<string, string> =>
    (lambda(name).values.environment as { variables: Record<string, string> }).variables;

  it.each(approvalHandlerNames)('runs %s from its bundle on Node 20 with its own role and log group', (name) => {
    const fn = lambda(name);
    const logGroup = resourceWhere(
      json,
      'aws_cloudwatch_log_group',
      (values) => values.name === `/aws/lambda/powercast-${kebab(name)}-${environment}`,
    );
    expect(fn.values).toMatchObject({
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      architectures: ['arm64'],
      role: ref(roleOf(name), 'arn'),
      memory_size: config.lambda.memorySizeMb,
      timeout: config.lambda.timeoutSeconds,
      logging_config: { log_format: 'JSON', log_group: ref(logGroup, 'name') },
    });
    expect(logGroup.values.retention_in_days).toBe(config.lambda.logRetentionDays);
    const filename = fn.values.filename as string;
    expect(filename).toMatch(new RegExp(`^assets/.+/${kebab(name)}\\.zip$`));
    expect(existsSync(join(stackDir, filename))).toBe(true);
    expect(fn.values.source_code_hash).toBe(`\${filebase64sha256("${filename}")}`);
  });

  it.each(approvalHandlerNames)('gives %s exactly the actions its handler calls', (name) => {
    const actions = policyOf(name).Statement.flatMap((statement) => statement.Action);
    // Presigned chart links need the bucket key when the bucket is KMS-encrypted.
    const kms =
      (name === 'notifyApprover' || name === 'decide') && config.storage.encryption === 'aws:kms'
        ? ['kms:Decrypt']
        : [];
    expect(new Set(actions)).toEqual(new Set([...expectedActions[name], ...kms]));
    expect(JSON.parse(roleOf(name).values.assume_role_policy as string).Statement[0].Principal).toEqual({
      Service: 'lambda.amazonaws.com',
    });
  });

  it("writes each function's logs only to its own log group", () => {
    for (const name of approvalHandlerNames) {
      const logGroup = resourceWhere(
        json,
        'aws_cloudwatch_log_group',
        (values) => values.name === `/aws/lambda/powercast-${kebab(name)}-${environment}`,
      );
      const logs = policyOf(name).Statement.find((statement) => statement.Sid === 'WriteOwnLogs');
      expect(logs?.Resource).toEqual([`${ref(logGroup, 'arn')}:*`]);
    }
  });

  it('reserves one concurrent deployment and leaves the others unreserved', () => {
    expect(lambda('deploy').values.reserved_concurrent_executions).toBe(1);
    for (const name of ['notifyApprover', 'decide', 'recordDeployment'] as const) {
      expect(lambda(name).values.reserved_concurrent_executions).toBeUndefined();
    }
  });

  it("sets the environment variables apps/approval reads, wired to this environment's resources", () => {
    const api = resourceWhere(json, 'aws_apigatewayv2_api');
    const executionRole = resourceWhere(
      json,
      'aws_iam_role',
      (values) => values.name === `powercast-sagemaker-execution-${environment}`,
    );
    const topic = resourceWhere(json, 'aws_sns_topic');
    const common = { POWERCAST_ENV: environment, MODEL_PACKAGE_GROUP: `PowerForecastPackageGroup-${environment}` };
    const deployment = {
      ENDPOINT_NAME: `power-forecast-serverless-${environment}`,
      SAGEMAKER_EXECUTION_ROLE_ARN: ref(executionRole, 'arn'),
      SERVERLESS_MEMORY_SIZE_MB: '2048',
      SERVERLESS_MAX_CONCURRENCY: '1',
      ENDPOINT_CONFIGS_TO_KEEP: '3',
    };
    const secret = `/power-forecasting/${environment}/approval/token-secret`;
    expect(variables('notifyApprover')).toMatchObject({
      ...common,
      APPROVAL_URL: `${ref(api, 'api_endpoint')}/approval`,
      APPROVER_EMAILS: config.approverEmail,
      SENDER_EMAIL: config.approverEmail,
      APPROVAL_SECRET_PARAMETER: secret,
      TOKEN_TTL_HOURS: '72',
      MSE_THRESHOLD: '40000',
    });
    expect(variables('decide')).toMatchObject({ ...common, ...deployment, APPROVAL_SECRET_PARAMETER: secret });
    expect(variables('deploy')).toMatchObject({ ...common, ...deployment });
    expect(variables('recordDeployment')).toMatchObject({
      ...common,
      ENDPOINT_NAME: deployment.ENDPOINT_NAME,
      FAILURE_TOPIC_ARN: ref(topic, 'arn'),
    });
  });

  it.each(['deploy', 'decide'] as const)(
    'lets %s pass only the SageMaker execution role, only to SageMaker',
    (name) => {
      const executionRole = resourceWhere(
        json,
        'aws_iam_role',
        (values) => values.name === `powercast-sagemaker-execution-${environment}`,
      );
      const passRole = policyOf(name).Statement.filter((statement) => statement.Action.includes('iam:PassRole'));
      expect(passRole).toEqual([
        {
          Sid: 'PassExecutionRoleToModel',
          Effect: 'Allow',
          Action: ['iam:PassRole'],
          Resource: [ref(executionRole, 'arn')],
          Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
        },
      ]);
    },
  );

  it.each(['deploy', 'decide'] as const)(
    'limits %s to its own endpoint and the configs and models the deployer names',
    (name) => {
      const resources = policyOf(name)
        .Statement.filter((statement) =>
          statement.Action.some((action) =>
            /^sagemaker:(Create|Update|Delete)(Model|Endpoint|EndpointConfig)$/.test(action),
          ),
        )
        .flatMap((statement) => statement.Resource ?? [])
        .map((arn) => arn.split(':').slice(5).join(':'));
      expect(new Set(resources)).toEqual(
        new Set([
          `endpoint/power-forecast-serverless-${environment}`,
          `endpoint-config/power-forecast-serverless-${environment}-v*`,
          `model/power-forecast-serverless-${environment}-v*`,
        ]),
      );
    },
  );

  it("scopes every model grant to this environment's models, which no other environment's names match", () => {
    const modelArns = approvalHandlerNames.flatMap((name) =>
      policyOf(name)
        .Statement.filter((statement) =>
          statement.Action.some((action) => /^sagemaker:(Create|Describe)Model$/.test(action)),
        )
        .flatMap((statement) => statement.Resource ?? []),
    );
    expect(modelArns.length).toBe(3); // deploy, decide: CreateModel; recordDeployment: DescribeModel
    const modelPatterns = new Set(modelArns.map((arn) => arn.split(':').slice(5).join(':')));
    expect(modelPatterns).toEqual(new Set([`model/power-forecast-serverless-${environment}-v*`]));
    // What apps/approval's deployer names a model in this environment and in the other one.
    const modelName = (env: string): string => `power-forecast-serverless-${env}-v7-20261120013000`;
    const matches = (name: string): boolean =>
      [...modelPatterns].some((pattern) => `model/${name}`.startsWith(pattern.slice(0, -1)));
    expect(matches(modelName(environment))).toBe(true);
    for (const other of environmentNames.filter((env) => env !== environment))
      expect(matches(modelName(other))).toBe(false);
  });

  it("lets only decide change a package's approval status, and only in its own group", () => {
    const updaters = approvalHandlerNames.filter((name) =>
      policyOf(name).Statement.some((statement) => statement.Action.includes('sagemaker:UpdateModelPackage')),
    );
    expect(updaters).toEqual(['decide']);
    const update = policyOf('decide').Statement.find((statement) =>
      statement.Action.includes('sagemaker:UpdateModelPackage'),
    );
    expect(update?.Resource?.[0]).toMatch(new RegExp(`:model-package/powerforecastpackagegroup-${environment}/\\*$`));
  });

  it('gives each function exactly the SSM parameters it reads and writes', () => {
    const parametersFor = (name: ApprovalHandlerName, action: string): string[] =>
      policyOf(name)
        .Statement.filter((statement) => statement.Action.includes(action))
        .flatMap((statement) => statement.Resource ?? [])
        .map((arn) => arn.slice(arn.indexOf(':parameter/') + ':parameter'.length));
    const root = `/power-forecasting/${environment}`;
    expect(parametersFor('notifyApprover', 'ssm:GetParameter')).toEqual([`${root}/approval/token-secret`]);
    // The idempotency marker apps/approval writes create-only and deletes on a failed send: only under its own prefix.
    expect(parametersFor('notifyApprover', 'ssm:PutParameter')).toEqual([`${root}/approval/notified/*`]);
    expect(parametersFor('notifyApprover', 'ssm:DeleteParameter')).toEqual([`${root}/approval/notified/*`]);
    // decide's create-only decision marker (one decision per version wins), freed again when the update fails.
    expect(parametersFor('decide', 'ssm:DeleteParameter')).toEqual([`${root}/approval/decided/*`]);
    for (const name of approvalHandlerNames.filter((fn) => fn !== 'notifyApprover' && fn !== 'decide'))
      expect(parametersFor(name, 'ssm:DeleteParameter')).toEqual([]);
    expect(parametersFor('decide', 'ssm:GetParameter')).toEqual([
      `${root}/approval/token-secret`,
      `${root}/sagemaker/deploy/last_deployed`,
      `${root}/approval/decided/*`,
    ]);
    expect(parametersFor('decide', 'ssm:PutParameter')).toEqual([
      `${root}/sagemaker/model-registry/approved`,
      `${root}/approval/decided/*`,
    ]);
    expect(parametersFor('recordDeployment', 'ssm:PutParameter')).toEqual([
      `${root}/sagemaker/deploy/last_deployed`,
      `${root}/sagemaker/deploy/current_endpoint`,
    ]);
    expect(parametersFor('deploy', 'ssm:GetParameter')).toEqual([]);
  });

  it('lets decide read only the evidence its confirmation page shows (evaluation.json, the charts), not the models', () => {
    const bucket = resourceWhere(json, 'aws_s3_bucket');
    const statements = policyOf('decide').Statement;
    const read = statements.find((statement) => statement.Action.includes('s3:GetObject'));
    expect(read?.Resource).toEqual([`${ref(bucket, 'arn')}/models/*`]);
    const list = statements.find((statement) => statement.Action.includes('s3:ListBucket'));
    expect(list).toMatchObject({
      Resource: [ref(bucket, 'arn')],
      Condition: { StringLike: { 's3:prefix': ['models/*/VisualizeResults/charts*'] } },
    });
    // Where the compiled pipeline writes them: the evidence URIs a registered package carries.
    const definition = JSON.parse(resourceWhere(json, 'aws_sagemaker_pipeline').values.pipeline_definition as string);
    const text = JSON.stringify(definition);
    expect(text).toContain('"models",{"Get":"Execution.PipelineExecutionId"},"EvaluateModel","evaluation"');
    expect(text).toContain('"models",{"Get":"Execution.PipelineExecutionId"},"VisualizeResults","charts"');
    expect(statements.some((statement) => statement.Action.includes('kms:Decrypt'))).toBe(environment === 'prod');
  });

  it('lets notifyApprover send mail only from the approver identity', () => {
    const identity = resourceWhere(json, 'aws_sesv2_email_identity');
    const send = policyOf('notifyApprover').Statement.find((statement) => statement.Action.includes('ses:SendEmail'));
    expect(send?.Resource).toEqual([ref(identity, 'arn')]);
  });
});

describe('the approval email threshold', () => {
  it("comes from the pipeline config (powercast.config.yaml), like the pipeline's own condition", () => {
    const { json } = synthesized('dev', { pipelineConfig: parseConfig({ mse_threshold: 12_345 }) });
    const notify = resourceWhere(
      json,
      'aws_lambda_function',
      (values) => values.function_name === 'powercast-notify-approver-dev',
    );
    expect((notify.values.environment as { variables: Record<string, string> }).variables.MSE_THRESHOLD).toBe('12345');
  });
});
