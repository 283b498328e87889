import { describe, expect, it } from 'vitest';

import { standInBundlesDir } from '../test/synthesized-stack.js';
import { MissingBundleError, resolveApprovalBundles } from './approval-bundles.js';

describe('resolveApprovalBundles', () => {
  it('returns the zip of every approval handler', () => {
    const dir = standInBundlesDir();
    expect(resolveApprovalBundles(dir)).toEqual({
      notifyApprover: `${dir}/notify-approver.zip`,
      decide: `${dir}/decide.zip`,
      deploy: `${dir}/deploy.zip`,
      recordDeployment: `${dir}/record-deployment.zip`,
    });
  });

  it('names every missing zip and the command that builds them', () => {
    const dir = standInBundlesDir(['notify-approver', 'decide']);
    let caught: unknown;
    try {
      resolveApprovalBundles(dir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MissingBundleError);
    const error = caught as MissingBundleError;
    expect(error.missingPaths).toEqual([`${dir}/deploy.zip`, `${dir}/record-deployment.zip`]);
    expect(error.message).toContain(`${dir}/deploy.zip`);
    expect(error.message).toContain('npx nx run approval:bundle');
  });
});
