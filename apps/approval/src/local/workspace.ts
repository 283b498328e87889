import { loadConfig, openArtifactStore, type ArtifactStore, type PowercastConfig } from '@powercast/aws-pipeline';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace root (relative paths in powercast.config.yaml resolve from it). */
export const workspaceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

export interface LocalContext {
  config: PowercastConfig;
  store: ArtifactStore;
}

/** Reads powercast.config.yaml at the workspace root and opens the store (`--store` wins over the config). */
export function openLocalContext(storeOverride?: string): LocalContext {
  const configPath = join(workspaceRoot, 'powercast.config.yaml');
  const config = existsSync(configPath) ? loadConfig(configPath) : loadConfig();
  const store = openArtifactStore(storeOverride ?? config.store, { baseDir: workspaceRoot });
  return { config, store };
}

/** `--name value` pairs and positional arguments. */
export function parseArgs(argv: string[]): { flags: Record<string, string>; positional: string[] } {
  const flags: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      const value = inline ?? argv[i + 1];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      flags[name] = value;
      if (inline === undefined) i += 1;
    } else {
      positional.push(arg);
    }
  }
  return { flags, positional };
}
