#!/usr/bin/env node
// Lints the tarball that `npm pack` would publish for the package in the current directory:
// publint (package.json fields against the packed files) and Are the Types Wrong (every export
// resolves to types and JavaScript for Node 16+ ESM and bundlers; the packages are ESM-only, so
// `require` and node10 resolution are not checked). Expects a built `dist/`; prints one line
// when both report nothing, their reports and a non-zero exit code otherwise.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { fileURLToPath } from 'node:url';

const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

const work = mkdtempSync(path.join(tmpdir(), 'powercast-package-check-'));
try {
  // --ignore-scripts: the `build` target ran before this one; prepack would build again.
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { encoding: 'utf8' }),
  );
  const tarball = path.join(work, packed.filename);
  // Test-only entries (e.g. @powercast/data-loaders/testing) resolve under the source condition alone: not for consumers.
  const exported = JSON.parse(readFileSync('package.json', 'utf8')).exports ?? {};
  const sourceOnly = Object.entries(exported)
    .filter(
      ([, target]) => typeof target === 'object' && Object.keys(target).every((key) => key === '@powercast/source'),
    )
    .map(([subpath]) => subpath);
  const exclude = sourceOnly.length === 0 ? [] : ['--exclude-entrypoints', ...sourceOnly];
  const checks = [
    ['publint', ['run', tarball, '--strict', '--level', 'suggestion']],
    ['attw', [tarball, '--profile', 'esm-only', '--no-definitely-typed', '--no-emoji', '--no-color', ...exclude]],
  ];
  let failed = false;
  for (const [name, args] of checks) {
    const result = spawnSync(bin(name), args, { encoding: 'utf8' });
    const report = `${result.stdout}${result.stderr}`;
    // publint exits 0 on suggestions; "All good!" is its only clean answer.
    const clean = result.status === 0 && (name !== 'publint' || report.includes('All good!'));
    if (!clean) {
      failed = true;
      process.stderr.write(`${packed.name}: ${name} found problems\n${report}\n`);
    }
  }
  if (failed) process.exitCode = 1;
  else console.log(`${packed.name}@${packed.version}: publint and attw report nothing (${packed.entryCount} files)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
