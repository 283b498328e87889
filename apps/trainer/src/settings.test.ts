import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, workspaceRoot } from '../test/cli.js';
import { loadSettings, resolveDataDir } from './settings.js';
import { findWorkspaceRoot, resolveFromRoot } from './workspace.js';

describe('paths resolve from the workspace root, whichever directory nx starts us in', () => {
  it('finds the workspace root from the project root and from the root itself', () => {
    expect(findWorkspaceRoot(projectRoot)).toBe(workspaceRoot);
    expect(findWorkspaceRoot(workspaceRoot)).toBe(workspaceRoot);
  });

  it('uses the start directory outside a workspace (the container)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-workspace-'));
    expect(findWorkspaceRoot(dir)).toBe(dir);
  });

  it('resolves the default store and data dir from the root, and leaves URIs alone', () => {
    const io = { out: () => undefined, err: () => undefined, env: {}, cwd: projectRoot };
    const settings = loadSettings(io, {});
    expect(settings.store.uri).toBe(join(workspaceRoot, '.powercast'));
    expect(resolveDataDir(settings.root, settings.config, undefined, {})).toBe(join(workspaceRoot, 'data', 'raw'));
    expect(resolveDataDir(settings.root, settings.config, undefined, { POWERCAST_DATA_DIR: '../shared/data' })).toBe(
      join(workspaceRoot, '..', 'shared', 'data'),
    );
    expect(resolveDataDir(settings.root, settings.config, 'x', { POWERCAST_DATA_DIR: '/elsewhere' })).toBe(
      join(workspaceRoot, 'x'),
    );
    expect(resolveFromRoot(workspaceRoot, 's3://bucket/prefix')).toBe('s3://bucket/prefix');
  });
});
