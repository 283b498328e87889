import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  CONFIG_FILE_NAME,
  StoreModelRegistry,
  loadConfig,
  openArtifactStore,
  type ArtifactStore,
  type PowercastConfig,
} from '@powercast/aws-pipeline';
import type { CliIo } from './cli-io.js';
import { s3ClientFromEnv } from './s3-client.js';
import { findWorkspaceRoot, resolveFromRoot } from './workspace.js';

export interface CommonOptions {
  config?: string;
  store?: string;
}

export interface Settings {
  root: string;
  config: PowercastConfig;
  configPath: string;
  store: ArtifactStore;
  registry: StoreModelRegistry;
  s3Client: S3Client;
}

/** Config (--config, else <root>/powercast.config.yaml), store (--store, else config.store) and registry. */
export function loadSettings(io: CliIo, options: CommonOptions): Settings {
  const root = findWorkspaceRoot(io.cwd);
  const explicit = options.config !== undefined;
  const configPath = resolveFromRoot(root, options.config ?? CONFIG_FILE_NAME);
  // loadConfig treats only an explicit path that is missing as an error.
  const config = loadConfig(explicit || existsSync(configPath) ? configPath : undefined);
  const s3Client = s3ClientFromEnv(io.env);
  const store = openArtifactStore(resolveFromRoot(root, options.store ?? config.store), { s3Client, baseDir: root });
  return { root, config, configPath, store, registry: new StoreModelRegistry(store, config.registry_group), s3Client };
}

/** --data-dir, else POWERCAST_DATA_DIR, else the config's data_dir (default data/raw); relative to the workspace root. */
export function resolveDataDir(
  root: string,
  config: PowercastConfig,
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): string {
  const chosen = flag ?? (env['POWERCAST_DATA_DIR'] || undefined) ?? config.data_dir;
  return resolveFromRoot(root, chosen);
}

/** Why a local data directory cannot be used, with what to do about it; undefined when it looks usable. */
export function missingDataHelp(dataDir: string): string | undefined {
  if (dataDir.startsWith('s3://')) return undefined;
  const empty = !existsSync(dataDir) || readdirSync(dataDir).filter((name) => !name.startsWith('.')).length === 0;
  if (!empty) return undefined;
  return [
    `No data in ${dataDir}${existsSync(dataDir) ? ' (the directory is empty)' : ' (the directory does not exist)'}.`,
    'Either fetch the public TEPCO/JMA files into it:',
    `  npx nx run data-loaders:fetch -- --from 2022-04 --to 2023-12 --dir ${dataDir}`,
    'or point the trainer at a folder that has them:',
    '  POWERCAST_DATA_DIR=/path/to/data npx nx run trainer:run     (or --data-dir /path/to/data)',
    `Expected layout: tepco/monthly/YYYYMM_power_usage.zip or tepco/yearly/juyo-YYYY.csv, jma/daily/*.csv`,
    `(relative paths resolve from the workspace root; see ${join('apps', 'trainer', 'README.md')}).`,
  ].join('\n');
}
