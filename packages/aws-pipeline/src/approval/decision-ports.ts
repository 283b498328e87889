/**
 * The small interfaces the decide-and-deploy logic runs against. The AWS Lambdas implement them with
 * SageMaker and SSM (apps/approval/src/aws), the local flow and the trainer's `models` command with the
 * store-backed registry (`localDecisionPorts` of @powercast/aws-pipeline).
 */
import { UserInputError, type ModelApprovalStatus } from '@powercast/contracts';
import type { PackageMetrics } from './approval-message.js';

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
  /** Where the package's evidence is (evaluation.json, the charts prefix), for the confirmation page. */
  evidenceUris?: { evaluation?: string; charts?: string };
  /** What the pipeline recorded at registration (the champion/challenger comparison). */
  description?: string;
}

export interface PackageDecision {
  status: 'Approved' | 'Rejected';
  /** Who decided: the approver the signed link was issued to, or the CLI user. */
  by: string;
  /** ISO timestamp of the decision. */
  at: string;
  reason?: string;
}

export interface ApprovalRegistry {
  /** Throws PackageNotFoundError when the package does not exist. */
  describe(packageId: string): Promise<PackageSnapshot>;
  /** Records the one decision of a package; throws PackageAlreadyDecidedError when another one came first. */
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
    detail = '',
  ) {
    super(`model package ${packageId} was already ${status}${detail}; decisions are final`);
  }
}

/** A deployment was asked for a package that is not Approved (only Approved packages are served). */
export class PackageNotDeployableError extends UserInputError {
  override readonly name = 'PackageNotDeployableError';
  readonly kind = 'package-not-deployable';
  constructor(
    readonly packageId: string,
    readonly status: PackageApprovalStatus,
  ) {
    super(`model package ${packageId} is ${status}; only Approved packages can be deployed`);
  }
}

/** `arn:…:model-package/<group>/<version>` or `<group>/<version>` → version; undefined when there is none. */
export function versionOfPackageId(packageId: string): number | undefined {
  const match = /\/(\d+)$/.exec(packageId);
  return match ? Number(match[1]) : undefined;
}
