import { ModelPackageConflictError, ModelPackageNotFoundError, type ModelRegistry } from '@powercast/aws-pipeline';
import { packageMetricsFrom } from '@powercast/aws-pipeline/approval';
import type { ParameterNames } from '@powercast/contracts';
import {
  PackageAlreadyDecidedError,
  PackageNotFoundError,
  type ApprovalRegistry,
  type Deployer,
  type DeploymentStart,
  type PackageDecision,
  type PackageSnapshot,
  type ParameterStore,
} from '../decision/ports.js';
import { recordInService } from '../deployment/record-deployment.js';

/** Writes the record the predict API reads (aws-pipeline's recordDeployment, bound to a store). */
export type DeploymentRecordWriter = (version: number, group: string) => Promise<unknown>;

/** The local registry of @powercast/aws-pipeline behind the ApprovalRegistry port; ids are `<group>/<version>`. */
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
      if (error instanceof ModelPackageConflictError)
        throw new PackageAlreadyDecidedError(packageId, error.existing.status);
      throw error;
    }
  }
}

export const LOCAL_ENDPOINT_NAME = 'local-predict-api';

/** "Deploys" locally: the deployment record for the predict API, then the same last_deployed/current_endpoint record as on AWS. */
export class LocalDeployer implements Deployer {
  constructor(
    private readonly writeDeploymentRecord: DeploymentRecordWriter,
    private readonly parameters: ParameterStore,
    private readonly names: ParameterNames,
  ) {}

  async deploy(pkg: PackageSnapshot): Promise<DeploymentStart> {
    await this.writeDeploymentRecord(pkg.version, pkg.group);
    await recordInService(
      { packageId: pkg.packageId, endpointName: LOCAL_ENDPOINT_NAME },
      { parameters: this.parameters, names: this.names },
    );
    return { endpointName: LOCAL_ENDPOINT_NAME, mode: 'local' };
  }
}

export function parseLocalPackageId(packageId: string): { group: string; version: number } {
  const match = /^([^/]+)\/(\d+)$/.exec(packageId);
  if (!match) throw new PackageNotFoundError(packageId);
  return { group: match[1] as string, version: Number(match[2]) };
}
