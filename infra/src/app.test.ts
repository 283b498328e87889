import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { standInBundlesDir } from '../test/synthesized-stack.js';
import { MissingBundleError } from './approval-bundles.js';
import { synthesizeEnvironment } from './app.js';
import { resolveEnvironmentConfig } from './config/environment-config.js';

const outdir = mkdtempSync(join(tmpdir(), 'powercast-infra-app-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('synthesizeEnvironment', () => {
  it('writes the stack and copies every bundle into its assets', () => {
    const result = synthesizeEnvironment({
      config: resolveEnvironmentConfig('prod'),
      outdir,
      bundlesDir: standInBundlesDir(),
    });
    expect(result).toEqual({ stackName: 'powercast-prod', stackFile: `${outdir}/stacks/powercast-prod/cdk.tf.json` });
    const json = JSON.parse(readFileSync(result.stackFile, 'utf8'));
    const filenames = Object.values(json.resource.aws_lambda_function as Record<string, { filename: string }>).map(
      (fn) => fn.filename,
    );
    expect(filenames).toHaveLength(4);
    for (const filename of filenames) expect(existsSync(join(outdir, 'stacks', 'powercast-prod', filename))).toBe(true);
  });

  it('fails with MissingBundleError, before writing anything, when a bundle is missing', () => {
    const emptyOutdir = join(outdir, 'missing');
    expect(() =>
      synthesizeEnvironment({
        config: resolveEnvironmentConfig('dev'),
        outdir: emptyOutdir,
        bundlesDir: standInBundlesDir(['decide']),
      }),
    ).toThrow(MissingBundleError);
    expect(existsSync(emptyOutdir)).toBe(false);
  });
});
