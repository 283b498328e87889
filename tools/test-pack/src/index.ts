import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The root of the workspace this file sits in. */
export const WORKSPACE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * What an empty project needs in its package.json to install the packages: Arquero's dependency
 * `@uwdata/flechette` resolves to 2.7.0, which depends on `@uwdata/wk-geojson`, a package the npm
 * registry does not serve; 2.6.0 is the last release that installs (the workspace root pins the same).
 */
export const CONSUMER_OVERRIDES: Readonly<Record<string, string>> = { '@uwdata/flechette': '2.6.0' };

export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, unknown>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

export interface PackedPackage {
  name: string;
  /** Absolute path of the `.tgz`. */
  tarball: string;
  /** The tarball unpacked (its `package/` folder). */
  unpacked: string;
  /** Paths inside the tarball, relative to `package/`. */
  files: string[];
  /** The package.json inside the tarball. */
  manifest: PackageManifest;
}

interface WorkspacePackage {
  directory: string;
  manifest: PackageManifest;
}

/** The packages under packages/ (the ones that are published are those not marked private). */
export async function workspacePackages(): Promise<Map<string, WorkspacePackage>> {
  const root = path.join(WORKSPACE_ROOT, 'packages');
  const packages = new Map<string, WorkspacePackage>();
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const manifestFile = path.join(root, entry.name, 'package.json');
    if (!entry.isDirectory() || !existsSync(manifestFile)) continue;
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as PackageManifest;
    packages.set(manifest.name, { directory: path.join(root, entry.name), manifest });
  }
  return packages;
}

/** `name` and every workspace package it needs at run time (dependencies, not devDependencies). */
export function runtimeClosure(name: string, packages: ReadonlyMap<string, WorkspacePackage>): string[] {
  const closure: string[] = [];
  const visit = (current: string): void => {
    if (closure.includes(current)) return;
    closure.push(current);
    const manifest = packages.get(current)?.manifest;
    for (const dependency of Object.keys({ ...manifest?.dependencies, ...manifest?.peerDependencies })) {
      if (packages.has(dependency)) visit(dependency);
    }
  };
  visit(name);
  return closure;
}

/**
 * The environment of a child process that must behave as if started from a shell: without the
 * variables that the surrounding Nx task, npm script and Vitest worker set, which would otherwise
 * steer the nested `npm` and `nx` (e.g. NX_TASK_TARGET_PROJECT, npm_config_*, NODE_OPTIONS).
 */
export function shellEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(nx_|npm_|vitest|node_options$|node_env$)/i.test(key)),
  );
}

