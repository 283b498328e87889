import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveUserPath, type CommandLocation } from './user-path.js';
import { findWorkspaceRoot } from './workspace-root.js';

/**
 * Where tests and benchmarks read the real TEPCO/JMA files: `POWERCAST_DATA_DIR` (a relative value
 * from the directory the command was typed in), else `<workspace>/../shared/data` when it exists
 * (the Powercast workplace keeps the shared copy there), else undefined: there is no real data.
 */
export function realDataDir(location: CommandLocation): string | undefined {
  const typed = location.env['POWERCAST_DATA_DIR'];
  if (typed) return resolveUserPath(typed, location);
  const shared = join(findWorkspaceRoot(location.cwd), '..', 'shared', 'data');
  return existsSync(shared) ? shared : undefined;
}
