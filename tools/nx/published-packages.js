// Nx plugin: every package under packages/ that is not private is published, and gets a
// `publint` target that lints the packed tarball after `build` (tools/package-check.mjs).
// Inferred here so that a new published package is checked without per-package configuration.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** @type {import('nx/src/project-graph/plugins').CreateNodes} */
export const createNodes = [
  'packages/*/package.json',
  (packageJsonFiles, _options, context) =>
    packageJsonFiles.flatMap((file) => {
      const manifest = JSON.parse(readFileSync(path.join(context.workspaceRoot, file), 'utf8'));
      if (manifest.private === true) return [];
      const root = path.dirname(file);
      const publint = {
        command: 'node ../../tools/package-check.mjs',
        options: { cwd: root },
        dependsOn: ['build'],
        inputs: ['production', '^production', '{workspaceRoot}/tools/package-check.mjs'],
        cache: true,
        metadata: { description: 'publint and Are the Types Wrong on the tarball npm pack would publish' },
      };
      return [[file, { projects: { [root]: { targets: { publint } } } }]];
    }),
];
