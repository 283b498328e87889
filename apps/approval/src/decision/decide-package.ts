import {
  ApprovalTokenError,
  approvalActions,
  tokenFingerprint,
  verifyApprovalToken,
  type ApprovalAction,
  type ApprovalClaims,
} from '@powercast/aws-pipeline/approval';
import type { ParameterNames } from '@powercast/contracts';
import { errorMessage, type Logger } from '../log/logger.js';
import {
  PackageAlreadyDecidedError,
  PackageNotFoundError,
  type ApprovalRegistry,
  type Deployer,
  type DeploymentStart,
  type PackageDecision,
  type PackageSnapshot,
  type ParameterStore,
} from './ports.js';

export interface DecisionRequest {
  /** The `token` query/form value, unvalidated. */
  token: unknown;
  /** The `action` query/form value, unvalidated: the action the approver is about to perform. */
  action: unknown;
  /** Free text the approver typed on the confirmation page. */
  reason?: string;
  now?: Date;
}

export interface DecisionDependencies {
  secret: string | Uint8Array;
  registry: ApprovalRegistry;
  parameters: ParameterStore;
  deployer: Deployer;
  names: ParameterNames;
  logger: Logger;
}

export type DeploymentOutcome =
  | { kind: 'started'; start: DeploymentStart }
  | { kind: 'skipped'; reason: 'already-deployed' }
  | { kind: 'failed'; message: string };

export type DecisionOutcome =
  | { kind: 'refused'; error: ApprovalTokenError }
  | { kind: 'not-found'; packageId: string }
  | { kind: 'conflict'; pkg: PackageSnapshot; action: ApprovalAction }
  | {
      kind: 'confirm';
      pkg: PackageSnapshot;
      claims: ApprovalClaims;
      /** the verified token, re-posted by the confirmation form */ token: string;
    }
  | { kind: 'rejected'; pkg: PackageSnapshot; decision: PackageDecision }
  | { kind: 'approved'; pkg: PackageSnapshot; decision: PackageDecision; deployment: DeploymentOutcome };

const MAX_REASON_CHARS = 500;

/** GET: checks the token and the package state, changes nothing (mail scanners prefetch links). */
export async function previewDecision(request: DecisionRequest, deps: DecisionDependencies): Promise<DecisionOutcome> {
  const checked = await checkRequest(request, deps);
  if ('outcome' in checked) return checked.outcome;
  return { kind: 'confirm', pkg: checked.pkg, claims: checked.claims, token: request.token as string };
}

/**
 * POST: the decision itself. Approve: registry → SSM `approved` → deployment unless that package
 * is already SSM `last_deployed`. Reject: registry only.
 */
export async function applyDecision(request: DecisionRequest, deps: DecisionDependencies): Promise<DecisionOutcome> {
  const checked = await checkRequest(request, deps);
  if ('outcome' in checked) return checked.outcome;
  const { pkg, claims } = checked;
  const now = request.now ?? new Date();
  const reason = request.reason?.trim().slice(0, MAX_REASON_CHARS);
  const decision: PackageDecision = {
    status: claims.act === 'approve' ? 'Approved' : 'Rejected',
    by: claims.sub,
    at: now.toISOString(),
    ...(reason ? { reason } : {}),
  };
  try {
    await deps.registry.decide(pkg.packageId, decision);
  } catch (error) {
    // Lost a race with a concurrent decision (the local registry detects it; SageMaker has no such check).
    if (error instanceof PackageAlreadyDecidedError) {
      deps.logger.log('info', 'model package decided concurrently', {
        packageId: pkg.packageId,
        action: claims.act,
        outcome: 'conflict',
        status: error.status,
      });
      return { kind: 'conflict', pkg: { ...pkg, status: error.status }, action: claims.act };
    }
    throw error;
  }
  const decided = { ...pkg, status: decision.status };
  deps.logger.log('info', 'model package decided', {
    packageId: pkg.packageId,
    action: claims.act,
    outcome: decision.status,
    by: claims.sub,
  });
  if (decision.status === 'Rejected') return { kind: 'rejected', pkg: decided, decision };

  await deps.parameters.put(deps.names.approved, pkg.packageId);
  const lastDeployed = await deps.parameters.get(deps.names.lastDeployed);
  if (lastDeployed === pkg.packageId) {
    deps.logger.log('info', 'deployment skipped', {
      packageId: pkg.packageId,
      action: 'deploy',
      outcome: 'already-deployed',
    });
    return { kind: 'approved', pkg: decided, decision, deployment: { kind: 'skipped', reason: 'already-deployed' } };
  }
  try {
    const start = await deps.deployer.deploy(decided);
    deps.logger.log('info', 'deployment started', {
      packageId: pkg.packageId,
      action: 'deploy',
      outcome: start.mode,
      endpointName: start.endpointName,
    });
    return { kind: 'approved', pkg: decided, decision, deployment: { kind: 'started', start } };
  } catch (error) {
    // The approval stands; the deployment can be retried with the deploy function.
    deps.logger.log('error', 'deployment failed to start', {
      packageId: pkg.packageId,
      action: 'deploy',
      outcome: 'failed',
      error: errorMessage(error),
    });
    return { kind: 'approved', pkg: decided, decision, deployment: { kind: 'failed', message: errorMessage(error) } };
  }
}

type CheckedRequest = { outcome: DecisionOutcome } | { pkg: PackageSnapshot; claims: ApprovalClaims };

async function checkRequest(request: DecisionRequest, deps: DecisionDependencies): Promise<CheckedRequest> {
  const action = request.action;
  if (typeof action !== 'string' || !(approvalActions as readonly string[]).includes(action)) {
    const error = new ApprovalTokenError('malformed', 'The link must say action=approve or action=reject.');
    return refused(error, deps, request.token);
  }
  const verification = verifyApprovalToken({
    secret: deps.secret,
    token: request.token,
    expectedAction: action as ApprovalAction,
    nowSeconds: Math.floor((request.now ?? new Date()).getTime() / 1000),
  });
  if (!verification.ok) return refused(verification.error, deps, request.token);
  const { claims } = verification;
  let pkg: PackageSnapshot;
  try {
    pkg = await deps.registry.describe(claims.pkg);
  } catch (error) {
    if (error instanceof PackageNotFoundError) {
      deps.logger.log('warn', 'model package not found', {
        packageId: claims.pkg,
        action: claims.act,
        outcome: 'not-found',
      });
      return { outcome: { kind: 'not-found', packageId: claims.pkg } };
    }
    throw error;
  }
  if (pkg.status !== 'PendingManualApproval') {
    deps.logger.log('info', 'model package no longer pending', {
      packageId: pkg.packageId,
      action: claims.act,
      outcome: 'conflict',
      status: pkg.status,
    });
    return { outcome: { kind: 'conflict', pkg, action: claims.act } };
  }
  return { pkg, claims };
}

function refused(error: ApprovalTokenError, deps: DecisionDependencies, token: unknown): CheckedRequest {
  deps.logger.log('warn', 'approval token refused', {
    outcome: error.reason,
    token: typeof token === 'string' && token.length > 0 ? tokenFingerprint(token) : undefined,
  });
  return { outcome: { kind: 'refused', error } };
}
