import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STEP_COMMAND } from '@powercast/aws-pipeline';
import { describe, expect, it } from 'vitest';
import { projectRoot, workspaceRoot } from '../test/cli.js';

// Docker is not available here: check that what the Dockerfile names exists and fits together.
const dockerfile = readFileSync(join(projectRoot, 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

describe('apps/trainer/Dockerfile', () => {
  it('builds on node:20-slim in both stages', () => {
    expect(instructions.filter((line) => line.startsWith('FROM'))).toEqual([
      'FROM node:20-slim AS build',
      'FROM node:20-slim',
    ]);
  });

  it('bundles an entry point that exists into the file the ENTRYPOINT runs, with the step subcommand', () => {
    const bundle = instructions.find((line) => line.includes('esbuild'))!;
    const entry = /esbuild (\S+)/.exec(bundle)![1]!;
    const outfile = /--outfile=(\S+)/.exec(bundle)![1]!;
    expect(existsSync(join(workspaceRoot, entry))).toBe(true);
    const entrypoint = JSON.parse(
      instructions.find((line) => line.startsWith('ENTRYPOINT'))!.slice('ENTRYPOINT'.length),
    ) as string[];
    expect(entrypoint).toEqual(['node', `/workspace/${outfile}`, 'step']);
    expect(readFileSync(join(workspaceRoot, entry), 'utf8')).toContain("import('./commands/step.js')");
  });

  it('builds every workspace package the trainer imports, each with a build script', () => {
    const trainer = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const workspaceDeps = Object.keys(trainer.dependencies).filter((name) => name.startsWith('@powercast/'));
    for (const name of workspaceDeps) {
      expect(dockerfile).toContain(`npm run build -w ${name}`);
      const manifest = join(workspaceRoot, 'packages', name.slice('@powercast/'.length), 'package.json');
      expect(
        (JSON.parse(readFileSync(manifest, 'utf8')) as { scripts: Record<string, string> }).scripts['build'],
      ).toBeDefined();
    }
  });

  it('copies only paths the build stage produces or the repo has', () => {
    for (const line of instructions.filter((candidate) => candidate.startsWith('COPY --from=build'))) {
      const sources = line.split(/\s+/).slice(2, -1);
      for (const source of sources) {
        const relative = source.replace('/workspace/', '');
        const built = relative.endsWith('/dist') || relative === 'node_modules';
        expect(built || existsSync(join(workspaceRoot, relative)), source).toBe(true);
      }
    }
  });

  it('installs the CJK font the charts need', async () => {
    const { CJK_FONT_APT_PACKAGE } = await import('@powercast/charts');
    expect(dockerfile).toContain(`apt-get install -y --no-install-recommends ${CJK_FONT_APT_PACKAGE}`);
  });

  it('offers every pipeline job command as a step', async () => {
    const { runCli } = await import('../test/cli.js');
    for (const command of Object.values(STEP_COMMAND)) {
      const result = await runCli(['step', command, '--malformed']);
      expect(result.code).toBe(2);
      expect(result.err).toContain('expected "--name value" pairs');
    }
  });
});
