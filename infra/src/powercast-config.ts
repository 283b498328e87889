import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { CONFIG_FILE_NAME, loadConfig, parseConfig, type PowercastConfig } from '@powercast/aws-pipeline';
import { findWorkspaceRoot } from '@powercast/contracts/cli';

/** The workspace's `powercast.config.yaml`: the pipeline settings infra shares with the trainer. */
export const defaultPowercastConfigPath = join(
  findWorkspaceRoot(dirname(fileURLToPath(import.meta.url))),
  CONFIG_FILE_NAME,
);

/**
 * Reads the pipeline configuration (MSE threshold, instance types, …) with the loader of
 * @powercast/aws-pipeline, so infra and the trainer agree. A missing default file means all
 * defaults; a missing file that was asked for is an error.
 */
export function readPowercastConfig(path?: string): PowercastConfig {
  if (path !== undefined) return loadConfig(path);
  return existsSync(defaultPowercastConfigPath)
    ? loadConfig(defaultPowercastConfigPath)
    : parseConfig({}, defaultPowercastConfigPath);
}
