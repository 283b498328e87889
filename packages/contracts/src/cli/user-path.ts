import { isAbsolute, resolve } from 'node:path';

/** Where a command runs: its environment and working directory (a `CliIo` has both). */
export interface CommandLocation {
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** True for `s3://…`, `file://…` and other URIs, which are never resolved as file paths. */
export function isUri(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
}

/** `path` from `baseDir`; absolute paths and URIs are returned unchanged. */
export function resolvePath(baseDir: string, path: string): string {
  if (isUri(path) || isAbsolute(path)) return path;
  return resolve(baseDir, path);
}

/**
 * The directory the user typed the command in. npm and npx record it in `INIT_CWD` before anything
 * (nx included) changes directory, so `npx nx run features:bench` still knows it although the
 * target runs in the project root. Two cases lose it: a package script that nx starts with
 * `npm run` (npm sets `INIT_CWD` again, to the project root) and nx started without npx (no
 * `INIT_CWD`). Inside an nx task the workspace root, where nx commands are typed, is then the best
 * answer. Elsewhere, without npm, it is the working directory.
 */
export function invocationDir(location: CommandLocation): string {
  const { env, cwd } = location;
  const initCwd = env['INIT_CWD'] || undefined;
  const nxWorkspaceRoot = env['NX_TASK_TARGET_PROJECT'] ? env['NX_WORKSPACE_ROOT'] || undefined : undefined;
  const lifecycle = env['npm_lifecycle_event'];
  const npmScript = lifecycle !== undefined && lifecycle !== 'npx';
  if (nxWorkspaceRoot !== undefined && (initCwd === undefined || npmScript)) return nxWorkspaceRoot;
  return initCwd ?? cwd;
}

/**
 * A path the user typed (a flag or an environment variable such as `POWERCAST_DATA_DIR`), resolved
 * against the directory they typed the command in, whichever directory the command then runs in.
 * Absolute paths and URIs are returned unchanged.
 */
export function resolveUserPath(path: string, location: CommandLocation): string {
  return resolvePath(invocationDir(location), path);
}
