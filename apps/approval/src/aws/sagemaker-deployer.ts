import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointConfigCommand,
  DescribeEndpointCommand,
  ListEndpointConfigsCommand,
  UpdateEndpointCommand,
  type DescribeEndpointCommandOutput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { deploymentNamePrefix } from '@powercast/contracts';
import type { Logger } from '../log/logger.js';
import { required, type LambdaSettings } from '../config/lambda-settings.js';
import type { Deployer, DeploymentStart, PackageSnapshot } from '../decision/ports.js';

export interface ServerlessDeploymentSettings {
  endpointName: string;
  executionRoleArn: string;
  memorySizeMb: number;
  maxConcurrency: number;
  /** Endpoint configs of this endpoint to keep (newest first, the one in use always kept). */
  endpointConfigsToKeep: number;
}

const BUSY_STATUSES = new Set(['Creating', 'Updating', 'SystemUpdating', 'RollingBack', 'Deleting']);

/**
 * Deploys a model package to a SageMaker serverless endpoint: CreateModel from the package,
 * CreateEndpointConfig (variant AllTraffic), then CreateEndpoint or UpdateEndpoint. Names carry
 * the package version and a UTC timestamp, so every deployment is a new, traceable config.
 */
export class SageMakerServerlessDeployer implements Deployer {
  constructor(
    private readonly client: SageMakerClient,
    private readonly settings: ServerlessDeploymentSettings,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async deploy(pkg: PackageSnapshot): Promise<DeploymentStart> {
    const { endpointName } = this.settings;
    const existing = await this.describeEndpoint();
    const versionPrefix = deploymentNamePrefix(endpointName, pkg.version);
    // A retried invocation finds its own earlier update under way (or done) and stops there.
    if (existing?.EndpointConfigName?.startsWith(versionPrefix) && existing.EndpointStatus !== 'Failed') {
      return { endpointName, mode: 'already-in-progress', endpointConfigName: existing.EndpointConfigName };
    }
    if (existing?.EndpointStatus && BUSY_STATUSES.has(existing.EndpointStatus)) {
      throw new Error(
        `endpoint ${endpointName} is ${existing.EndpointStatus}; deploy again once it is InService or Failed`,
      );
    }
    const stamp = timestamp(this.clock());
    const endpointConfigName = truncateName(`${versionPrefix}${stamp}`);
    // The model takes the config's name (their namespaces are separate): it carries the endpoint, hence the
    // environment, so IAM can grant CreateModel on this endpoint's `<endpoint>-v*` models only.
    const modelName = endpointConfigName;
    await this.client.send(
      new CreateModelCommand({
        ModelName: modelName,
        ExecutionRoleArn: this.settings.executionRoleArn,
        PrimaryContainer: { ModelPackageName: pkg.packageId },
        Tags: [
          { Key: 'powercast:model-package', Value: pkg.packageId },
          { Key: 'powercast:endpoint', Value: endpointName },
        ],
      }),
    );
    await this.client.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: endpointConfigName,
        ProductionVariants: [
          {
            VariantName: 'AllTraffic',
            ModelName: modelName,
            ServerlessConfig: {
              MemorySizeInMB: this.settings.memorySizeMb,
              MaxConcurrency: this.settings.maxConcurrency,
            },
          },
        ],
      }),
    );
    const mode = existing ? 'update' : 'create';
    if (existing) {
      await this.client.send(
        new UpdateEndpointCommand({ EndpointName: endpointName, EndpointConfigName: endpointConfigName }),
      );
    } else {
      await this.client.send(
        new CreateEndpointCommand({ EndpointName: endpointName, EndpointConfigName: endpointConfigName }),
      );
    }
    await this.deleteOldConfigs([endpointConfigName, existing?.EndpointConfigName]);
    return { endpointName, mode, endpointConfigName, modelName };
  }

  /** DescribeEndpoint decides create vs update; SageMaker reports a missing endpoint as ValidationException. */
  private async describeEndpoint(): Promise<DescribeEndpointCommandOutput | undefined> {
    try {
      return await this.client.send(new DescribeEndpointCommand({ EndpointName: this.settings.endpointName }));
    } catch (error) {
      if (error instanceof Error && error.name === 'ValidationException') return undefined;
      throw error;
    }
  }

  /** Keeps the newest configs of this endpoint (and any in use); deletion failures are logged, not fatal. */
  private async deleteOldConfigs(inUse: Array<string | undefined>): Promise<void> {
    const prefix = `${this.settings.endpointName}-v`;
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListEndpointConfigsCommand({
          NameContains: prefix,
          SortBy: 'CreationTime',
          SortOrder: 'Descending',
          MaxResults: 100,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      for (const config of page.EndpointConfigs ?? []) {
        if (config.EndpointConfigName?.startsWith(prefix)) names.push(config.EndpointConfigName);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    const keep = new Set([
      ...names.slice(0, this.settings.endpointConfigsToKeep),
      ...inUse.filter((name): name is string => name !== undefined),
    ]);
    for (const name of names) {
      if (keep.has(name)) continue;
      try {
        await this.client.send(new DeleteEndpointConfigCommand({ EndpointConfigName: name }));
        this.logger.log('info', 'old endpoint config deleted', {
          action: 'cleanup',
          endpointConfigName: name,
          outcome: 'deleted',
        });
      } catch (error) {
        this.logger.log('warn', 'old endpoint config not deleted', {
          action: 'cleanup',
          endpointConfigName: name,
          outcome: 'failed',
          error: String(error),
        });
      }
    }
  }
}

/** UTC `YYYYMMDDHHmmss`. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function truncateName(name: string): string {
  return name.slice(0, 63);
}

/** The deployer a Lambda builds from its settings (decide deploys in-process, deploy on request). */
export function serverlessDeployerFromSettings(
  client: SageMakerClient,
  settings: LambdaSettings,
  logger: Logger,
  clock?: () => Date,
): SageMakerServerlessDeployer {
  return new SageMakerServerlessDeployer(
    client,
    {
      endpointName: settings.endpointName,
      executionRoleArn: required(settings.executionRoleArn, 'SAGEMAKER_EXECUTION_ROLE_ARN'),
      memorySizeMb: settings.memorySizeMb,
      maxConcurrency: settings.maxConcurrency,
      endpointConfigsToKeep: settings.endpointConfigsToKeep,
    },
    logger,
    clock,
  );
}
