import type { ModelApprovalStatus } from '@powercast/contracts';
import { z } from 'zod';

export const DEFAULT_MODEL_PACKAGE_GROUP = 'PowerForecastPackageGroup';

export type ApprovalStatus = ModelApprovalStatus;
export type DecisionStatus = Exclude<ApprovalStatus, 'PendingManualApproval'>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const decisionSchema = z.strictObject({
  status: z.enum(['Approved', 'Rejected']),
  by: z.string().min(1),
  reason: z.string().optional(),
  at: z.string(),
});

/** The registered facts about a model; everything except the decision is fixed at registration. */
export const registeredPackageSchema = z.strictObject({
  group: z.string().min(1),
  version: z.number().int().positive(),
  createdAt: z.string(),
  artifactUri: z.string().min(1),
  /** sha256 of model.tar.gz, when known. */
  artifactSha256: z.string().optional(),
  evaluationUri: z.string().optional(),
  chartsUri: z.string().optional(),
  /** Test-set regression metrics (mse, rmse, mae, mape, r2, …), 万kW units. */
  metrics: z.record(z.string(), z.number()),
  trainingWindow: z.strictObject({ from: isoDate, to: isoDate }),
  dataFingerprint: z.string(),
  runId: z.string().optional(),
  /** What the pipeline said about it at registration (the champion/challenger comparison). */
  description: z.string().optional(),
  /** The SageMaker model package ARN (SageMaker registry only). */
  arn: z.string().optional(),
});

export type Decision = z.infer<typeof decisionSchema>;
export type RegisteredPackage = z.infer<typeof registeredPackageSchema>;
export interface ModelPackage extends RegisteredPackage {
  status: ApprovalStatus;
  decision?: Decision;
}
export type NewModelPackage = Omit<RegisteredPackage, 'group' | 'version' | 'createdAt' | 'arn'> & { group?: string };
export interface DecisionRequest {
  status: DecisionStatus;
  by: string;
  reason?: string;
}

/** Register straight as Rejected (the pipeline's champion/challenger gate): never offered for approval. */
export interface RegisterOptions {
  rejected?: { by: string; reason: string };
}

/**
 * Versions 1, 2, 3… per group; each starts PendingManualApproval and is decided once.
 * Deciding an already-decided version (even with the same status) is a `ModelPackageConflictError`:
 * decisions are final, and that is what makes "exactly one of two concurrent deciders wins" observable.
 */
export interface ModelRegistry {
  readonly defaultGroup: string;
  register(pkg: NewModelPackage, options?: RegisterOptions): Promise<ModelPackage>;
  list(group?: string): Promise<ModelPackage[]>;
  /** Throws `ModelPackageNotFoundError` for an unknown version. */
  describe(version: number, group?: string): Promise<ModelPackage>;
  decide(version: number, decision: DecisionRequest, group?: string): Promise<ModelPackage>;
}

export class ModelPackageNotFoundError extends Error {
  override readonly name = 'ModelPackageNotFoundError';
  constructor(
    readonly group: string,
    readonly version: number,
  ) {
    super(`model package ${group}/${version} does not exist`);
  }
}

/** The version was already decided (by someone else, or earlier): the decision stands. */
export class ModelPackageConflictError extends Error {
  override readonly name = 'ModelPackageConflictError';
  constructor(
    readonly group: string,
    readonly version: number,
    readonly existing: Decision,
  ) {
    super(
      `model package ${group}/${version} was already ${existing.status} by ${existing.by} at ${existing.at}` +
        `${existing.reason === undefined ? '' : ` (${existing.reason})`}; decisions are final`,
    );
  }
}

/** A registry file that does not match its schema (hand-edited or written by something else). */
export class RegistryCorruptError extends Error {
  override readonly name = 'RegistryCorruptError';
  constructor(
    readonly uri: string,
    detail: string,
  ) {
    super(`registry entry ${uri} is invalid: ${detail}`);
  }
}
