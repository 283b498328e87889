import { once } from '../aws/clients.js';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { UserInputError } from '@powercast/contracts';
import { deployApproved } from '@powercast/aws-pipeline/approval';
import { serverlessDeployerFromSettings } from '../aws/sagemaker-deployer.js';
import { SageMakerApprovalRegistry, deployRequestSchema } from '@powercast/aws-pipeline/approval/aws';
import { readLambdaSettings } from '../config/lambda-settings.js';
import type { DeploymentStart } from '../decision/ports.js';
import { parseEvent } from '../events/schemas.js';
import { jsonLogger } from '../log/logger.js';
import type { HandlerOptions } from './handler-options.js';

/** Asked to deploy a package that is not an Approved package of our group. */
export class DeployRefusedError extends UserInputError {
  override readonly name = 'DeployRefusedError';
  readonly kind = 'package-not-deployable';
}

/**
 * Direct invocation `{ "modelPackageArn": "…" }` (deployRequestSchema, the request `trainer:models -- deploy
 * --registry sagemaker` sends) → deploys an Approved package of our group to the
 * serverless endpoint (the decide function uses the same deployer in-process). Retries are safe: a
 * deployment of the same version already under way is reported, not repeated.
 */
export function createDeployHandler(options: HandlerOptions = {}): (event: unknown) => Promise<DeploymentStart> {
  const logger = options.logger ?? jsonLogger({ handler: 'deploy' });
  const context = once(async () => {
    const settings = readLambdaSettings(options.env ?? process.env);
    const clients = { sagemaker: options.clients?.sagemaker ?? new SageMakerClient({}) };
    return {
      settings,
      registry: new SageMakerApprovalRegistry(clients.sagemaker),
      deployer: serverlessDeployerFromSettings(clients.sagemaker, settings, logger, options.clock),
    };
  });

  return async (event) => {
    const { modelPackageArn } = parseEvent(deployRequestSchema, event, 'deploy request');
    const { settings, registry, deployer } = await context();
    const pkg = await registry.describe(modelPackageArn);
    if (pkg.group !== settings.group || pkg.status !== 'Approved') {
      logger.log('warn', 'deployment refused', {
        packageArn: modelPackageArn,
        action: 'deploy',
        outcome: 'refused',
        status: pkg.status,
        group: pkg.group,
      });
      throw new DeployRefusedError(
        `model package ${modelPackageArn} is ${pkg.status} in group ${pkg.group}; only Approved packages of ${settings.group} are deployed`,
      );
    }
    const { start } = await deployApproved(pkg, {
      deployer,
      log: (level, message, fields) => logger.log(level, message, { packageArn: modelPackageArn, ...fields }),
    });
    return start;
  };
}

export const handler = createDeployHandler();
