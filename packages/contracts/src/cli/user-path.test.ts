import { describe, expect, it } from 'vitest';
import { invocationDir, isUri, resolvePath, resolveUserPath } from './user-path.js';

const root = '/repo';
const project = '/repo/packages/features';

describe('resolveUserPath: a typed path starts where the user typed the command', () => {
  it('uses INIT_CWD (set by npm and npx) over the directory the command runs in', () => {
    const location = { env: { INIT_CWD: root, npm_lifecycle_event: 'npx' }, cwd: project };
    expect(resolveUserPath('../shared/data', location)).toBe('/shared/data');
  });

  it('keeps INIT_CWD inside an nx task that nx started without npm (run-commands: bench, serve)', () => {
    const env = {
      INIT_CWD: '/repo/apps',
      npm_lifecycle_event: 'npx',
      NX_TASK_TARGET_PROJECT: 'features',
      NX_WORKSPACE_ROOT: root,
    };
    expect(resolveUserPath('../data', { env, cwd: project })).toBe('/repo/data');
  });

  it('falls back to the workspace root for a package script nx ran through npm (INIT_CWD is then the project)', () => {
    const env = {
      INIT_CWD: project,
      npm_lifecycle_event: 'test',
      NX_TASK_TARGET_PROJECT: 'features',
      NX_WORKSPACE_ROOT: root,
    };
    expect(resolveUserPath('../shared/data', { env, cwd: project })).toBe('/shared/data');
    expect(invocationDir({ env: { NX_TASK_TARGET_PROJECT: 'features', NX_WORKSPACE_ROOT: root }, cwd: project })).toBe(
      root,
    );
  });

  it('uses the working directory without npm or nx, and the project directory for `npm test` typed there', () => {
    expect(resolveUserPath('data', { env: {}, cwd: project })).toBe('/repo/packages/features/data');
    expect(resolveUserPath('data', { env: { INIT_CWD: project, npm_lifecycle_event: 'test' }, cwd: project })).toBe(
      '/repo/packages/features/data',
    );
  });

  it('leaves absolute paths and URIs alone', () => {
    const location = { env: { INIT_CWD: root }, cwd: project };
    expect(resolveUserPath('/abs/data', location)).toBe('/abs/data');
    expect(resolveUserPath('s3://bucket/prefix', location)).toBe('s3://bucket/prefix');
    expect(resolvePath(root, 'file:///tmp/store')).toBe('file:///tmp/store');
    expect(isUri('s3://b/p')).toBe(true);
    expect(isUri('data/raw')).toBe(false);
  });
});
