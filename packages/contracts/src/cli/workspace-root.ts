import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The workspace root: the nearest directory up from `start` whose package.json declares npm
 * workspaces. Nx starts a command in the workspace root or in the project root, and a project's
 * defaults (`powercast.config.yaml`, `.powercast/`, `data/raw`) live at the root either way.
 * Outside a workspace (an installed package, the container) the start directory is the root.
 */
export function findWorkspaceRoot(start: string = process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && declaresWorkspaces(manifest)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}

function declaresWorkspaces(manifest: string): boolean {
  try {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
    return parsed.workspaces !== undefined;
  } catch {
    return false;
  }
}
