import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { CONFIG_FILE_NAME, loadConfig, parseConfig, type PowercastConfig } from '@powercast/aws-pipeline';

/** The workspace's `powercast.config.yaml`: the pipeline settings infra shares with the trainer. */
export const defaultPowercastConfigPath = resolve(fileURLToPath(new URL(`../../${CONFIG_FILE_NAME}`, import.meta.url)));

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
