import { build } from 'esbuild';
import { zipSync } from 'fflate';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  approvalBundleFileName,
  approvalHandlerNames,
  approvalHandlers,
  type ApprovalHandlerStem,
} from '@powercast/contracts';

/**
 * One Lambda function per handler named in @powercast/contracts, built from `src/handlers/<stem>.ts`;
 * the zip holds `index.mjs`, so the Lambda handler is `index.handler`.
 */
export const lambdaHandlers = Object.fromEntries(
  approvalHandlerNames.map((handler) => [approvalHandlers[handler], `src/handlers/${approvalHandlers[handler]}.ts`]),
) as Record<ApprovalHandlerStem, string>;
export type LambdaHandlerName = ApprovalHandlerStem;

export interface BuiltBundle {
  name: LambdaHandlerName;
  zipPath: string;
  zipBytes: number;
  codeBytes: number;
  /** Source files esbuild put into the bundle (paths relative to the project root), sorted. */
  inputs: string[];
}

/** ESM bundles still meet CommonJS code inside dependencies that calls require() for Node built-ins. */
const requireShim =
  "import { createRequire as __powercastCreateRequire } from 'node:module';\nconst require = __powercastCreateRequire(import.meta.url);";

// Zip timestamps are DOS local time: a date built from local fields encodes the same everywhere.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
// Unix mode 0644 for a regular file, in the high 16 bits of the external attributes.
const FILE_ATTRIBUTES = (0o100644 << 16) >>> 0;

/**
 * Bundles each handler with esbuild (Node 20, ESM, AWS SDK included) and writes
 * `<outDir>/<name>.zip`. Same sources → same bytes: esbuild output is deterministic and the zip
 * has one entry with a fixed time, fixed attributes and a fixed compression level.
 */
export async function buildLambdaBundles(options: { projectRoot: string; outDir: string }): Promise<BuiltBundle[]> {
  await mkdir(options.outDir, { recursive: true });
  const built: BuiltBundle[] = [];
  const handlers = [...approvalHandlerNames].sort((a, b) => (approvalHandlers[a] < approvalHandlers[b] ? -1 : 1));
  for (const handler of handlers) {
    const name = approvalHandlers[handler];
    const result = await build({
      absWorkingDir: resolve(options.projectRoot),
      entryPoints: [lambdaHandlers[name]],
      outfile: 'index.mjs',
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      mainFields: ['module', 'main'],
      // Workspace packages are bundled from their TypeScript sources (no dependency on a prior
      // `build`); `@powercast/aws-pipeline/approval` keeps the pipeline and model code out.
      // Listing conditions drops esbuild's default "module" condition, so it is named again.
      conditions: ['@powercast/source', 'module'],
      banner: { js: requireShim },
      minifySyntax: true,
      minifyWhitespace: true,
      // Identifiers stay readable so stack traces in CloudWatch name real functions.
      minifyIdentifiers: false,
      legalComments: 'eof',
      charset: 'utf8',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.contents;
    if (!code) throw new Error(`esbuild produced no output for ${name}`);
    const zip = zipSync(
      { 'index.mjs': [code, { mtime: FIXED_MTIME, os: 3, attrs: FILE_ATTRIBUTES, level: 9 }] },
      { mtime: FIXED_MTIME },
    );
    const zipPath = join(options.outDir, approvalBundleFileName(handler));
    await writeFile(zipPath, zip);
    built.push({
      name,
      zipPath,
      zipBytes: zip.length,
      codeBytes: code.length,
      inputs: Object.keys(result.metafile.inputs).sort(),
    });
  }
  return built;
}
