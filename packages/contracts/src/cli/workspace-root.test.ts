import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findWorkspaceRoot } from './workspace-root.js';

// Independent of the function under test: this file sits at packages/contracts/src/cli/.
const workspaceRoot = fileURLToPath(new URL('../../../..', import.meta.url)).replace(/\/$/, '');
const projectRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

describe('findWorkspaceRoot', () => {
  it('finds the workspace root from a project root, a source folder and the root itself', () => {
    expect(findWorkspaceRoot(projectRoot)).toBe(workspaceRoot);
    expect(findWorkspaceRoot(join(projectRoot, 'src', 'cli'))).toBe(workspaceRoot);
    expect(findWorkspaceRoot(workspaceRoot)).toBe(workspaceRoot);
  });

  it('uses the start directory outside a workspace (the container)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-workspace-'));
    expect(findWorkspaceRoot(dir)).toBe(dir);
  });

  it('skips package.json files that declare no workspaces, and unreadable ones', () => {
    const root = mkdtempSync(join(tmpdir(), 'workspace-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'root', workspaces: ['packages/*'] }));
    const project = join(root, 'packages', 'lib');
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'lib' }));
    writeFileSync(join(project, 'src', 'package.json'), '{ not json');
    expect(findWorkspaceRoot(join(project, 'src'))).toBe(root);
  });
});
