/**
 * The small interfaces the approval logic runs against. The AWS handlers implement them with
 * SageMaker, SSM, SES and SNS; the local flow implements them with the file-backed registry of
 * @powercast/aws-pipeline. The token, decision and deployment-record code is the same for both.
 */
import type { ModelApprovalStatus } from '@powercast/contracts';
import type { PackageMetrics } from '@powercast/aws-pipeline/approval';

export type PackageApprovalStatus = ModelApprovalStatus;

export interface PackageSnapshot {
  /** A SageMaker model package ARN, or `<group>/<version>` in the local registry. */
  packageId: string;
  group: string;
  version: number;
  status: PackageApprovalStatus;
  /**
   * The package's test evidence, when the registry holds it (the local registry does; on AWS it is in
   * evaluation.json on S3, which the approval email carries and the decide function does not read).
   */
  metrics?: PackageMetrics;
}

export interface PackageDecision {
  status: 'Approved' | 'Rejected';
  /** Who decided: the approver the signed link was issued to. */
  by: string;
  /** ISO timestamp of the decision. */
  at: string;
  reason?: string;
}

export interface ApprovalRegistry {
  /** Throws PackageNotFoundError when the package does not exist. */
  describe(packageId: string): Promise<PackageSnapshot>;
  decide(packageId: string, decision: PackageDecision): Promise<void>;
}

export interface ParameterStore {
  /** undefined when the parameter does not exist. */
  get(name: string): Promise<string | undefined>;
  put(name: string, value: string): Promise<void>;
}

export interface DeploymentStart {
  endpointName: string;
  /** `create` or `update` on SageMaker; `local` when the local deployment record was written. */
  mode: 'create' | 'update' | 'local' | 'already-in-progress';
  endpointConfigName?: string;
  modelName?: string;
}

export interface Deployer {
  deploy(pkg: PackageSnapshot): Promise<DeploymentStart>;
}

export interface Notifier {
  notify(subject: string, text: string): Promise<void>;
}

export class PackageNotFoundError extends Error {
  override readonly name = 'PackageNotFoundError';
  constructor(readonly packageId: string) {
    super(`model package ${packageId} does not exist in the registry`);
  }
}

/** The registry refused the decision because another one was recorded first (decisions are final). */
export class PackageAlreadyDecidedError extends Error {
  override readonly name = 'PackageAlreadyDecidedError';
  constructor(
    readonly packageId: string,
    readonly status: 'Approved' | 'Rejected',
  ) {
    super(`model package ${packageId} was already ${status}`);
  }
}
