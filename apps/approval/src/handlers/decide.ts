import { once } from '../aws/clients.js';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SSMClient } from '@aws-sdk/client-ssm';
import { S3Client } from '@aws-sdk/client-s3';
import { sageMakerEvidence } from '../aws/package-evidence.js';
import { serverlessDeployerFromSettings } from '../aws/sagemaker-deployer.js';
import { SageMakerApprovalRegistry, SsmParameterStore, readSecureString } from '@powercast/aws-pipeline/approval/aws';
import { escapeHtml } from '@powercast/aws-pipeline/approval';
import { isUserInputError } from '@powercast/contracts';
import { readLambdaSettings, SettingsError } from '../config/lambda-settings.js';
import type { DecisionDependencies } from '../decision/decide-package.js';
import { handleApprovalRequest } from '../http/approval-request.js';
import { pageHeaders } from '../http/pages.js';
import { errorMessage, jsonLogger } from '../log/logger.js';
import { approvalRequestFromApiGateway, toApiGatewayResponse, type ApiGatewayResponse } from './api-gateway.js';
import type { HandlerOptions } from './handler-options.js';

/** API Gateway → GET confirmation page / POST approve or reject (then deploy). */
export function createDecideHandler(options: HandlerOptions = {}): (event: unknown) => Promise<ApiGatewayResponse> {
  const logger = options.logger ?? jsonLogger({ handler: 'decide' });
  const dependencies = once(async (): Promise<DecisionDependencies> => {
    const settings = readLambdaSettings(options.env ?? process.env);
    const clients = {
      sagemaker: options.clients?.sagemaker ?? new SageMakerClient({}),
      ssm: options.clients?.ssm ?? new SSMClient({}),
      s3: options.clients?.s3 ?? new S3Client({}),
    };
    // Read once per cold start: the secret never leaves memory and is never logged.
    const secret = await readSecureString(clients.ssm, settings.secretParameter);
    const parameters = new SsmParameterStore(clients.ssm);
    const registry = new SageMakerApprovalRegistry(clients.sagemaker, { parameters, names: settings.names });
    return {
      secret,
      registry,
      // The confirmation page shows what the email showed (metrics, comparison with the deployed model, charts).
      evidence: sageMakerEvidence(clients.s3, settings.mseThreshold),
      parameters,
      deployer: serverlessDeployerFromSettings(clients.sagemaker, settings, logger, options.clock),
      names: settings.names,
      logger,
      maxTokenLifetimeSeconds: settings.tokenTtlSeconds,
    };
  });

  return async (event) => {
    const request = approvalRequestFromApiGateway(event);
    if (!request) {
      logger.log('error', 'not an API Gateway request', { outcome: 'invalid-event' });
      return plainError(400, 'This function answers API Gateway requests only.');
    }
    try {
      return toApiGatewayResponse(await handleApprovalRequest(request, await dependencies(), options.clock?.()));
    } catch (error) {
      // The request's fault (a link naming no package ARN, …): a 4xx naming it, not a 500 to retry.
      // A missing or invalid Lambda environment is the deployment's fault and stays a 500.
      if (isUserInputError(error) && !(error instanceof SettingsError)) {
        logger.log('warn', 'approval request refused', {
          outcome: error.kind,
          method: request.method,
          error: errorMessage(error),
        });
        return plainError(400, `${escapeHtml(error.message)} Nothing was changed.`);
      }
      logger.log('error', 'approval request failed', {
        outcome: 'error',
        method: request.method,
        error: errorMessage(error),
      });
      return plainError(500, 'The request could not be completed. Try the link again in a few minutes.');
    }
  };
}

function plainError(statusCode: number, message: string): ApiGatewayResponse {
  return {
    statusCode,
    headers: { ...pageHeaders },
    body: `<!doctype html><html><body><p>${message}</p></body></html>\n`,
    isBase64Encoded: false,
  };
}

export const handler = createDecideHandler();
