import {
  ApprovalTokenError,
  approvalActions,
  decideAndDeploy,
  type DeploymentOutcome,
  tokenFingerprint,
  verifyApprovalToken,
  type ApprovalAction,
  type ApprovalClaims,
} from '@powercast/aws-pipeline/approval';
import type { ParameterNames } from '@powercast/contracts';
import type { Logger } from '../log/logger.js';
import type { EvidenceReader, PackageEvidence } from './package-evidence.js';
import {
  PackageNotFoundError,
  type ApprovalRegistry,
  type Deployer,
  type PackageDecision,
  type PackageSnapshot,
  type ParameterStore,
} from './ports.js';

export type { DeploymentOutcome };

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
  names: Pick<ParameterNames, 'approved' | 'lastDeployed'>;
  logger: Logger;
  /** The longest token lifetime the issuer signs (TOKEN_TTL_HOURS); longer-lived tokens are refused. Default 72 h. */
  maxTokenLifetimeSeconds?: number;
  /** Reads the metrics, charts and comparison with the deployed model the confirmation page shows. */
  evidence?: EvidenceReader;
}

export type DecisionOutcome =
  | { kind: 'refused'; error: ApprovalTokenError }
  | { kind: 'not-found'; packageId: string }
  | { kind: 'conflict'; pkg: PackageSnapshot; action: ApprovalAction }
  | {
      kind: 'confirm';
      pkg: PackageSnapshot;
      claims: ApprovalClaims;
      /** the verified token, re-posted by the confirmation form */ token: string;
      evidence?: PackageEvidence;
    }
  | { kind: 'rejected'; pkg: PackageSnapshot; decision: PackageDecision }
  | { kind: 'approved'; pkg: PackageSnapshot; decision: PackageDecision; deployment: DeploymentOutcome };

const MAX_REASON_CHARS = 500;

/** GET: checks the token and the package state, changes nothing (mail scanners prefetch links). */
export async function previewDecision(request: DecisionRequest, deps: DecisionDependencies): Promise<DecisionOutcome> {
  const checked = await checkRequest(request, deps);
  if ('outcome' in checked) return checked.outcome;
  const evidence = deps.evidence === undefined ? undefined : await deps.evidence(checked.pkg);
  return {
    kind: 'confirm',
    pkg: checked.pkg,
    claims: checked.claims,
    token: request.token as string,
    ...(evidence === undefined ? {} : { evidence }),
  };
}

/**
 * POST: the decision itself, through the one decide-and-deploy path of @powercast/aws-pipeline/approval
 * (shared with `trainer:models -- approve`). Approve: registry → SSM `approved` → deployment, unless that
 * package is already SSM `last_deployed` or older than it (held: approving never rolls back).
 * Reject: registry only.
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
  const outcome = await decideAndDeploy(pkg, decision, {
    registry: deps.registry,
    parameters: deps.parameters,
    deployer: deps.deployer,
    names: deps.names,
    log: (level, message, fields) => deps.logger.log(level, message, fields),
  });
  if (outcome.kind === 'conflict') return { kind: 'conflict', pkg: outcome.pkg, action: claims.act };
  return outcome;
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
    ...(deps.maxTokenLifetimeSeconds === undefined ? {} : { maxLifetimeSeconds: deps.maxTokenLifetimeSeconds }),
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
