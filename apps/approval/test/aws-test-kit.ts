import { SageMakerClient, SageMakerServiceException } from '@aws-sdk/client-sagemaker';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';

/** Region and dummy credentials so no client ever looks for real ones. */
export const clientConfig = {
  region: 'ap-northeast-1',
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret-key' },
} as const;

export const SECRET = 'approval-test-secret-3f9c2a7e5b1d4c8a9e6f0b2d';
export const ACCOUNT = '123456789012';
export const PACKAGE_ARN = `arn:aws:sagemaker:ap-northeast-1:${ACCOUNT}:model-package/powerforecastpackagegroup/7`;
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/powercast-sagemaker-execution-dev`;
export const TOPIC_ARN = `arn:aws:sns:ap-northeast-1:${ACCOUNT}:powercast-deployments-dev`;
export const ENDPOINT = 'power-forecast-serverless-dev';

export const lambdaEnv = {
  POWERCAST_ENV: 'dev',
  APPROVAL_URL: 'https://a1b2c3d4e5.execute-api.ap-northeast-1.amazonaws.com/approval',
  APPROVER_EMAILS: 'ops@example.com, lead@example.com',
  SENDER_EMAIL: 'powercast@example.com',
  SAGEMAKER_EXECUTION_ROLE_ARN: ROLE_ARN,
  FAILURE_TOPIC_ARN: TOPIC_ARN,
};

/** Four mocked clients (instances, so each test starts clean). */
export function mockedClients() {
  const sagemaker = new SageMakerClient(clientConfig);
  const ssm = new SSMClient(clientConfig);
  const ses = new SESv2Client(clientConfig);
  const sns = new SNSClient(clientConfig);
  return {
    sagemaker,
    ssm,
    ses,
    sns,
    sagemakerMock: mockClient(sagemaker),
    ssmMock: mockClient(ssm),
    sesMock: mockClient(ses),
    snsMock: mockClient(sns),
  };
}

/** What SageMaker answers for a resource that does not exist. */
export function validationException(message: string): SageMakerServiceException {
  return new SageMakerServiceException({
    name: 'ValidationException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message,
  });
}

export function parameterNotFound(): ParameterNotFound {
  return new ParameterNotFound({ message: 'ParameterNotFound', $metadata: { httpStatusCode: 400 } });
}

/** Inputs of every call of one command, in order. */
export function inputsOf(
  mock: { commandCalls: (command: never) => Array<{ args: [{ input: unknown }] }> },
  command: unknown,
): unknown[] {
  return mock.commandCalls(command as never).map((call) => call.args[0].input);
}
