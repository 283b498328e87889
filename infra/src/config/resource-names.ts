import { resourceNames as namesOf, type ResourceNames } from '@powercast/contracts';
import type { EnvironmentConfig } from './environment-config.js';

/** Every physical name of an environment: the naming rules are the contract in @powercast/contracts. */
export function resourceNames(config: EnvironmentConfig): ResourceNames {
  return namesOf({
    environment: config.environment,
    namePrefix: config.namePrefix,
    bucketName: config.storage.bucketName,
  });
}
