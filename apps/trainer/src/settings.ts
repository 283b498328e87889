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
import {
  findWorkspaceRoot,
  resolvePath,
  resolveUserPath,
  type CliIo,
  type CliOption,
  type CommandLocation,
} from '@powercast/contracts/cli';
import type { MonitoringConfig } from '@powercast/monitoring';
import { s3ClientFromEnv } from './s3-client.js';

/** The one rule for paths, in the --help of every command that takes them. */
export const PATH_NOTE =
  'A relative path you type resolves from the directory you run the command in; the defaults from the workspace root.';

/** An option that takes a value (the literal `type` keeps its parsed value a string). */
export type StringOption = CliOption & { type: 'string'; multiple?: false; value: string; description: string };

/** `--store`, with what the command uses it for. */
export function storeOption(use: string): StringOption {
  return { type: 'string', value: 'DIR|s3://…', description: `${use} (default: store of the config)` };
}

/** `--data-dir`; `use` says which subcommand reads it, where not every one does. */
export function dataDirOption(use = ''): StringOption {
  return {
    type: 'string',
    value: 'DIR|s3://…',
    description: `${use}the TEPCO/JMA files (default: $POWERCAST_DATA_DIR, else data_dir of the config)`,
  };
}

export const CONFIG_OPTION: StringOption = {
  type: 'string',
  value: 'FILE',
  description: 'pipeline settings (default: powercast.config.yaml)',
};

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

/**
 * Config (--config, else <root>/powercast.config.yaml), store (--store, else config.store) and registry.
 * A path the user typed resolves from the directory they typed the command in; a default (the config
 * file, the config's `store`) from the workspace root.
 */
export function loadSettings(io: CliIo, options: CommonOptions): Settings {
  const root = findWorkspaceRoot(io.cwd);
  const explicit = options.config !== undefined;
  const configPath =
    options.config === undefined ? resolvePath(root, CONFIG_FILE_NAME) : resolveUserPath(options.config, io);
  // loadConfig treats only an explicit path that is missing as an error.
  const config = loadConfig(explicit || existsSync(configPath) ? configPath : undefined);
  const s3Client = s3ClientFromEnv(io.env);
  const storeUri = options.store === undefined ? resolvePath(root, config.store) : resolveUserPath(options.store, io);
  const store = openArtifactStore(storeUri, { s3Client, baseDir: root });
  return { root, config, configPath, store, registry: new StoreModelRegistry(store, config.registry_group), s3Client };
}

/**
 * The accuracy thresholds, clear margins and windows: the `monitoring:` section of the same config
 * file, defaults without it. A bad value is a `MonitoringConfigError` (exit 2) naming the file and key.
 * Loaded on demand: only the daily job judges accuracy.
 */
export async function loadMonitoringConfig(
  settings: Pick<Settings, 'config' | 'configPath'>,
): Promise<MonitoringConfig> {
  const { parseMonitoringConfig } = await import('@powercast/monitoring');
  return parseMonitoringConfig(settings.config.monitoring, settings.configPath);
}

/**
 * --data-dir, else POWERCAST_DATA_DIR, else the config's data_dir (default data/raw). The flag and the
 * variable are the user's and resolve from the directory they ran the command in (`location`); the
 * config's value from the workspace root.
 */
export function resolveDataDir(
  root: string,
  config: PowercastConfig,
  flag: string | undefined,
  location: CommandLocation,
): string {
  const typed = flag ?? (location.env['POWERCAST_DATA_DIR'] || undefined);
  return typed === undefined ? resolvePath(root, config.data_dir) : resolveUserPath(typed, location);
}

/**
 * The data directory (`resolveDataDir`) when it looks usable; otherwise prints what to do about it
 * (`missingDataHelp`) and gives undefined, for the command to exit 2.
 */
export function usableDataDir(settings: Settings, flag: string | undefined, io: CliIo): string | undefined {
  const dataDir = resolveDataDir(settings.root, settings.config, flag, io);
  const help = missingDataHelp(dataDir);
  if (help === undefined) return dataDir;
  io.err(help);
  return undefined;
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
    `(a relative path resolves from the directory you run the command in; see ${join('apps', 'trainer', 'README.md')}).`,
  ].join('\n');
}
