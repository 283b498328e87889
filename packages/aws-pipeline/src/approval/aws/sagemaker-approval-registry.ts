import {
  DescribeModelPackageCommand,
  UpdateModelPackageCommand,
  type DescribeModelPackageCommandOutput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { UserInputError, type ParameterNames } from '@powercast/contracts';
import { z } from 'zod';
import {
  PackageAlreadyDecidedError,
  PackageNotFoundError,
  type ApprovalRegistry,
  type PackageDecision,
  type PackageSnapshot,
} from '../decision-ports.js';
import type { SsmParameterStore } from './ssm-parameter-store.js';

/** The package's charts prefix, in CustomerMetadataProperties (RegisterModel writes it). */
export const CHARTS_METADATA_KEY = 'charts_s3_uri';

const MAX_APPROVAL_DESCRIPTION = 1024;
/** `arn:<partition>:sagemaker:<region>:<account>:model-package/<group>/<version>`: a versioned package. */
const PACKAGE_ARN = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:model-package\/([A-Za-z0-9-]{1,63})\/(\d+)$/;

/** The link names something that is not a versioned SageMaker model package ARN; SageMaker is not asked. */
export class InvalidPackageArnError extends UserInputError {
  override readonly name = 'InvalidPackageArnError';
  readonly kind = 'invalid-package-arn';
  constructor(readonly packageArn: string) {
    const quoted = packageArn.length > 80 ? `${packageArn.slice(0, 77)}…` : packageArn;
    super(
      `the link names "${quoted}", expected a versioned model package ARN (arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>)`,
    );
  }
}

/** Where decide's create-only markers live (SSM), so that of two concurrent decisions exactly one wins. */
export interface DecisionMarkers {
  parameters: SsmParameterStore;
  names: Pick<ParameterNames, 'decided'>;
}

const markerSchema = z.object({ status: z.enum(['Approved', 'Rejected']), by: z.string(), at: z.string() });

/**
 * The SageMaker Model Registry behind the ApprovalRegistry port; package ids are ARNs. SageMaker has no
 * conditional update, so `decide` first creates a marker per version (SSM PutParameter Overwrite=false):
 * the one call that creates it updates the package, every other one gets PackageAlreadyDecidedError.
 * The one decision path on AWS: the decide Lambda and `trainer:models -- approve|reject --registry sagemaker`.
 */
export class SageMakerApprovalRegistry implements ApprovalRegistry {
  constructor(
    private readonly client: SageMakerClient,
    /** Needed to decide; the deploy function only describes. */
    private readonly markers?: DecisionMarkers,
    /** How the decision arrived, for the package's ApprovalDescription. */
    private readonly channel = 'signed link',
  ) {}

  async describeFull(packageArn: string): Promise<DescribeModelPackageCommandOutput> {
    if (!PACKAGE_ARN.test(packageArn)) throw new InvalidPackageArnError(packageArn);
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
    if (this.markers === undefined) throw new Error('SageMakerApprovalRegistry: deciding needs the decision markers');
    const match = PACKAGE_ARN.exec(packageArn);
    if (match === null) throw new InvalidPackageArnError(packageArn);
    const { parameters, names } = this.markers;
    const marker = names.decided(match[1] as string, Number(match[2]));
    const claim = JSON.stringify({ status: decision.status, by: decision.by, at: decision.at });
    if (!(await parameters.putIfAbsent(marker, claim))) {
      const winner = markerSchema.safeParse(JSON.parse((await parameters.get(marker)) ?? '{}'));
      if (!winner.success) throw new PackageAlreadyDecidedError(packageArn, decision.status, ' (unreadable marker)');
      throw new PackageAlreadyDecidedError(
        packageArn,
        winner.data.status,
        ` by ${winner.data.by} at ${winner.data.at}`,
      );
    }
    try {
      await this.client.send(
        new UpdateModelPackageCommand({
          ModelPackageArn: packageArn,
          ModelApprovalStatus: decision.status,
          ApprovalDescription: approvalDescription(decision, this.channel),
        }),
      );
    } catch (error) {
      // The package stayed pending: free the marker so the approver can try the link again.
      await parameters.delete(marker).catch(() => undefined);
      throw error;
    }
  }
}

/** "Approved by ops@example.com at 2026-…Z via signed link: reason" (who, when, why), within the API limit. */
export function approvalDescription(decision: PackageDecision, channel = 'signed link'): string {
  const text = `${decision.status} by ${decision.by} at ${decision.at} via ${channel}${decision.reason ? `: ${decision.reason}` : ''}`;
  return text.length <= MAX_APPROVAL_DESCRIPTION ? text : `${text.slice(0, MAX_APPROVAL_DESCRIPTION - 1)}…`;
}

export function toSnapshot(output: DescribeModelPackageCommandOutput, packageArn: string): PackageSnapshot {
  const status = output.ModelApprovalStatus;
  const evaluation = output.ModelMetrics?.ModelQuality?.Statistics?.S3Uri;
  const charts = output.CustomerMetadataProperties?.[CHARTS_METADATA_KEY];
  return {
    packageId: output.ModelPackageArn ?? packageArn,
    group: output.ModelPackageGroupName ?? '',
    version: output.ModelPackageVersion ?? versionFromArn(packageArn),
    status: status === 'Approved' || status === 'Rejected' ? status : 'PendingManualApproval',
    evidenceUris: {
      ...(evaluation === undefined ? {} : { evaluation }),
      ...(charts === undefined ? {} : { charts }),
    },
    ...(output.ModelPackageDescription === undefined ? {} : { description: output.ModelPackageDescription }),
  };
}

/** `arn:…:model-package/<group>/<version>` → version (0 when the ARN is not versioned). */
export function versionFromArn(packageArn: string): number {
  const match = /\/(\d+)$/.exec(packageArn);
  return match ? Number(match[1]) : 0;
}
