import {
  PackageAlreadyDecidedError,
  PackageNotDeployableError,
  versionOfPackageId,
  type ApprovalRegistry,
  type Deployer,
  type DeploymentStart,
  type PackageDecision,
  type PackageSnapshot,
  type ParameterStore,
} from './decision-ports.js';

/**
 * The one code path that decides a model package and deploys it, shared by the signed link (AWS
 * Lambda and approval:serve), `trainer:models -- approve|deploy|rollback` and the deploy Lambda.
 */

export type DecisionLogLevel = 'info' | 'warn' | 'error';
export type DecisionLog = (
  level: DecisionLogLevel,
  message: string,
  fields: Record<string, string | number | undefined>,
) => void;

export interface DecideAndDeployPorts {
  registry: ApprovalRegistry;
  parameters: ParameterStore;
  deployer: Deployer;
  /** SSM names (or their local stand-ins): the last approved package and the package the endpoint serves. */
  names: { approved: string; lastDeployed: string };
  log?: DecisionLog;
}

export type DeploymentOutcome =
  | { kind: 'started'; start: DeploymentStart; previousVersion?: number }
  | { kind: 'skipped'; reason: 'already-deployed' }
  /** Approved, but older than what is deployed: deploying it would roll back, which only `deploy` does. */
  | { kind: 'held'; reason: 'older-than-deployed'; deployedVersion: number }
  | { kind: 'failed'; message: string };

export type DecideOutcome =
  | { kind: 'conflict'; pkg: PackageSnapshot }
  | { kind: 'rejected'; pkg: PackageSnapshot; decision: PackageDecision }
  | { kind: 'approved'; pkg: PackageSnapshot; decision: PackageDecision; deployment: DeploymentOutcome };

/**
 * Records the decision of a pending package. Approved: SSM `approved`, then the deployment — unless the
 * package is already the deployed one (skipped) or older than it (held: approving must never roll back
 * silently; `deployApproved` does that on explicit request). A failed deployment start leaves the
 * approval standing and is reported, not thrown.
 */
export async function decideAndDeploy(
  pkg: PackageSnapshot,
  decision: PackageDecision,
  ports: DecideAndDeployPorts,
): Promise<DecideOutcome> {
  const log = ports.log ?? (() => undefined);
  const action = decision.status === 'Approved' ? 'approve' : 'reject';
  try {
    await ports.registry.decide(pkg.packageId, decision);
  } catch (error) {
    if (!(error instanceof PackageAlreadyDecidedError)) throw error;
    log('info', 'model package decided concurrently', {
      packageId: pkg.packageId,
      action,
      outcome: 'conflict',
      status: error.status,
    });
    return { kind: 'conflict', pkg: { ...pkg, status: error.status } };
  }
  const decided: PackageSnapshot = { ...pkg, status: decision.status };
  log('info', 'model package decided', {
    packageId: pkg.packageId,
    action,
    outcome: decision.status,
    by: decision.by,
  });
  if (decision.status === 'Rejected') return { kind: 'rejected', pkg: decided, decision };

  await ports.parameters.put(ports.names.approved, pkg.packageId);
  const lastDeployed = await ports.parameters.get(ports.names.lastDeployed);
  if (lastDeployed === pkg.packageId) {
    log('info', 'deployment skipped', { packageId: pkg.packageId, action: 'deploy', outcome: 'already-deployed' });
    return { kind: 'approved', pkg: decided, decision, deployment: { kind: 'skipped', reason: 'already-deployed' } };
  }
  const deployedVersion = lastDeployed === undefined ? undefined : versionOfPackageId(lastDeployed);
  if (deployedVersion !== undefined && deployedVersion > pkg.version) {
    log('info', 'deployment held', {
      packageId: pkg.packageId,
      action: 'deploy',
      outcome: 'older-than-deployed',
      deployedVersion,
    });
    return {
      kind: 'approved',
      pkg: decided,
      decision,
      deployment: { kind: 'held', reason: 'older-than-deployed', deployedVersion },
    };
  }
  try {
    const deployment = await deployApproved(decided, ports, deployedVersion);
    return { kind: 'approved', pkg: decided, decision, deployment };
  } catch (error) {
    // The approval stands; the deployment can be started again explicitly.
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    log('error', 'deployment failed to start', {
      packageId: pkg.packageId,
      action: 'deploy',
      outcome: 'failed',
      error: message,
    });
    return { kind: 'approved', pkg: decided, decision, deployment: { kind: 'failed', message } };
  }
}

/**
 * Deploys an Approved package, whichever version is deployed now (an explicit deploy or rollback, the
 * deploy Lambda, and the approval path above). Throws PackageNotDeployableError for a package that is
 * not Approved, and whatever the deployer throws.
 */
export async function deployApproved(
  pkg: PackageSnapshot,
  ports: Pick<DecideAndDeployPorts, 'deployer' | 'log'>,
  previousVersion?: number,
): Promise<Extract<DeploymentOutcome, { kind: 'started' }>> {
  if (pkg.status !== 'Approved') throw new PackageNotDeployableError(pkg.packageId, pkg.status);
  const start = await ports.deployer.deploy(pkg);
  ports.log?.('info', 'deployment started', {
    packageId: pkg.packageId,
    action: 'deploy',
    outcome: start.mode,
    endpointName: start.endpointName,
    endpointConfigName: start.endpointConfigName,
    previousVersion,
  });
  return { kind: 'started', start, ...(previousVersion === undefined ? {} : { previousVersion }) };
}
