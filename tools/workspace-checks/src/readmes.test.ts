import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { findWorkspaceRoot } from '@powercast/contracts/cli';
import { describe, expect, it } from 'vitest';
import { fenceProblems, machinePathProblems, relativeLinks } from './markdown.js';

const root = findWorkspaceRoot(import.meta.dirname);
const SKIPPED = new Set(['node_modules', '.git', '.nx', 'dist', 'test-results', 'cdktf.out', '.powercast', 'raw']);

function readmes(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : readmes(join(dir, entry.name));
    return /^README.*\.md$/i.test(entry.name) ? [join(dir, entry.name)] : [];
  });
}

const files = readmes(root).map((file) => ({ file, name: relative(root, file), text: readFileSync(file, 'utf8') }));

describe('the READMEs of the workspace', () => {
  it('include the root README and one per project', () => {
    const names = files.map((readme) => readme.name);
    expect(names).toContain('README.md');
    expect(names).toContain(join('apps', 'trainer', 'README.md'));
    expect(names).toContain(join('packages', 'data-loaders', 'README.md'));
  });

  it.each(files.map((readme) => [readme.name, readme] as const))('%s: every code fence closes', (_name, readme) => {
    expect(fenceProblems(readme.text)).toEqual([]);
  });

  it.each(files.map((readme) => [readme.name, readme] as const))('%s: names no machine path', (_name, readme) => {
    expect(machinePathProblems(readme.text)).toEqual([]);
  });

  it.each(files.map((readme) => [readme.name, readme] as const))(
    '%s: every relative link inside the workspace points at a file that exists',
    (_name, readme) => {
      const dead = relativeLinks(readme.text)
        .map((link) => ({ ...link, path: resolve(dirname(readme.file), link.target) }))
        .filter((link) => !relative(root, link.path).startsWith('..') && !existsSync(link.path));
      expect(dead.map((link) => `line ${link.line}: ${link.target}`)).toEqual([]);
    },
  );
});