async function run(command: string, args: readonly string[], cwd: string): Promise<string> {
  const { stdout } = await execFileAsync(command, args, {
    cwd,
    env: shellEnvironment(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/**
 * A copy of the workspace as a fresh clone has it: the sources of every package under packages/,
 * no dist/, no Nx cache. Installed dependencies are linked, not copied, and
 * `node_modules/@powercast/*` points at the copied packages.
 */
export async function cleanCopy(target: string): Promise<string> {
  await mkdir(target, { recursive: true });
  const rootManifest = JSON.parse(await readFile(path.join(WORKSPACE_ROOT, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  await writeFile(
    path.join(target, 'package.json'),
    JSON.stringify({ ...rootManifest, workspaces: ['packages/*'] }, null, 2),
  );
  for (const file of ['nx.json', 'tsconfig.base.json', 'tools/nx', 'tools/package-check.mjs']) {
    await cp(path.join(WORKSPACE_ROOT, file), path.join(target, file), { recursive: true });
  }
  const skipped = new Set(['node_modules', 'dist', 'test-results', '.nx']);
  const packagesRoot = path.join(WORKSPACE_ROOT, 'packages');
  await cp(packagesRoot, path.join(target, 'packages'), {
    recursive: true,
    filter: (source) => !skipped.has(path.basename(source)),
  });

  const modules = path.join(target, 'node_modules');
  await mkdir(path.join(modules, '@powercast'), { recursive: true });
  for (const entry of await readdir(path.join(WORKSPACE_ROOT, 'node_modules'))) {
    if (entry === '@powercast' || (entry.startsWith('.') && entry !== '.bin')) continue;
    await symlink(path.join(WORKSPACE_ROOT, 'node_modules', entry), path.join(modules, entry));
  }
  for (const { directory, manifest } of (await workspacePackages()).values()) {
    const copied = path.join(target, 'packages', path.basename(directory));
    await symlink(copied, path.join(modules, manifest.name));
    // Versions that conflict with the hoisted ones live in the package's own node_modules.
    if (existsSync(path.join(directory, 'node_modules'))) {
      await symlink(path.join(directory, 'node_modules'), path.join(copied, 'node_modules'));
    }
  }
  return target;
}

function tarballName(manifest: PackageManifest): string {
  return `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`;
}

/**
 * `npm pack -w <name>` on a clean copy of the workspace in `work`, as on a fresh clone without a
 * build: each package's `prepack` has to build it. Packs `name` first, then the workspace packages
 * it depends on (an empty folder can only install it together with them).
 */
export async function packWithoutBuild(name: string, work: string): Promise<PackedPackage[]> {
  const packages = await workspacePackages();
  if (!packages.has(name)) throw new Error(`${name} is not a package under packages/`);
  const closure = runtimeClosure(name, packages);
  const copy = await cleanCopy(path.join(work, 'workspace'));
  const destination = path.join(work, 'tarballs');
  await mkdir(destination, { recursive: true });
  await run('npm', ['pack', ...closure.flatMap((n) => ['-w', n]), '--pack-destination', destination], copy);

  const packed: PackedPackage[] = [];
  for (const packageName of closure) {
    const tarball = path.join(destination, tarballName(packages.get(packageName)!.manifest));
    const into = path.join(work, 'unpacked', packageName);
    await mkdir(into, { recursive: true });
    await run('tar', ['-xzf', tarball, '-C', into], work);
    const unpacked = path.join(into, 'package');
    const files = (await readdir(unpacked, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(unpacked, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
      .sort();
    const manifest = JSON.parse(await readFile(path.join(unpacked, 'package.json'), 'utf8')) as PackageManifest;
    packed.push({ name: packageName, tarball, unpacked, files, manifest });
  }
  return packed;
}

/**
 * What a published tarball must not hold or lack: tests and fixtures, build state, a source map
 * whose sources are not in the tarball, a dependency pinned to one version.
 */
export async function tarballProblems(packed: PackedPackage): Promise<string[]> {
  const problems: string[] = [];
  const shipped = new Set(packed.files);
  for (const file of packed.files) {
    if (/\.test\.|(^|\/)__fixtures__\/|\.tsbuildinfo$/.test(file)) problems.push(`ships ${file}`);
    if (!file.endsWith('.map')) continue;
    const map = JSON.parse(await readFile(path.join(packed.unpacked, file), 'utf8')) as {
      sourceRoot?: string;
      sources: string[];
    };
    for (const source of map.sources) {
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), map.sourceRoot ?? '', source));
      if (!shipped.has(resolved)) problems.push(`${file} points at ${source}, which the tarball does not hold`);
    }
  }
  for (const [dependency, range] of Object.entries(packed.manifest.dependencies ?? {})) {
    if (!range.startsWith('^')) problems.push(`dependency ${dependency} is "${range}", not a ^ range`);
  }
  return problems;
}

/** Installs the tarballs into a new, otherwise empty project `directory` (npm registry for the rest). */
export async function installInEmptyFolder(packed: readonly PackedPackage[], directory: string): Promise<string> {
  await mkdir(directory, { recursive: true });
  const manifest = { name: 'consumer', private: true, type: 'module', overrides: CONSUMER_OVERRIDES };
  await writeFile(path.join(directory, 'package.json'), JSON.stringify(manifest, null, 2));
  await run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', ...packed.map((p) => p.tarball)],
    directory,
  );
  return directory;
}

/** Runs an ES module script with plain Node (no workspace conditions, no loaders) in `directory`. */
export async function runNode(directory: string, script: string): Promise<string> {
  return run(process.execPath, ['--input-type=module', '-e', script], directory);
}

/** Runs an installed bin of the project in `directory`. */
export async function runBin(directory: string, bin: string, args: readonly string[]): Promise<string> {
  return run(path.join(directory, 'node_modules', '.bin', bin), args, directory);
}

function isSourceOnly(target: unknown): boolean {
  return (
    typeof target === 'object' && target !== null && Object.keys(target).every((key) => key === '@powercast/source')
  );
}

/** Imports every entry point in the package's `exports` from plain Node: entry → its export names. */
export async function importEveryEntry(directory: string, packed: PackedPackage): Promise<Record<string, string[]>> {
  const exported = packed.manifest.exports ?? { '.': true };
  const entries = Object.keys(exported)
    .filter((subpath) => !subpath.endsWith('.json'))
    // A test-only entry (e.g. @powercast/data-loaders/testing) resolves under the source condition alone: not for consumers.
    .filter((subpath) => !isSourceOnly(exported[subpath]))
    .map((subpath) => (subpath === '.' ? packed.name : `${packed.name}/${subpath.slice(2)}`));
  const script = `const names = {};
for (const entry of ${JSON.stringify(entries)}) names[entry] = Object.keys(await import(entry)).sort();
console.log(JSON.stringify(names));`;
  return JSON.parse(await runNode(directory, script)) as Record<string, string[]>;
}

export { packedForTest, type PackTestSetup } from './packed-for-test.js';
