import { approvalHandlerNames, approvalHandlers, type ApprovalHandlerName } from './approval-handlers.js';
import { parameterNames, type ParameterNames } from './parameter-names.js';

/** What leads every scoped name unless an environment's config names another (infra, and the trainer's deploy command). */
export const DEFAULT_NAME_PREFIX = 'powercast';

/** The data bucket of an environment unless its config names another (infra, and aws-pipeline's default store). */
export function defaultBucketName(environment: string): string {
  return `power-forecasting-mlops-${environment}`;
}

/** The serverless endpoint of an environment unless its config names another (infra, and the approval Lambdas). */
export function defaultEndpointName(environment: string): string {
  return `power-forecast-serverless-${environment}`;
}

/**
 * The approval deployer names each endpoint config and model `<endpoint>-v<version>-<timestamp>`;
 * the prefix is how a retried deployment recognises its own earlier one.
 */
export function deploymentNamePrefix(endpointName: string, version: number): string {
  return `${endpointName}-v${version}-`;
}

/** Every endpoint config and model the deployer may create for `endpointName` (an IAM resource pattern). */
export function deploymentNamePattern(endpointName: string): string {
  return `${endpointName}-v*`;
}

export interface ResourceNames {
  bucket: string;
  kmsAlias: string;
  sagemakerExecutionRole: string;
  trainerRepository: string;
  predictApiRepository: string;
  approvalApi: string;
  alertTopic: string;
  /** SQS queue holding the events EventBridge could not deliver to a target after its retries. */
  eventDeadLetterQueue: string;
  functions: Record<ApprovalHandlerName, string>;
  functionRoles: Record<ApprovalHandlerName, string>;
  rules: { modelPackagePending: string; endpointStateChange: string; pipelineFailed: string };
  apiAccessLogGroup: string;
  parameters: ParameterNames;
}

export interface ResourceNaming {
  environment: string;
  /** Leads every scoped name: `<namePrefix>-<thing>-<environment>`. */
  namePrefix: string;
  bucketName: string;
}

/** Every physical AWS name of an environment, derived in one place. */
export function resourceNames({ environment, namePrefix, bucketName }: ResourceNaming): ResourceNames {
  const scoped = (thing: string): string => `${namePrefix}-${thing}-${environment}`;
  const perHandler = (make: (stem: string) => string): Record<ApprovalHandlerName, string> =>
    Object.fromEntries(approvalHandlerNames.map((handler) => [handler, make(approvalHandlers[handler])])) as Record<
      ApprovalHandlerName,
      string
    >;
  return {
    bucket: bucketName,
    kmsAlias: `alias/${scoped('data')}`,
    sagemakerExecutionRole: scoped('sagemaker-execution'),
    trainerRepository: scoped('trainer'),
    predictApiRepository: scoped('predict-api'),
    approvalApi: scoped('approval-api'),
    alertTopic: scoped('pipeline-alerts'),
    eventDeadLetterQueue: scoped('undelivered-events'),
    functions: perHandler((stem) => scoped(stem)),
    functionRoles: perHandler((stem) => scoped(`${stem}-lambda`)),
    rules: {
      modelPackagePending: scoped('model-package-pending'),
      endpointStateChange: scoped('endpoint-state-change'),
      pipelineFailed: scoped('pipeline-failed'),
    },
    apiAccessLogGroup: `/aws/apigateway/${scoped('approval-api')}`,
    parameters: parameterNames(environment),
  };
}
