import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const cache = new Map<string, string>();

/**
 * A hash of the code a step runs: the sources (or, in a published install, the built files) of the
 * packages it uses plus this package's steps. Any edit there changes the step's cache key.
 */
export function codeVersionOf(packages: string[]): string {
  const key = packages.join(',');
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const hash = createHash('sha256');
  const roots = [dirname(fileURLToPath(import.meta.url)), ...packages.map((name) => packageCodeDir(name))];
  for (const root of roots) {
    for (const file of listCodeFiles(root)) {
      hash.update(`${file.slice(root.length)}\n`);
      hash.update(readFileSync(file));
    }
  }
  const version = hash.digest('hex').slice(0, 16);
  cache.set(key, version);
  return version;
}

function packageCodeDir(name: string): string {
  const root = dirname(require.resolve(`${name}/package.json`));
  return existsSync(join(root, 'src')) ? join(root, 'src') : join(root, 'dist');
}

function listCodeFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|json)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
