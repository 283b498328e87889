import {
  CONFIG_FILE_NAME,
  loadConfig,
  openArtifactStore,
  type ArtifactStore,
  type PowercastConfig,
} from '@powercast/aws-pipeline';
import { findWorkspaceRoot, resolvePath, resolveUserPath, type CommandLocation } from '@powercast/contracts/cli';
import { existsSync } from 'node:fs';

export interface LocalContext {
  config: PowercastConfig;
  store: ArtifactStore;
}

/**
 * Reads powercast.config.yaml at the workspace root and opens the store. `--store` wins over the
 * config; a relative `--store` is the user's and resolves from where they typed the command, the
 * config's `store` from the workspace root (relative paths in powercast.config.yaml start there).
 */
export function openLocalContext(storeOverride: string | undefined, location: CommandLocation): LocalContext {
  const root = findWorkspaceRoot(location.cwd);
  const configPath = resolvePath(root, CONFIG_FILE_NAME);
  const config = existsSync(configPath) ? loadConfig(configPath) : loadConfig();
  const storeUri = storeOverride === undefined ? config.store : resolveUserPath(storeOverride, location);
  const store = openArtifactStore(storeUri, { baseDir: root });
  return { config, store };
}
