import type { Logger } from '../log/logger.js';
import type { ParameterNames } from '@powercast/contracts';
import type { Notifier, ParameterStore } from '../decision/ports.js';

/** The part of an endpoint state change the deployment record needs. */
export interface EndpointStateChange {
  endpointName: string;
  /** As sent by EventBridge (`IN_SERVICE`, `FAILED`, …) or the API (`InService`, `Failed`). */
  status: string;
  endpointConfigName?: string;
  failureReason?: string;
}

/** Finds which model package an endpoint config serves. */
export interface ServedPackageResolver {
  packageForEndpointConfig(endpointConfigName: string): Promise<string | undefined>;
}

export interface RecordDeploymentDependencies {
  endpointName: string;
  parameters: ParameterStore;
  names: ParameterNames;
  resolver: ServedPackageResolver;
  notifier: Notifier;
  logger: Logger;
}

export type RecordOutcome =
  | { kind: 'ignored'; why: string }
  | { kind: 'recorded'; packageId: string; endpointName: string; updateFailure?: string }
  | { kind: 'failure-notified'; reason: string; packageId?: string };

/**
 * IN_SERVICE → `last_deployed` and `current_endpoint` record what the endpoint serves (idempotent:
 * a retried event writes the same values). FAILED → the previous values stay and a notification
 * carries the reason. An IN_SERVICE event with a failure reason is a rolled-back update: it is
 * recorded (the endpoint still serves the old config) and notified.
 */
export async function recordEndpointStateChange(
  change: EndpointStateChange,
  deps: RecordDeploymentDependencies,
): Promise<RecordOutcome> {
  if (change.endpointName !== deps.endpointName) {
    return ignored(deps, change, `endpoint ${change.endpointName} is not ${deps.endpointName}`);
  }
  const status = normaliseStatus(change.status);
  if (status === 'FAILED') {
    const reason = change.failureReason ?? 'no failure reason was given';
    const packageId = change.endpointConfigName
      ? await deps.resolver.packageForEndpointConfig(change.endpointConfigName).catch(() => undefined)
      : undefined;
    await deps.notifier.notify(
      `Powercast deployment failed: ${change.endpointName}`,
      [
        `Endpoint ${change.endpointName} failed.`,
        `Endpoint config: ${change.endpointConfigName ?? 'unknown'}`,
        `Model package: ${packageId ?? 'unknown'}`,
        `Reason: ${reason}`,
        'The recorded deployment (last_deployed, current_endpoint) was left unchanged.',
      ].join('\n'),
    );
    deps.logger.log('error', 'endpoint deployment failed', {
      action: 'record-deployment',
      outcome: 'failed',
      endpointName: change.endpointName,
      packageId,
      reason,
    });
    return { kind: 'failure-notified', reason, ...(packageId ? { packageId } : {}) };
  }
  if (status !== 'IN_SERVICE') return ignored(deps, change, `status ${change.status} is not recorded`);
  if (!change.endpointConfigName) return ignored(deps, change, 'the event names no endpoint config');
  const packageId = await deps.resolver.packageForEndpointConfig(change.endpointConfigName);
  if (!packageId) return ignored(deps, change, `endpoint config ${change.endpointConfigName} serves no model package`);
  await recordInService({ packageId, endpointName: change.endpointName }, deps);
  if (change.failureReason) {
    await deps.notifier.notify(
      `Powercast deployment rolled back: ${change.endpointName}`,
      `The update of endpoint ${change.endpointName} failed and was rolled back; it still serves ${packageId}.\nReason: ${change.failureReason}`,
    );
  }
  deps.logger.log('info', 'deployment recorded', {
    action: 'record-deployment',
    outcome: 'recorded',
    endpointName: change.endpointName,
    packageId,
  });
  return {
    kind: 'recorded',
    packageId,
    endpointName: change.endpointName,
    ...(change.failureReason ? { updateFailure: change.failureReason } : {}),
  };
}

/** Writes the deployment record parameters; shared by the AWS event handler and the local deployer. */
export async function recordInService(
  deployed: { packageId: string; endpointName: string },
  deps: { parameters: ParameterStore; names: ParameterNames },
): Promise<void> {
  await deps.parameters.put(deps.names.lastDeployed, deployed.packageId);
  await deps.parameters.put(deps.names.currentEndpoint, deployed.endpointName);
}

/** `InService`, `IN_SERVICE`, `in-service` → `IN_SERVICE`. */
export function normaliseStatus(status: string): string {
  return status
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/[-\s]/g, '_')
    .toUpperCase();
}

function ignored(deps: RecordDeploymentDependencies, change: EndpointStateChange, why: string): RecordOutcome {
  deps.logger.log('info', 'endpoint event ignored', {
    action: 'record-deployment',
    outcome: 'ignored',
    endpointName: change.endpointName,
    why,
  });
  return { kind: 'ignored', why };
}
