import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/**
 * The workspace root: the nearest directory up from `start` whose package.json declares npm
 * workspaces. `nx run trainer:…` may start us in the workspace root or the project root; relative
 * paths (--data-dir, --store, --config, `.powercast/`) always resolve from the workspace root so both
 * behave the same. Outside a workspace (e.g. the container), the start directory is the root.
 */
export function findWorkspaceRoot(start: string = process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && hasWorkspaces(manifest)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}

function hasWorkspaces(manifest: string): boolean {
  try {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
    return parsed.workspaces !== undefined;
  } catch {
    return false;
  }
}

/** Resolves a path from the workspace root; URIs (s3://, file://) are returned unchanged. */
export function resolveFromRoot(root: string, path: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || isAbsolute(path)) return path;
  return resolve(root, path);
}
