import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realDataDir } from './data-dir.js';

/** <tmp>/repo (a workspace) and, with `shared`, <tmp>/shared/data beside it. */
function workspace(shared: boolean): { repo: string; project: string; sharedData: string } {
  const base = mkdtempSync(join(tmpdir(), 'powercast-workplace-'));
  const repo = join(base, 'repo');
  const project = join(repo, 'packages', 'features');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'repo', workspaces: ['packages/*'] }));
  const sharedData = join(base, 'shared', 'data');
  if (shared) mkdirSync(sharedData, { recursive: true });
  return { repo, project, sharedData };
}

describe('realDataDir: where the tests find the real data', () => {
  it('finds <workspace>/../shared/data by itself when POWERCAST_DATA_DIR is unset', () => {
    const { project, sharedData } = workspace(true);
    expect(realDataDir({ env: {}, cwd: project })).toBe(sharedData);
  });

  it('is undefined (the real-data tests skip) when neither is there', () => {
    const { project } = workspace(false);
    expect(realDataDir({ env: {}, cwd: project })).toBeUndefined();
  });

  it('resolves a relative POWERCAST_DATA_DIR from where the command was typed, not from the project', () => {
    const { repo, project, sharedData } = workspace(false);
    const env = { POWERCAST_DATA_DIR: '../shared/data', INIT_CWD: repo, npm_lifecycle_event: 'npx' };
    expect(realDataDir({ env, cwd: project })).toBe(sharedData);
  });
});
