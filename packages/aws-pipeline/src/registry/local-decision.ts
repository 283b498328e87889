import { parameterNames, type ParameterNames } from '@powercast/contracts';
import type { DecideAndDeployPorts } from '../approval/decide-and-deploy.js';
import {
  PackageAlreadyDecidedError,
  PackageNotFoundError,
  type ApprovalRegistry,
  type Deployer,
  type DeploymentStart,
  type PackageDecision,
  type PackageSnapshot,
  type ParameterStore,
} from '../approval/decision-ports.js';
import type { KeyValueStore } from '../approval/key-value-store.js';
import { packageMetricsFrom } from '../approval/approval-message.js';
import type { ArtifactStore } from '../store/artifact-store.js';
import { recordDeployment } from './deployment.js';
import { ModelPackageConflictError, ModelPackageNotFoundError, type ModelRegistry } from './model-registry.js';

/** Parameter names of the local flow (`/power-forecasting/local/…`, stored in the artifact store). */
export const localParameterNames: ParameterNames = parameterNames('local');

export const LOCAL_ENDPOINT_NAME = 'local-predict-api';

/** A registry of @powercast/aws-pipeline behind the ApprovalRegistry port; ids are `<group>/<version>`. */
export class LocalApprovalRegistry implements ApprovalRegistry {
  constructor(private readonly registry: ModelRegistry) {}

  async describe(packageId: string): Promise<PackageSnapshot> {
    const { group, version } = parseLocalPackageId(packageId);
    try {
      const pkg = await this.registry.describe(version, group);
      return {
        packageId,
        group: pkg.group,
        version: pkg.version,
        status: pkg.status,
        metrics: packageMetricsFrom(pkg.metrics),
        evidenceUris: {
          ...(pkg.evaluationUri === undefined ? {} : { evaluation: pkg.evaluationUri }),
          ...(pkg.chartsUri === undefined ? {} : { charts: pkg.chartsUri }),
        },
        ...(pkg.description === undefined ? {} : { description: pkg.description }),
      };
    } catch (error) {
      if (error instanceof ModelPackageNotFoundError) throw new PackageNotFoundError(packageId);
      throw error;
    }
  }

  async decide(packageId: string, decision: PackageDecision): Promise<void> {
    const { group, version } = parseLocalPackageId(packageId);
    try {
      await this.registry.decide(
        version,
        { status: decision.status, by: decision.by, ...(decision.reason ? { reason: decision.reason } : {}) },
        group,
      );
    } catch (error) {
      if (error instanceof ModelPackageConflictError) {
        const { existing } = error;
        throw new PackageAlreadyDecidedError(packageId, existing.status, ` by ${existing.by} at ${existing.at}`);
      }
      throw error;
    }
  }
}

/** Local stand-in for SSM: one small text object per parameter under `approval/parameters/`. */
export class StoreParameterStore implements ParameterStore {
  constructor(private readonly store: KeyValueStore) {}

  async get(name: string): Promise<string | undefined> {
    const key = parameterKey(name);
    if (!(await this.store.exists(key))) return undefined;
    return new TextDecoder().decode(await this.store.get(key));
  }

  async put(name: string, value: string): Promise<void> {
    await this.store.put(parameterKey(name), value);
  }
}

/**
 * "Deploys" locally: the deployment record the predict API reads (`registry/<group>/deployed.json`), then
 * the same last_deployed / current_endpoint parameters the AWS flow records when the endpoint is InService.
 */
export class LocalDeployer implements Deployer {
  constructor(
    private readonly store: ArtifactStore,
    private readonly registry: ModelRegistry,
    private readonly parameters: ParameterStore,
    private readonly names: ParameterNames = localParameterNames,
  ) {}

  async deploy(pkg: PackageSnapshot): Promise<DeploymentStart> {
    await recordDeployment(this.store, this.registry, pkg.version, pkg.group);
    await this.parameters.put(this.names.lastDeployed, pkg.packageId);
    await this.parameters.put(this.names.currentEndpoint, LOCAL_ENDPOINT_NAME);
    return { endpointName: LOCAL_ENDPOINT_NAME, mode: 'local' };
  }
}

/** The decide-and-deploy ports of a store: its registry, parameters and deployment record. */
export function localDecisionPorts(store: ArtifactStore, registry: ModelRegistry): DecideAndDeployPorts {
  const parameters = new StoreParameterStore(store);
  return {
    registry: new LocalApprovalRegistry(registry),
    parameters,
    deployer: new LocalDeployer(store, registry, parameters),
    names: localParameterNames,
  };
}

export function parseLocalPackageId(packageId: string): { group: string; version: number } {
  const match = /^([^/]+)\/(\d+)$/.exec(packageId);
  if (!match) throw new PackageNotFoundError(packageId);
  return { group: match[1] as string, version: Number(match[2]) };
}

function parameterKey(name: string): string {
  return `approval/parameters/${name.replace(/^\/+/, '')}`;
}
