import {
  DescribeModelPackageCommand,
  UpdateModelPackageCommand,
  type DescribeModelPackageCommandOutput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import {
  PackageNotFoundError,
  type ApprovalRegistry,
  type PackageDecision,
  type PackageSnapshot,
} from '../decision/ports.js';

const MAX_APPROVAL_DESCRIPTION = 1024;

/** The SageMaker Model Registry behind the ApprovalRegistry port; package ids are ARNs. */
export class SageMakerApprovalRegistry implements ApprovalRegistry {
  constructor(private readonly client: SageMakerClient) {}

  async describeFull(packageArn: string): Promise<DescribeModelPackageCommandOutput> {
    try {
      return await this.client.send(new DescribeModelPackageCommand({ ModelPackageName: packageArn }));
    } catch (error) {
      // SageMaker answers ValidationException for a package ARN that does not resolve.
      if (error instanceof Error && error.name === 'ValidationException') throw new PackageNotFoundError(packageArn);
      throw error;
    }
  }

  async describe(packageArn: string): Promise<PackageSnapshot> {
    return toSnapshot(await this.describeFull(packageArn), packageArn);
  }

  async decide(packageArn: string, decision: PackageDecision): Promise<void> {
    await this.client.send(
      new UpdateModelPackageCommand({
        ModelPackageArn: packageArn,
        ModelApprovalStatus: decision.status,
        ApprovalDescription: approvalDescription(decision),
      }),
    );
  }
}

/** "Approved by ops@example.com at 2026-…Z via signed link: reason" (who, when, why), within the API limit. */
export function approvalDescription(decision: PackageDecision): string {
  const text = `${decision.status} by ${decision.by} at ${decision.at} via signed link${decision.reason ? `: ${decision.reason}` : ''}`;
  return text.length <= MAX_APPROVAL_DESCRIPTION ? text : `${text.slice(0, MAX_APPROVAL_DESCRIPTION - 1)}…`;
}

export function toSnapshot(output: DescribeModelPackageCommandOutput, packageArn: string): PackageSnapshot {
  const status = output.ModelApprovalStatus;
  return {
    packageId: output.ModelPackageArn ?? packageArn,
    group: output.ModelPackageGroupName ?? '',
    version: output.ModelPackageVersion ?? versionFromArn(packageArn),
    status: status === 'Approved' || status === 'Rejected' ? status : 'PendingManualApproval',
  };
}

/** `arn:…:model-package/<group>/<version>` → version (0 when the ARN is not versioned). */
export function versionFromArn(packageArn: string): number {
  const match = /\/(\d+)$/.exec(packageArn);
  return match ? Number(match[1]) : 0;
}
