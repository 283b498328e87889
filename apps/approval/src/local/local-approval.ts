import { localDecisionPorts, StoreModelRegistry, type ArtifactStore } from '@powercast/aws-pipeline';
import { localApprovalSecret } from '@powercast/aws-pipeline/approval';
import type { DecisionDependencies } from '../decision/decide-package.js';
import type { Logger } from '../log/logger.js';

export { localParameterNames } from '@powercast/aws-pipeline';

/**
 * The decide logic wired to a local (or S3) artifact store: registry, parameters, deployment record —
 * the same ports `trainer:models -- approve` decides and deploys with.
 */
export async function localDecisionDependencies(options: {
  store: ArtifactStore;
  group?: string;
  logger: Logger;
}): Promise<DecisionDependencies> {
  const ports = localDecisionPorts(options.store, new StoreModelRegistry(options.store, options.group));
  return {
    secret: await localApprovalSecret(options.store),
    registry: ports.registry,
    parameters: ports.parameters,
    deployer: ports.deployer,
    names: ports.names,
    logger: options.logger,
  };
}
