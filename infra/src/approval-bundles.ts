import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { approvalBundleFileName, approvalHandlerNames, type ApprovalHandlerName } from '@powercast/contracts';
import { findWorkspaceRoot } from '@powercast/contracts/cli';

/** Where `npx nx run approval:bundle` writes one zip per handler. */
export const defaultBundlesDir = join(
  findWorkspaceRoot(dirname(fileURLToPath(import.meta.url))),
  'apps',
  'approval',
  'dist',
  'bundles',
);

export const bundleCommand = 'npx nx run approval:bundle';

export class MissingBundleError extends Error {
  constructor(readonly missingPaths: readonly string[]) {
    super(
      `missing approval Lambda bundle${missingPaths.length > 1 ? 's' : ''}:\n${missingPaths.map((path) => `  ${path}`).join('\n')}\n` +
        `build them with \`${bundleCommand}\` (the infra:synth target runs it first), then synthesise again`,
    );
    this.name = 'MissingBundleError';
  }
}

/** Absolute path of every handler's zip; throws MissingBundleError naming all that are absent. */
export function resolveApprovalBundles(bundlesDir: string = defaultBundlesDir): Record<ApprovalHandlerName, string> {
  const paths = Object.fromEntries(
    approvalHandlerNames.map((fn) => [fn, join(resolve(bundlesDir), approvalBundleFileName(fn))]),
  ) as Record<ApprovalHandlerName, string>;
  const missing = Object.values(paths).filter((path) => !existsSync(path) || !statSync(path).isFile());
  if (missing.length > 0) throw new MissingBundleError(missing);
  return paths;
}
