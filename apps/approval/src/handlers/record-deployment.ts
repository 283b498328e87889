import { once } from '../aws/clients.js';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { SnsNotifier } from '../aws/notifications.js';
import { SageMakerServedPackageResolver } from '../aws/served-package-resolver.js';
import { SsmParameterStore } from '@powercast/aws-pipeline/approval/aws';
import { readLambdaSettings, required } from '../config/lambda-settings.js';
import { recordEndpointStateChange, type RecordOutcome } from '../deployment/record-deployment.js';
import { endpointStateChangeSchema, parseEvent } from '../events/schemas.js';
import { jsonLogger } from '../log/logger.js';
import type { HandlerOptions } from './handler-options.js';

/** EventBridge "SageMaker Endpoint State Change" → SSM deployment record, or a failure notification. */
export function createRecordDeploymentHandler(
  options: HandlerOptions = {},
): (event: unknown) => Promise<RecordOutcome> {
  const logger = options.logger ?? jsonLogger({ handler: 'recordDeployment' });
  const context = once(async () => {
    const settings = readLambdaSettings(options.env ?? process.env);
    const clients = {
      sagemaker: options.clients?.sagemaker ?? new SageMakerClient({}),
      ssm: options.clients?.ssm ?? new SSMClient({}),
      sns: options.clients?.sns ?? new SNSClient({}),
    };
    return {
      endpointName: settings.endpointName,
      names: settings.names,
      parameters: new SsmParameterStore(clients.ssm),
      resolver: new SageMakerServedPackageResolver(clients.sagemaker),
      notifier: new SnsNotifier(clients.sns, required(settings.failureTopicArn, 'FAILURE_TOPIC_ARN')),
      logger,
    };
  });

  return async (event) => {
    const { detail } = parseEvent(endpointStateChangeSchema, event, 'SageMaker Endpoint State Change event');
    return recordEndpointStateChange(
      {
        endpointName: detail.EndpointName,
        status: detail.EndpointStatus,
        ...(detail.EndpointConfigName ? { endpointConfigName: detail.EndpointConfigName } : {}),
        ...(detail.FailureReason ? { failureReason: detail.FailureReason } : {}),
      },
      await context(),
    );
  };
}

export const handler = createRecordDeploymentHandler();
