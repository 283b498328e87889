import { recordDeployment, StoreModelRegistry, type ArtifactStore } from '@powercast/aws-pipeline';
import { localApprovalSecret } from '@powercast/aws-pipeline/approval';
import { parameterNames } from '@powercast/contracts';
import type { DecisionDependencies } from '../decision/decide-package.js';
import type { Logger } from '../log/logger.js';
import { LocalApprovalRegistry, LocalDeployer } from './local-adapters.js';
import { StoreParameterStore } from './store-parameters.js';

/** Parameter names of the local flow (`/power-forecasting/local/…`, stored in the artifact store). */
export const localParameterNames = parameterNames('local');

/** The decide logic wired to a local (or S3) artifact store: registry, parameters, deployment record. */
export async function localDecisionDependencies(options: {
  store: ArtifactStore;
  group?: string;
  logger: Logger;
}): Promise<DecisionDependencies> {
  const registry = new StoreModelRegistry(options.store, options.group);
  const parameters = new StoreParameterStore(options.store);
  return {
    secret: await localApprovalSecret(options.store),
    registry: new LocalApprovalRegistry(registry),
    parameters,
    deployer: new LocalDeployer(
      (version, group) => recordDeployment(options.store, registry, version, group),
      parameters,
      localParameterNames,
    ),
    names: localParameterNames,
    logger: options.logger,
  };
}
